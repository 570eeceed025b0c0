package dev.prism.index;

/**
 * What to index and how: the signal, its kind and dimension, and the HNSW build parameters.
 *
 * @param signal the indexed signal, e.g. {@code text_embedding@1} or {@code image_phash@1}
 * @param kind embeddings (cosine) or 64-bit hashes (Hamming)
 * @param dimension embedding length; 64 for hashes
 * @param maxConn HNSW M (see {@link #DEFAULT_MAX_CONN})
 * @param beamWidth HNSW construction beam width (see {@link #DEFAULT_BEAM_WIDTH})
 */
public record IndexSpec(String signal, IndexKind kind, int dimension, int maxConn, int beamWidth) {
  /**
   * HNSW M, neighbours kept per node per layer: Lucene's default, the usual setting for 100–1000-d
   * embeddings; recall@10 0.974 at 100k vectors (0.995 at 1M in 12 segments) with {@link NearDuplicateIndex#DEFAULT_SEARCH_BREADTH}
   * in the benchmark (NEARDUP.md). The graph takes about 36 bytes per vector on disk.
   */
  public static final int DEFAULT_MAX_CONN = 16;
  /**
   * HNSW construction beam width (efConstruction): Lucene's default. Higher builds a better graph
   * more slowly; 100 already reaches the recall target (≥ 0.95) at 100k in the benchmark.
   */
  public static final int DEFAULT_BEAM_WIDTH = 100;
  /** Lucene's limits on M and beam width. */
  public static final int MAX_MAX_CONN = 512;
  public static final int MAX_BEAM_WIDTH = 3200;

  public IndexSpec {
    if (signal == null || signal.isBlank()) {
      throw new IllegalArgumentException("the indexed signal must be named (e.g. text_embedding@1)");
    }
    if (kind == null) {
      throw new IllegalArgumentException("index kind must be given");
    }
    if (kind == IndexKind.HASH64 && dimension != Hashes.BITS) {
      throw new IllegalArgumentException("a HASH64 index has dimension " + Hashes.BITS + ", got " + dimension);
    }
    if (dimension < 1 || dimension > IndexManifest.MAX_DIMENSION) {
      throw new IllegalArgumentException("index dimension must be in [1, " + IndexManifest.MAX_DIMENSION + "], got "
          + dimension);
    }
    if (maxConn < 2 || maxConn > MAX_MAX_CONN) {
      throw new IllegalArgumentException("HNSW M must be in [2, " + MAX_MAX_CONN + "], got " + maxConn);
    }
    if (beamWidth < 1 || beamWidth > MAX_BEAM_WIDTH) {
      throw new IllegalArgumentException("HNSW beam width must be in [1, " + MAX_BEAM_WIDTH + "], got " + beamWidth);
    }
  }

  /** An embedding index with the default HNSW parameters. */
  public static IndexSpec embedding(String signal, int dimension) {
    return new IndexSpec(signal, IndexKind.EMBEDDING, dimension, DEFAULT_MAX_CONN, DEFAULT_BEAM_WIDTH);
  }

  /** A 64-bit hash index with the default HNSW parameters. */
  public static IndexSpec hash64(String signal) {
    return new IndexSpec(signal, IndexKind.HASH64, Hashes.BITS, DEFAULT_MAX_CONN, DEFAULT_BEAM_WIDTH);
  }

  public Metric metric() {
    return kind.metric();
  }
}
