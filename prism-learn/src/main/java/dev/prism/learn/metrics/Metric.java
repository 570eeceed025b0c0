package dev.prism.learn.metrics;

/**
 * The binary-classification metrics this module reports. Threshold metrics use the rule
 * "predict positive when score ≥ threshold". See {@link BinaryMetrics} for exact definitions.
 */
public enum Metric {
  ACCURACY("accuracy", true),
  PRECISION("precision", true),
  RECALL("recall", true),
  F1("f1", true),
  ROC_AUC("roc_auc", true),
  PR_AUC("pr_auc", true),
  LOG_LOSS("log_loss", false),
  BRIER("brier", false),
  /**
   * The plug-in ECE is biased upward (each bin's |mean(y) − mean(p)| adds its sampling noise), and a
   * bootstrap replicate adds that noise again, so the percentile interval sits above the estimate,
   * sometimes wholly; its interval is bias-corrected.
   */
  ECE("ece", false, IntervalMethod.BIAS_CORRECTED);

  private final String key;
  private final boolean higherIsBetter;
  private final IntervalMethod intervalMethod;

  Metric(String key, boolean higherIsBetter, IntervalMethod intervalMethod) {
    this.key = key;
    this.higherIsBetter = higherIsBetter;
    this.intervalMethod = intervalMethod;
  }

  Metric(String key, boolean higherIsBetter) {
    this(key, higherIsBetter, IntervalMethod.PERCENTILE);
  }

  /** Name used in JSON and reports. */
  public String key() {
    return key;
  }

  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /** How {@link Bootstrap} reads this metric's interval: percentile, or bias-corrected where the estimator is biased. */
  public IntervalMethod intervalMethod() {
    return intervalMethod;
  }

  public static Metric parse(String key) {
    for (Metric m : values()) {
      if (m.key.equals(key)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown metric '" + key + "'");
  }
}
