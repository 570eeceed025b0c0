package dev.prism.label.model;

/**
 * What a hard prediction is when two or more classes share the highest probability (for majority
 * vote: equal vote counts, including items on which every LF abstains; for the probabilistic models:
 * items whose votes carry no evidence either way, e.g. all abstain under a uniform class balance).
 * Classes whose probabilities differ by less than {@link ProbabilisticLabels#TIE_TOLERANCE} tie.
 */
public enum TieBreak {
  /** Predict {@link dev.prism.label.matrix.LabelMatrix#ABSTAIN}: the item stays unlabeled. */
  ABSTAIN,
  /**
   * Among the tied classes, the one the fitted model predicts most often on the data it was fit on
   * (its empirical class balance; ranks by predicted share, ties by class index). Deterministic and
   * label-free: with no evidence, guess the class the weak supervision says is most common.
   */
  FIT_MAJORITY,
  /**
   * Among the tied classes, the one with the highest class prior of the fitted model (its given,
   * valid-estimated or learned class balance; ties by class index).
   */
  PRIOR,
  /**
   * A pseudo-random tied class, a deterministic function of the seed and the item index (a
   * Monte-Carlo view of how much ties move a score; run several seeds).
   */
  RANDOM,
  /**
   * WRENCH's evaluation rule, the default: Snorkel's {@code probs_to_preds(tie_break_policy="random")},
   * which WRENCH's metrics call, picks {@code tied[int(sha1(str(i))) % len(tied)]} where {@code i} is
   * the item's row index in the split and {@code tied} the tied classes in increasing order. It is a
   * fixed hash, so a split always scores the same; reproducing it reproduces WRENCH's published
   * numbers (majority vote 84.00 on youtube and 77.33 on semeval test).
   */
  HASH
}
