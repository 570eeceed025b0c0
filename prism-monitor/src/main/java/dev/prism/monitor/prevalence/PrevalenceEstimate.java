package dev.prism.monitor.prevalence;

import java.util.List;

/**
 * A stratified prevalence estimate.
 *
 * @param prevalence Σ_h W_h p̂_h, W_h = N_h / N
 * @param standardError sqrt of Σ_h W_h² (1 − m_h/N_h) s_h² / m_h, s_h² = m_h p̂_h(1 − p̂_h)/(m_h − 1)
 * @param lower 95 % interval, Wilson on the Kish effective sample size (see {@link StratifiedEstimator})
 * @param upper its upper end
 * @param normalLower the plain normal interval p̂ ± 1.96·SE, clipped to [0, 1], for comparison
 * @param normalUpper its upper end
 * @param effectiveN p̂(1 − p̂)/SE², capped at the population size (the labelled count when SE = 0)
 * @param labelled items with a usable label
 * @param unlabelled sampled items without one (treated as missing at random within their stratum)
 */
public record PrevalenceEstimate(double prevalence, double standardError, double lower, double upper, double normalLower,
    double normalUpper, double effectiveN, int labelled, int unlabelled, List<StratumEstimate> strata) {

  /**
   * One stratum's share.
   *
   * @param population N_h
   * @param labelled m_h
   * @param positives y_h
   * @param weight W_h = N_h / N
   * @param share p̂_h = y_h / m_h (NaN when nothing was labelled)
   */
  public record StratumEstimate(int index, long population, int labelled, int positives, double weight, double share) {}
}
