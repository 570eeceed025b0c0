package dev.prism.monitor.drift;

import dev.prism.core.stats.ChiSquaredResult;
import dev.prism.core.stats.KsResult;
import dev.prism.core.stats.PsiResult;
import java.util.Map;

/** The drift statistics of one series, by the kind of its values. */
public sealed interface SeriesDrift {
  String series();

  /**
   * A probability, score or one feature.
   *
   * @param referenceQuantiles the reference's 0, 1, …, 100th percentiles (for the CDF plot)
   * @param windowQuantiles the window's
   */
  record Scalar(String series, int referenceN, int windowN, double referenceMean, double windowMean, PsiResult psi, KsResult ks,
      double js, double wasserstein, double[] referenceQuantiles, double[] windowQuantiles) implements SeriesDrift {}

  /**
   * A label signal's class counts and the chi-squared test of reference vs window.
   *
   * @param maxShareChange the largest |window share − reference share| over classes
   * @param maxShareClass the class it belongs to
   */
  record Label(String series, Map<String, Long> reference, Map<String, Long> window, ChiSquaredResult chiSquared,
      double maxShareChange, String maxShareClass) implements SeriesDrift {}

  /**
   * An embedding signal.
   *
   * @param meanShift ||mean_w − mean_r||₂ / sqrt(trace Σ_r): the mean's move in units of the reference's spread
   * @param meanDistance ||mean_w − mean_r||₂, raw
   * @param domainAuc held-out AUC of a logistic regression separating window from reference vectors
   * @param trainItems vectors it was trained on (both sides together)
   * @param testItems vectors the AUC was measured on
   */
  record Embedding(String series, int dim, int referenceN, int windowN, double meanShift, double meanDistance, double domainAuc,
      int trainItems, int testItems) implements SeriesDrift {}
}
