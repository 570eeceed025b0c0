package dev.prism.core.stats;

/**
 * Population stability index between a reference sample and a window sample of a scalar.
 *
 * <p>{@code PSI = Σ_i (w_i - r_i) · ln(w_i / r_i)} over bins whose edges are the reference's
 * quantiles ({@link Binning#quantileEdges}), {@code r_i}, {@code w_i} the bin shares. An empty bin
 * would make the logarithm infinite, so every share is floored at {@link #EPSILON} (10⁻⁴, i.e. one
 * item in ten thousand) before the sum — the common convention; it caps one empty bin's
 * contribution at about {@code r·ln(r/10⁻⁴)} instead of infinity. Rules of thumb: below 0.1 stable,
 * 0.1–0.2 a moderate shift, above 0.2 a significant one.
 */
public final class Psi {

  /** The floor applied to a bin share before the logarithm. */
  public static final double EPSILON = 1e-4;

  /** The default number of quantile bins. */
  public static final int DEFAULT_BINS = 10;

  private Psi() {}

  /** PSI over {@code bins} reference-quantile bins. */
  public static PsiResult of(double[] reference, double[] window, int bins) {
    double[] edges = Binning.quantileEdges(reference, bins);
    long[] r = Binning.counts(reference, edges);
    long[] w = Binning.counts(window, edges);
    return new PsiResult(fromCounts(r, w), edges, r, w);
  }

  /** PSI of two count vectors over the same bins. */
  public static double fromCounts(long[] reference, long[] window) {
    if (reference.length != window.length || reference.length == 0) {
      throw new IllegalArgumentException("count vectors differ in length or are empty: "
          + reference.length + " vs " + window.length);
    }
    double nr = sum(reference, "reference");
    double nw = sum(window, "window");
    double psi = 0;
    for (int i = 0; i < reference.length; i++) {
      double r = Math.max(reference[i] / nr, EPSILON);
      double w = Math.max(window[i] / nw, EPSILON);
      psi += (w - r) * Math.log(w / r);
    }
    return psi;
  }

  static double sum(long[] counts, String what) {
    long n = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] < 0) {
        throw new IllegalArgumentException(what + " count [" + i + "] = " + counts[i] + " is negative");
      }
      n += counts[i];
    }
    if (n == 0) {
      throw new IllegalArgumentException(what + " counts are all zero");
    }
    return n;
  }
}
