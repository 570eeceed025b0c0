package dev.prism.core.stats;

/**
 * First Wasserstein (earth mover's) distance between two empirical samples of a scalar:
 * {@code W1 = ∫ |F_a(x) - F_b(x)| dx}, in the samples' unit (scipy's {@code wasserstein_distance}).
 */
public final class Wasserstein {

  private Wasserstein() {}

  public static double distance(double[] a, double[] b) {
    double[] x = Samples.sortedFinite(a, "first sample");
    double[] y = Samples.sortedFinite(b, "second sample");
    int n = x.length;
    int m = y.length;
    int i = 0;
    int j = 0;
    double w = 0;
    double prev = Math.min(x[0], y[0]);
    // between consecutive points of the merged samples both CDFs are constant: add |Fa - Fb| · width
    while (i < n || j < m) {
      double v = j >= m || (i < n && x[i] <= y[j]) ? x[i] : y[j];
      w += Math.abs((double) i / n - (double) j / m) * (v - prev);
      while (i < n && x[i] == v) {
        i++;
      }
      while (j < m && y[j] == v) {
        j++;
      }
      prev = v;
    }
    return w;
  }
}
