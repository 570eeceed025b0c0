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
   * {@code image_phash@1} (64-bit DCT pHash), Hamming distance: 10 bits, the threshold calibrated on
   * the Kodak photographs and their edits (prism-models' HASHING.md: precision 1.000, recall 0.811;
   * a one-in-a-million false-match rate per pair under the fitted distribution of distinct images).
   */
  public static final int PHASH_MAX_HAMMING = 10;
  /** {@code image_dhash@1} (64-bit difference hash): 8 bits, calibrated the same way (precision 1.000, recall 0.742). */
  public static final int DHASH_MAX_HAMMING = 8;
  /**
   * {@code image_embedding@1} (MobileNetV2 pooled 1280-d, cosine distance): 0.08. Measured by
   * prism-models' {@code ImageEmbeddingNearDuplicateTest} on the 24 Kodak photographs x 7 edits: no
   * pair of different photographs closer than 0.097, recall of the edited copies 0.81 at 0.08 (0.85 at
   * 0.10 with one false pair). 24 photographs cannot pin down the tail: treat it as a starting point.
   */
  public static final double IMAGE_EMBEDDING_MAX_COSINE_DISTANCE = 0.08;

  private static final Map<String, Double> BY_SIGNAL_NAME = Map.of(
      "text_embedding", TEXT_EMBEDDING_MAX_COSINE_DISTANCE,
      "image_embedding", IMAGE_EMBEDDING_MAX_COSINE_DISTANCE,
      "image_phash", (double) PHASH_MAX_HAMMING,
      "image_dhash", (double) DHASH_MAX_HAMMING);

  private Thresholds() {}

  /** The default for a signal ({@code name} or {@code name@major}); empty when there is none. */
  public static OptionalDouble defaultFor(String signal) {
    int at = signal.indexOf('@');
    Double d = BY_SIGNAL_NAME.get(at < 0 ? signal : signal.substring(0, at));
    return d == null ? OptionalDouble.empty() : OptionalDouble.of(d);
  }
}
