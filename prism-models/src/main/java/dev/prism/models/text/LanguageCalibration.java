package dev.prism.models.text;

import java.util.List;

/**
 * Platt-style calibration of Lingua's evidence: the probability that the best language is right is
 * {@code sigmoid(intercept + margin * m + logLetters * ln(L) + marginLogLetters * m * ln(L))}, a
 * logistic regression fitted by maximum likelihood, where {@code m} is the relative distance
 * between the best and the runner-up log-likelihood (in (0, 1], 1 when only one language is left)
 * and {@code L} the number of letters.
 *
 * <p>Why these features: {@code m} is what decides Lingua's ranking; the same margin is stronger
 * evidence in a sentence than in one word, hence {@code ln(L)} and the interaction. They were
 * chosen among seven small feature sets (m; ln m; m + ln L; m + ln L + m ln L; with and without a
 * single-candidate indicator or sqrt m) by two-fold cross-validated log-loss within the
 * calibration split only, where this set was best in both accuracy modes (LANGID.md). With the
 * three slopes positive, as fitted, the map increases with both the margin and the length.
 */
public record LanguageCalibration(double intercept, double margin, double logLetters, double marginLogLetters) {
  /** Newton iterations are stopped when the largest step is below this. */
  static final double TOLERANCE = 1e-10;
  static final int MAX_ITERATIONS = 100;
  /**
   * A tiny L2 penalty on the slopes (not the intercept) keeps Newton's Hessian invertible when the
   * data are separable; at 1e-6 per sample it does not move the fit measurably.
   */
  static final double RIDGE = 1e-6;

  public LanguageCalibration {
    if (!Double.isFinite(intercept) || !Double.isFinite(margin) || !Double.isFinite(logLetters)
        || !Double.isFinite(marginLogLetters)) {
      throw new IllegalArgumentException("calibration coefficients must be finite, got "
          + intercept + ", " + margin + ", " + logLetters + ", " + marginLogLetters);
    }
  }

  /** One labelled observation: the detector's margin and letter count, and whether it was right. */
  public record Point(double margin, int letters, boolean correct) {
    public Point {
      if (!(margin >= 0 && margin <= 1)) {
        throw new IllegalArgumentException("margin must be in [0, 1], got " + margin);
      }
      if (letters < 1) {
        throw new IllegalArgumentException("letters must be >= 1, got " + letters);
      }
    }
  }

  static double[] features(double m, int letters) {
    double lnL = Math.log(Math.max(letters, 1));
    return new double[] {1.0, m, lnL, m * lnL};
  }

  /** Calibrated probability that the best language is right, given its margin and letter count. */
  public double probability(double m, int letters) {
    double[] x = features(m, letters);
    return sigmoid(intercept * x[0] + margin * x[1] + logLetters * x[2] + marginLogLetters * x[3]);
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1.0 / (1.0 + Math.exp(-z)) : Math.exp(z) / (1.0 + Math.exp(z));
  }

  /**
   * Maximum-likelihood fit by Newton's method (iteratively reweighted least squares) from zero.
   * Deterministic: the same points in the same order give the same coefficients.
   */
  public static LanguageCalibration fit(List<Point> points) {
    if (points.isEmpty()) {
      throw new IllegalArgumentException("cannot fit a calibration on no points");
    }
    int d = 4;
    double[] w = new double[d];
    for (int iter = 0; iter < MAX_ITERATIONS; iter++) {
      double[] grad = new double[d];
      double[][] hess = new double[d][d];
      for (Point p : points) {
        double[] x = features(p.margin(), p.letters());
        double z = 0;
        for (int j = 0; j < d; j++) {
          z += w[j] * x[j];
        }
        double q = sigmoid(z);
        double r = (p.correct() ? 1.0 : 0.0) - q;
        double s = q * (1 - q);
        for (int j = 0; j < d; j++) {
          grad[j] += r * x[j];
          for (int k = 0; k < d; k++) {
            hess[j][k] += s * x[j] * x[k];
          }
        }
      }
      double lambda = RIDGE * points.size();
      for (int j = 1; j < d; j++) {
        grad[j] -= lambda * w[j];
        hess[j][j] += lambda;
      }
      double[] step = solve(hess, grad);
      double max = 0;
      for (int j = 0; j < d; j++) {
        w[j] += step[j];
        max = Math.max(max, Math.abs(step[j]));
      }
      if (max < TOLERANCE) {
        break;
      }
    }
    return new LanguageCalibration(w[0], w[1], w[2], w[3]);
  }

  /** Solves A x = b for a small symmetric positive definite A (Gaussian elimination, partial pivoting). */
  static double[] solve(double[][] a0, double[] b0) {
    int n = b0.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = a0[i].clone();
    }
    double[] b = b0.clone();
    for (int c = 0; c < n; c++) {
      int piv = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
          piv = r;
        }
      }
      if (Math.abs(a[piv][c]) < 1e-300) {
        throw new IllegalStateException("singular system while fitting the calibration");
      }
      double[] tr = a[c];
      a[c] = a[piv];
      a[piv] = tr;
      double tb = b[c];
      b[c] = b[piv];
      b[piv] = tb;
      for (int r = c + 1; r < n; r++) {
        double f = a[r][c] / a[c][c];
        for (int k = c; k < n; k++) {
          a[r][k] -= f * a[c][k];
        }
        b[r] -= f * b[c];
      }
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = b[i];
      for (int k = i + 1; k < n; k++) {
        s -= a[i][k] * x[k];
      }
      x[i] = s / a[i][i];
    }
    return x;
  }

  /**
   * The abstention threshold that maximises (right labels - wrong labels) among the points whose
   * calibrated probability is at least the threshold, over the grid 0.00, 0.01, ..., 1.00 (the
   * smallest such threshold on ties). Under a calibrated map this lands near 0.5: a label is
   * emitted when it is more likely right than wrong.
   */
  public double chooseThreshold(List<Point> points) {
    double[] p = new double[points.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = probability(points.get(i).margin(), points.get(i).letters());
    }
    double bestT = 0;
    long best = Long.MIN_VALUE;
    for (int g = 0; g <= 100; g++) {
      double t = g / 100.0;
      long u = 0;
      for (int i = 0; i < p.length; i++) {
        if (p[i] >= t) {
          u += points.get(i).correct() ? 1 : -1;
        }
      }
      if (u > best) {
        best = u;
        bestT = t;
      }
    }
    return bestT;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "sigmoid(%.6f + %.6f m + %.6f ln(L) + %.6f m ln(L))",
        intercept, margin, logLetters, marginLogLetters);
  }
}
