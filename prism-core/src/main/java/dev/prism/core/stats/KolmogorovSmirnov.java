package dev.prism.core.stats;

/**
 * The two-sample Kolmogorov–Smirnov test: the largest gap between two empirical CDFs and its
 * asymptotic p-value from Kolmogorov's limit distribution,
 * {@code Q_KS(λ) = 2 Σ_{k≥1} (-1)^{k-1} e^{-2k²λ²}} at {@code λ = sqrt(n·m/(n+m)) · D}.
 *
 * <p>This is the large-sample limit (scipy's {@code scipy.special.kolmogorov}); scipy's
 * {@code ks_2samp} uses an exact small-sample distribution instead, which differs noticeably only
 * when both samples are small (tens of values). Monitoring windows hold hundreds to millions.
 */
public final class KolmogorovSmirnov {

  private KolmogorovSmirnov() {}

  public static KsResult twoSample(double[] a, double[] b) {
    double[] x = Samples.sortedFinite(a, "first sample");
    double[] y = Samples.sortedFinite(b, "second sample");
    int n = x.length;
    int m = y.length;
    int i = 0;
    int j = 0;
    double d = 0;
    // walk both sorted samples; after consuming every copy of the smallest pending value, compare CDFs
    while (i < n && j < m) {
      double v = Math.min(x[i], y[j]);
      while (i < n && x[i] == v) {
        i++;
      }
      while (j < m && y[j] == v) {
        j++;
      }
      d = Math.max(d, Math.abs((double) i / n - (double) j / m));
    }
    double en = (double) n * m / (n + m);
    return new KsResult(d, kolmogorovSurvival(Math.sqrt(en) * d), n, m);
  }

  /** {@code P(K > λ)} for Kolmogorov's limit distribution K. */
  public static double kolmogorovSurvival(double lambda) {
    if (lambda <= 0) {
      return 1.0;
    }
    if (lambda < 1.0) {
      // the alternating series converges slowly for small λ; use the CDF's theta-function form
      // P(K <= λ) = sqrt(2π)/λ Σ_{k≥1} e^{-(2k-1)²π²/(8λ²)}, which converges fast there
      double s = 0;
      for (int k = 1; k <= 50; k++) {
        s += Math.exp(-(2 * k - 1) * (2 * k - 1) * Math.PI * Math.PI / (8 * lambda * lambda));
      }
      return Math.min(1.0, Math.max(0.0, 1.0 - Math.sqrt(2 * Math.PI) / lambda * s));
    }
    double sum = 0;
    double sign = 1;
    for (int k = 1; k <= 100; k++) {
      double term = Math.exp(-2.0 * k * k * lambda * lambda);
      sum += sign * term;
      if (term < 1e-17 * Math.abs(sum)) {
        break;
      }
      sign = -sign;
    }
    return Math.min(1.0, Math.max(0.0, 2 * sum));
  }
}
