package dev.prism.learn.metrics;

/** How a bootstrap interval is read off the sorted replicates; see {@link Bootstrap}. */
public enum IntervalMethod {
  /** The replicates' quantiles at α/2 and 1 − α/2. Right when the estimator is about unbiased. */
  PERCENTILE("percentile", "percentile interval"),
  /**
   * Bias-corrected percentile (BC; Efron 1981, Efron &amp; Tibshirani 1993 §14.3 with acceleration
   * 0): the quantile levels are shifted by how far the point estimate sits from the replicates'
   * median, which undoes a bias of the estimator instead of doubling it.
   */
  BIAS_CORRECTED("bias_corrected", "bias-corrected percentile interval (BC, Efron 1981)");

  private final String key;
  private final String description;

  IntervalMethod(String key, String description) {
    this.key = key;
    this.description = description;
  }

  /** Name in JSON. */
  public String key() {
    return key;
  }

  /** Name for people. */
  public String description() {
    return description;
  }
}
