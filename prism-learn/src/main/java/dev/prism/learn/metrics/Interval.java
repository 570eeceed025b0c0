package dev.prism.learn.metrics;

/**
 * A point estimate with a bootstrap percentile interval.
 *
 * @param resamples bootstrap replicates in which the metric was defined (e.g. a replicate
 *     without positives has no ROC-AUC and is left out)
 */
public record Interval(double value, double low, double high, int resamples) {}
