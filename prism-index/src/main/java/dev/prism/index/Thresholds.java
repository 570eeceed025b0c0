package dev.prism.index;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * Default near-duplicate distance thresholds per signal: two items are joined by an edge when their
 * distance is at most this. A caller may always pass its own; a signal not listed here needs one.
 * Values and how each was chosen are in NEARDUP.md.
 */
public final class Thresholds {
  /**
   * {@code text_embedding@1} (MiniLM, cosine distance): 0.15, i.e. cosine ≥ 0.85. Chosen on real
   * YouTube comments with typo / case / punctuation / appended-word copies (prism-cli's
   * {@code NearDuplicatesCommandTest}): pair precision 0.95, recall 0.78; 0.10 gives 0.99 / 0.65 and
   * 0.20 gives 0.86 / 0.86 (NEARDUP.md).
   */
  public static final double TEXT_EMBEDDING_MAX_COSINE_DISTANCE = 0.15;
  /**
   * 64-bit perceptual hashes (pHash, dHash), Hamming distance: 10 of 64 bits, the usual
   * operating point for DCT pHash under re-encoding, resizing and small crops. Not calibrated here:
   * the image_phash evaluation reports its own threshold, which should replace this.
   */
  public static final int PERCEPTUAL_HASH_MAX_HAMMING = 10;
  /**
   * {@code image_embedding@1} (MobileNetV2 pooled 1280-d, cosine distance): 0.10, an
   * uncalibrated placeholder until image near-duplicates are evaluated; pass an explicit one for real decisions.
   */
  public static final double IMAGE_EMBEDDING_MAX_COSINE_DISTANCE = 0.10;

  private static final Map<String, Double> BY_SIGNAL_NAME = Map.of(
      "text_embedding", TEXT_EMBEDDING_MAX_COSINE_DISTANCE,
      "image_embedding", IMAGE_EMBEDDING_MAX_COSINE_DISTANCE,
      "image_phash", (double) PERCEPTUAL_HASH_MAX_HAMMING,
      "image_dhash", (double) PERCEPTUAL_HASH_MAX_HAMMING);

  private Thresholds() {}

  /** The default for a signal ({@code name} or {@code name@major}); empty when there is none. */
  public static OptionalDouble defaultFor(String signal) {
    int at = signal.indexOf('@');
    Double d = BY_SIGNAL_NAME.get(at < 0 ? signal : signal.substring(0, at));
    return d == null ? OptionalDouble.empty() : OptionalDouble.of(d);
  }
}
