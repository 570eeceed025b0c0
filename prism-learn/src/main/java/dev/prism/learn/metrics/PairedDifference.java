package dev.prism.learn.metrics;

/**
 * Metric of model B minus model A on the same items, with a paired bootstrap interval of the
 * difference and a two-sided bootstrap p-value: 2·min(share of replicates with diff ≤ 0, share
 * with diff ≥ 0), capped at 1 — a rough guide, not an exact test.
 */
public record PairedDifference(Metric metric, double a, double b, double diff, double low, double high, double pValue, int resamples) {

  /** B better than A (by the metric's direction) with the interval excluding 0. */
  public boolean bSignificantlyBetter() {
    return metric.higherIsBetter() ? low > 0 : high < 0;
  }

  public boolean bSignificantlyWorse() {
    return metric.higherIsBetter() ? high < 0 : low > 0;
  }
}
