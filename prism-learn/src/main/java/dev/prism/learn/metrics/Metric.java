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
  ECE("ece", false);

  private final String key;
  private final boolean higherIsBetter;

  Metric(String key, boolean higherIsBetter) {
    this.key = key;
    this.higherIsBetter = higherIsBetter;
  }

  /** Name used in JSON and reports. */
  public String key() {
    return key;
  }

  public boolean higherIsBetter() {
    return higherIsBetter;
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
