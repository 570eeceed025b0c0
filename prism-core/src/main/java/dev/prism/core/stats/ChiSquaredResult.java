package dev.prism.core.stats;

/**
 * A Pearson chi-squared test.
 *
 * @param statistic {@code Σ (O - E)² / E}
 * @param degreesOfFreedom the chi-squared distribution's degrees of freedom
 * @param pValue {@code P(χ²_dof ≥ statistic)}
 */
public record ChiSquaredResult(double statistic, int degreesOfFreedom, double pValue) {}
