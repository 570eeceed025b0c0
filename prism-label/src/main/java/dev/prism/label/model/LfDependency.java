package dev.prism.label.model;

/**
 * A pair of labeling functions that the conditional-independence assumption of the label models
 * does not fit.
 *
 * @param lfA index of the first LF (lfA < lfB)
 * @param lfB index of the second LF
 * @param kind {@link Kind#DUPLICATE}: identical votes on every item; {@link Kind#CORRELATED}: their
 *     co-votes deviate from what the fitted model predicts
 * @param residualCorrelation for CORRELATED, the largest |observed − model-implied| co-vote rate of
 *     any pair of their vote values, as a correlation (see the README); 1 for DUPLICATE
 * @param voteA the vote value of lfA in that strongest pair (or -1 for DUPLICATE)
 * @param voteB the vote value of lfB in that strongest pair (or -1 for DUPLICATE)
 */
public record LfDependency(int lfA, int lfB, Kind kind, double residualCorrelation, int voteA, int voteB) {
  public enum Kind {
    DUPLICATE,
    CORRELATED
  }
}
