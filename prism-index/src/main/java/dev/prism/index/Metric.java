package dev.prism.index;

/**
 * How distance is measured. Every distance is "smaller is closer" and {@code 0} for identical
 * values, so thresholds read the same way for every signal.
 */
public enum Metric {
  /**
   * Cosine distance {@code 1 - cos(a, b)} in [0, 2] on L2-normalised vectors; indexed with
   * Lucene's dot product, which equals the cosine when both vectors have unit length.
   */
  COSINE,
  /**
   * Hamming distance (number of differing bits, 0..64) between 64-bit hashes; indexed as 64-d byte
   * vectors of ±1 under squared Euclidean distance, which is exactly 4 × Hamming.
   */
  HAMMING
}
