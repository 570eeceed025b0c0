package dev.prism.core.stats;

/**
 * Jensen–Shannon divergence, base 2, between two distributions over the same bins:
 * {@code JS(P, Q) = ½ KL(P ‖ M) + ½ KL(Q ‖ M)} with {@code M = ½(P + Q)}. Bounded in [0, 1] in base
 * 2, symmetric, and finite even when a bin is empty on one side (no epsilon needed: {@code 0·log 0 = 0}).
 * This is the divergence, the square of scipy's {@code jensenshannon} distance.
 */
public final class JensenShannon {

  private JensenShannon() {}

  /** JS divergence of two count vectors over the same bins (each normalized to shares). */
  public static double fromCounts(long[] p, long[] q) {
    if (p.length != q.length || p.length == 0) {
      throw new IllegalArgumentException("count vectors differ in length or are empty: " + p.length + " vs " + q.length);
    }
    double np = Psi.sum(p, "first");
    double nq = Psi.sum(q, "second");
    double js = 0;
    for (int i = 0; i < p.length; i++) {
      double a = p[i] / np;
      double b = q[i] / nq;
      double m = 0.5 * (a + b);
      if (a > 0) {
        js += 0.5 * a * log2(a / m);
      }
      if (b > 0) {
        js += 0.5 * b * log2(b / m);
      }
    }
    // rounding can leave a tiny negative or a hair over 1
    return Math.min(1.0, Math.max(0.0, js));
  }

  /** JS divergence of two scalar samples over {@code bins} bins cut at the reference's quantiles. */
  public static double binned(double[] reference, double[] window, int bins) {
    double[] edges = Binning.quantileEdges(reference, bins);
    return fromCounts(Binning.counts(reference, edges), Binning.counts(window, edges));
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
