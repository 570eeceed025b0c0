package dev.prism.monitor.prevalence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stratified estimator of a prevalence with inverse-probability weights: each labelled item of
 * stratum h stands for N_h / m_h items of the population, so {@code p̂ = Σ_h W_h p̂_h}. Its variance
 * is the textbook stratified-sampling variance with the finite-population correction (Cochran,
 * Sampling Techniques, §5.3): {@code V = Σ_h W_h² (1 − m_h/N_h) s_h² / m_h}.
 *
 * <p>The 95 % interval is a Wilson score interval on the total with the Kish effective sample size
 * {@code n_eff = p̂(1 − p̂)/V} (capped at the population size N; the labelled count when V = 0). Why not the alternatives: the plain
 * normal interval {@code p̂ ± 1.96√V} is symmetric where the sampling distribution of a small
 * prevalence is skewed, and collapses to zero width when every sampled stratum is pure (all
 * negatives, common for rare classes), which no finite sample justifies; per-stratum Wilson
 * intervals do not combine into an interval for the weighted total. Wilson on n_eff keeps the
 * design's variance (weights and FPC) and the Wilson interval's behaviour near 0 and 1. (Dean &amp;
 * Pagano 2015 compare such intervals for survey proportions.) The normal interval is reported too.
 *
 * <p>A stratum where nothing was labelled cannot be estimated: that is an error naming it, not a
 * silent zero. A stratum with one label contributes its share with zero variance.
 */
public final class StratifiedEstimator {
  static final double Z = 1.959963984540054;

  private StratifiedEstimator() {}

  /**
   * @param labels item id → positive? for the labelled items (ids outside the sample are ignored)
   */
  public static PrevalenceEstimate estimate(SampleDesign design, Map<String, Boolean> labels) {
    double n = design.population();
    double p = 0;
    double v = 0;
    int labelled = 0;
    int unlabelled = 0;
    List<PrevalenceEstimate.StratumEstimate> per = new ArrayList<>();
    for (Stratum s : design.strata()) {
      if (s.population() == 0) {
        continue;
      }
      int m = 0;
      int y = 0;
      for (String id : s.sampled()) {
        Boolean b = labels.get(id);
        if (b == null) {
          unlabelled++;
          continue;
        }
        m++;
        y += b ? 1 : 0;
      }
      if (m == 0) {
        throw new IllegalArgumentException("stratum " + s.index() + " (scores " + s.lower() + " .. " + s.upper() + ", "
            + s.population() + " items) has no labelled item of its " + s.sampled().size() + " sampled: label some of them");
      }
      labelled += m;
      double w = s.population() / n;
      double ph = (double) y / m;
      p += w * ph;
      if (m > 1) {
        double s2 = m * ph * (1 - ph) / (m - 1);
        double fpc = 1 - (double) m / s.population();
        v += w * w * fpc * s2 / m;
      }
      per.add(new PrevalenceEstimate.StratumEstimate(s.index(), s.population(), m, y, w, ph));
    }
    double se = Math.sqrt(v);
    // capped at N, not at the labelled count: with a large sampling fraction the finite-population
    // correction legitimately makes the design worth more than as many independent draws
    double neff = v > 0 ? Math.min(n, p * (1 - p) / v) : labelled;
    double[] wilson = wilson(p, neff);
    return new PrevalenceEstimate(p, se, wilson[0], wilson[1], Math.max(0, p - Z * se), Math.min(1, p + Z * se), neff,
        labelled, unlabelled, per);
  }

  /** The Wilson score interval for proportion {@code p} observed on {@code n} (possibly fractional) trials. */
  static double[] wilson(double p, double n) {
    if (n <= 0) {
      return new double[] {0, 1};
    }
    double z2 = Z * Z;
    double denom = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denom;
    double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom;
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }
}
