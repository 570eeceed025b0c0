package dev.prism.learn.metrics;

/**
 * A point estimate with a bootstrap interval.
 *
 * @param resamples bootstrap replicates in which the metric was defined (e.g. a replicate
 *     without positives has no ROC-AUC and is left out)
 * @param method how the interval was read off the replicates
 */
public record Interval(double value, double low, double high, int resamples, IntervalMethod method) {}
