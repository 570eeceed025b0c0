package dev.prism.learn.calibrate;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits {@link Calibrator.Isotonic} with the pool-adjacent-violators algorithm (Ayer et al. 1955):
 * the non-decreasing step function minimising the weighted squared error to the targets.
 *
 * <p>Equal inputs are first merged into one point (weighted mean target), as scikit-learn does,
 * so the fitted function is well-defined at ties. The stored knots are the first and last input
 * of every pooled block, so linear interpolation between them reproduces the step function on
 * the training inputs and interpolates between blocks.
 */
public final class IsotonicRegression {
  private IsotonicRegression() {}

  public static Calibrator.Isotonic fit(double[] x, double[] y) {
    int n = x.length;
    if (n == 0 || y.length != n) {
      throw new IllegalArgumentException("isotonic regression needs equally many (>0) inputs and targets, got " + n + " and " + y.length);
    }
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(x[i]) || !(y[i] >= 0 && y[i] <= 1)) {
        throw new IllegalArgumentException("isotonic input " + i + " is (" + x[i] + ", " + y[i] + ")");
      }
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (p, q) -> Double.compare(x[p], x[q]));
    // merge ties
    List<double[]> pts = new ArrayList<>(); // {x, sumWY, sumW}
    for (int r = 0; r < n; r++) {
      int i = idx[r];
      if (!pts.isEmpty() && pts.get(pts.size() - 1)[0] == x[i]) {
        double[] last = pts.get(pts.size() - 1);
        last[1] += y[i];
        last[2] += 1;
      } else {
        pts.add(new double[] {x[i], y[i], 1});
      }
    }
    // PAV over the merged points: blocks {sumWY, sumW, firstPoint, lastPoint}
    int m = pts.size();
    double[] bSum = new double[m];
    double[] bW = new double[m];
    int[] bFirst = new int[m];
    int[] bLast = new int[m];
    int top = -1;
    for (int j = 0; j < m; j++) {
      top++;
      bSum[top] = pts.get(j)[1];
      bW[top] = pts.get(j)[2];
      bFirst[top] = j;
      bLast[top] = j;
      while (top > 0 && bSum[top - 1] / bW[top - 1] > bSum[top] / bW[top]) {
        bSum[top - 1] += bSum[top];
        bW[top - 1] += bW[top];
        bLast[top - 1] = bLast[top];
        top--;
      }
    }
    List<double[]> knots = new ArrayList<>();
    for (int b = 0; b <= top; b++) {
      double v = Math.min(1, Math.max(0, bSum[b] / bW[b]));
      knots.add(new double[] {pts.get(bFirst[b])[0], v});
      if (bLast[b] != bFirst[b]) {
        knots.add(new double[] {pts.get(bLast[b])[0], v});
      }
    }
    double[] kx = new double[knots.size()];
    double[] ky = new double[knots.size()];
    for (int i = 0; i < kx.length; i++) {
      kx[i] = knots.get(i)[0];
      ky[i] = knots.get(i)[1];
    }
    return new Calibrator.Isotonic(kx, ky);
  }
}
