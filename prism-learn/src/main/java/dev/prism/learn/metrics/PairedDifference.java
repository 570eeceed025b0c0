package dev.prism.learn.metrics;

/**
 * A metric of <i>this</i> model (the one evaluated) minus the same metric of the <i>other</i> model
 * (the one it is compared against), on the same items: {@code diff = thisValue − otherValue}, so a
 * positive accuracy difference means this model is more accurate. With a paired bootstrap interval
 * of the difference (read by the metric's {@link Metric#intervalMethod()}) and a two-sided
 * bootstrap p-value: 2·min(share of replicates with diff ≤ 0, share with diff ≥ 0), capped at 1 — a
 * rough guide, not an exact test.
 */
public record PairedDifference(Metric metric, double thisValue, double otherValue, double diff, double low, double high, double pValue,
    int resamples, IntervalMethod method) {

  /** This model better than the other (by the metric's direction), with the interval excluding 0. */
  public boolean thisSignificantlyBetter() {
    return metric.higherIsBetter() ? low > 0 : high < 0;
  }

  /** This model worse than the other, with the interval excluding 0. */
  public boolean thisSignificantlyWorse() {
    return metric.higherIsBetter() ? high < 0 : low > 0;
  }
}
