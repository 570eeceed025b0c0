package dev.prism.label.model;

/**
 * What a hard prediction is when two or more classes share the highest probability (for majority
 * vote: equal vote counts, including items on which every LF abstains; for the probabilistic models:
 * items whose votes carry no evidence either way, e.g. all abstain under a uniform class balance).
 */
public enum TieBreak {
  /** Predict {@link dev.prism.label.matrix.LabelMatrix#ABSTAIN}: the item stays unlabeled. */
  ABSTAIN,
  /**
   * Among the tied classes, the one the fitted model predicts most often on the data it was fit on
   * (its empirical class balance; ranks by predicted share, ties by class index). Deterministic and
   * label-free: with no evidence, guess the class the weak supervision says is most common. The
   * default for reports.
   */
  FIT_MAJORITY,
  /**
   * A pseudo-random tied class, a deterministic function of the seed and the item index (the
   * Snorkel tutorial scores with {@code tie_break_policy="random"}; use this to compare with it).
   */
  RANDOM
}
