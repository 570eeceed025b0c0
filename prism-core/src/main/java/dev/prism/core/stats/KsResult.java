package dev.prism.core.stats;

/**
 * A two-sample Kolmogorov–Smirnov test.
 *
 * @param statistic {@code D = sup |F_a(x) - F_b(x)|}, in [0, 1]
 * @param pValue the asymptotic two-sided p-value {@code Q_KS(sqrt(n·m/(n+m)) · D)}
 * @param n size of the first sample
 * @param m size of the second sample
 */
public record KsResult(double statistic, double pValue, int n, int m) {}
