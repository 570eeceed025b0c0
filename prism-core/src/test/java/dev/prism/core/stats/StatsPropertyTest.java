package dev.prism.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Randomized (seeded) properties checked against independent brute-force definitions: KS against
 * the CDF gap at every sample point, Wasserstein against a fine Riemann sum of |F_a - F_b|, AUC
 * against the O(n·m) pair count; plus symmetry/ranges, and the null calibration of the chi-squared
 * p-value (about 5 % of tests on same-distribution samples reject at 0.05).
 */
class StatsPropertyTest {

  private static double cdf(double[] s, double x) {
    int c = 0;
    for (double v : s) {
      c += v <= x ? 1 : 0;
    }
    return (double) c / s.length;
  }

  private static double[] sample(Random r, int n, boolean discrete) {
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = discrete ? r.nextInt(6) : r.nextGaussian() * (1 + r.nextInt(3));
    }
    return s;
  }

  @Test
  void ksWassersteinAucAgreeWithBruteForce() {
    Random r = new Random(42);
    for (int trial = 0; trial < 200; trial++) {
      boolean discrete = trial % 2 == 0;
      double[] a = sample(r, 1 + r.nextInt(40), discrete);
      double[] b = sample(r, 1 + r.nextInt(40), discrete);
      double d = 0;
      double lo = Double.MAX_VALUE;
      double hi = -Double.MAX_VALUE;
      for (double[] s : new double[][] {a, b}) {
        for (double x : s) {
          d = Math.max(d, Math.abs(cdf(a, x) - cdf(b, x)));
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
        }
      }
      KsResult ks = KolmogorovSmirnov.twoSample(a, b);
      assertThat(ks.statistic()).isCloseTo(d, within(1e-12));
      assertThat(ks.pValue()).isBetween(0.0, 1.0);
      assertThat(KolmogorovSmirnov.twoSample(b, a).statistic()).isCloseTo(d, within(1e-12));

      // Riemann sum with 20000 midpoint steps: the CDFs are step functions, so the error is at most
      // (number of jumps) · step width
      int steps = 20_000;
      double width = (hi - lo) / steps;
      double w = 0;
      for (int k = 0; k < steps; k++) {
        double x = lo + (k + 0.5) * width;
        w += Math.abs(cdf(a, x) - cdf(b, x)) * width;
      }
      assertThat(Wasserstein.distance(a, b)).isCloseTo(w, within((a.length + b.length) * width + 1e-12));

      double pairs = 0;
      for (double p : a) {
        for (double q : b) {
          pairs += p > q ? 1 : p == q ? 0.5 : 0;
        }
      }
      assertThat(RocAuc.of(a, b)).isCloseTo(pairs / (a.length * b.length), within(1e-12));
      assertThat(RocAuc.of(a, b) + RocAuc.of(b, a)).isCloseTo(1.0, within(1e-12));

      if (a.length >= 2) {
        double js = JensenShannon.binned(a, b, 5);
        assertThat(js).isBetween(0.0, 1.0);
        assertThat(Psi.of(a, b, 5).psi()).isGreaterThanOrEqualTo(0.0);
      }
    }
  }

  @Test
  void chiSquaredPValueIsCalibratedUnderTheNull() {
    Random r = new Random(11);
    int rejections = 0;
    int runs = 1000;
    double[] shares = {0.5, 0.3, 0.15, 0.05};
    for (int run = 0; run < runs; run++) {
      long[][] t = new long[2][4];
      for (int row = 0; row < 2; row++) {
        for (int i = 0; i < 400; i++) {
          double u = r.nextDouble();
          int c = u < 0.5 ? 0 : u < 0.8 ? 1 : u < 0.95 ? 2 : 3;
          t[row][c]++;
        }
      }
      if (ChiSquared.contingency(t).pValue() < 0.05) {
        rejections++;
      }
      assertThat(ChiSquared.goodnessOfFit(t[0], shares).pValue()).isBetween(0.0, 1.0);
    }
    // binomial(1000, 0.05): mean 50, sd 6.9; a miscalibrated p-value (e.g. wrong dof) lands far outside
    assertThat(rejections).isBetween(28, 75);
  }
}
