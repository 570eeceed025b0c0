package dev.prism.monitor.drift;

import java.util.Locale;

/**
 * A thresholded statistic: its name in configuration and reports, and whether a value above the
 * threshold ({@code HIGHER_IS_WORSE}) or the significance gate decides a breach.
 */
public enum Statistic {
  /** Population stability index of a scalar over reference-quantile bins. */
  PSI,
  /** Two-sample KS statistic D (a breach also needs p &lt; monitor.alpha). */
  KS,
  /** Jensen–Shannon divergence (base 2) of a scalar over the same bins. */
  JS,
  /** Wasserstein-1 distance, in the value's unit. */
  WASSERSTEIN,
  /** Largest absolute change of one class's share (a breach also needs the chi-squared p &lt; monitor.alpha). */
  SHARE_CHANGE,
  /** Embedding mean shift, ||mean_w − mean_r|| / sqrt(trace of the reference covariance). */
  MEAN_SHIFT,
  /** Held-out AUC of a classifier telling window embeddings from reference ones (0.5 = indistinguishable). */
  DOMAIN_AUC,
  /** Coverage (share of rows with a value) lost: reference − window. */
  COVERAGE_DROP,
  /** Error rate gained: window − reference. */
  ERROR_RATE,
  /** Window latency p99 in milliseconds. */
  LATENCY_P99_MS;

  /** The configuration name: lower snake case ({@code domain_auc}). */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Statistic parse(String key) {
    for (Statistic s : values()) {
      if (s.key().equals(key.strip())) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown statistic '" + key + "'; known: "
        + java.util.Arrays.stream(values()).map(Statistic::key).toList());
  }
}
