package dev.prism.learn.data;

import java.util.Locale;

/** Which labels to train on. */
public enum LabelMode {
  /** The {@code label} field, one-hot. */
  HARD,
  /** The {@code soft_label} field (a label model's distribution). */
  SOFT,
  /**
   * The {@code soft_label}'s most probable class, one-hot; items whose soft label has a tie for
   * the top class are left out (the label model abstained). This is how the Snorkel tutorial
   * trains its end model from label-model output.
   */
  SOFT_ARGMAX,
  /** {@code soft_label} where present, else {@code label}. */
  AUTO;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static LabelMode parse(String s) {
    for (LabelMode m : values()) {
      if (m.key().equals(s)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown label mode '" + s + "' (known: hard, soft, soft_argmax, auto)");
  }
}
