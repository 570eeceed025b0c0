package dev.prism.label.model;

import dev.prism.label.matrix.LabelMatrix;

/** A label model fit on one label matrix, applicable to any matrix with the same LFs and classes. */
public interface FittedLabelModel {

  /** Short model name for reports: {@code mv}, {@code ds}, {@code generative}. */
  String name();

  int k();

  int m();

  /** n × k class probabilities for every item of {@code labels}. */
  ProbabilisticLabels predictProba(LabelMatrix labels);

  /**
   * Classes ordered by how often this model predicts them on the data it was fit on, most often
   * first (used by {@link TieBreak#FIT_MAJORITY}).
   */
  int[] classRank();

  /**
   * The class prior P(Y = c) this model predicts with (given, estimated from valid, learned, or for
   * majority vote the share of its untied predictions on the fit data); used by {@link
   * TieBreak#PRIOR} and reported.
   */
  double[] classPrior();

  /** Hard labels; see {@link TieBreak}. */
  default int[] predict(LabelMatrix labels, TieBreak tieBreak, long seed) {
    int[] rank = tieBreak == TieBreak.PRIOR ? ClassConditionalModel.rankByShare(classPrior()) : classRank();
    return predictProba(labels).predict(tieBreak, rank, seed);
  }

  /** Throws when {@code labels} does not have this model's LF count and class count. */
  default void checkCompatible(LabelMatrix labels) {
    if (labels.m() != m() || labels.k() != k()) {
      throw new IllegalArgumentException(
          name() + " model was fit on " + m() + " LFs and " + k() + " classes, got a matrix with "
              + labels.m() + " LFs and " + labels.k() + " classes");
    }
  }
}
