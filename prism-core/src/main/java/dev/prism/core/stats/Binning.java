package dev.prism.core.stats;

import java.util.Arrays;

/**
 * Bins for comparing two samples of a scalar: edges taken from the reference sample's quantiles, so
 * each bin holds about the same share of the reference, and counts of any sample against those edges.
 *
 * <p>Edges are the interior cut points: {@code k} edges make {@code k + 1} bins, bin {@code i}
 * holding {@code edges[i-1] < x <= edges[i]} (first bin unbounded below, last unbounded above), so a
 * window value outside the reference's range still lands in an end bin. Tied quantiles (a reference
 * with few distinct values, such as a probability that is often exactly 0) collapse into one edge,
 * so fewer bins than asked may result; a constant reference gives one edge and two bins.
 */
public final class Binning {

  private Binning() {}

  /**
   * Interior edges at the reference's {@code i / bins} quantiles ({@code i = 1 .. bins-1}), with
   * type-7 (linear) interpolation as numpy's default {@code quantile}, duplicates removed.
   */
  public static double[] quantileEdges(double[] reference, int bins) {
    if (bins < 2) {
      throw new IllegalArgumentException("bins = " + bins + ": need at least 2");
    }
    double[] s = Samples.sortedFinite(reference, "reference");
    double[] edges = new double[bins - 1];
    int k = 0;
    for (int i = 1; i < bins; i++) {
      double q = quantileSorted(s, (double) i / bins);
      if (k == 0 || q > edges[k - 1]) {
        edges[k++] = q;
      }
    }
    return Arrays.copyOf(edges, k);
  }

  /** Counts of {@code values} per bin of {@code edges} (length {@code edges.length + 1}). */
  public static long[] counts(double[] values, double[] edges) {
    Samples.checkFinite(values, "values");
    long[] c = new long[edges.length + 1];
    for (double v : values) {
      // binarySearch gives the insertion point of v; a value equal to an edge belongs to the bin below it
      int i = Arrays.binarySearch(edges, v);
      int bin = i >= 0 ? i : -i - 1;
      c[bin]++;
    }
    return c;
  }

  /** The {@code p}-quantile (0..1) of a sorted sample, linear interpolation between order statistics. */
  public static double quantileSorted(double[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("quantile of an empty sample");
    }
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("quantile p = " + p + " is outside [0, 1]");
    }
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
