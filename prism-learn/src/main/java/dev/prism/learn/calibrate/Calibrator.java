package dev.prism.learn.calibrate;

import dev.prism.learn.model.MathUtil;
import java.util.Arrays;

/**
 * A monotone map from a head's probability for one class to a calibrated probability. Fitted on
 * the validation split, after the head (see {@link Calibration}).
 */
public sealed interface Calibrator {

  /** Probabilities are clipped to [EPS, 1 - EPS] before taking the logit. */
  double LOGIT_EPS = 1e-12;

  String method();

  double apply(double p);

  /** Leaves probabilities unchanged. */
  record Identity() implements Calibrator {
    @Override
    public String method() {
      return "none";
    }

    @Override
    public double apply(double p) {
      return p;
    }
  }

  /**
   * Platt scaling (Platt 1999): p' = sigmoid(a · logit(p) + b). Applied to the head's probability
   * through its logit, which for logistic regression is the head's own decision value.
   */
  record Platt(double a, double b) implements Calibrator {
    public Platt {
      if (!Double.isFinite(a) || !Double.isFinite(b)) {
        throw new IllegalArgumentException("Platt parameters must be finite, got a=" + a + ", b=" + b);
      }
    }

    @Override
    public String method() {
      return "platt";
    }

    @Override
    public double apply(double p) {
      return MathUtil.sigmoid(a * MathUtil.logit(p, LOGIT_EPS) + b);
    }
  }

  /**
   * Isotonic regression (pool-adjacent-violators) as a piecewise-linear function through the
   * points (x[i], y[i]): x strictly increasing, y non-decreasing in [0, 1]. Inputs below x[0] or
   * above x[last] are clipped to the end values (scikit-learn's {@code out_of_bounds="clip"}).
   */
  record Isotonic(double[] x, double[] y) implements Calibrator {
    public Isotonic {
      if (x == null || y == null || x.length != y.length || x.length == 0) {
        throw new IllegalArgumentException("isotonic calibrator needs equally long, non-empty x and y, got "
            + (x == null ? "null" : x.length) + " and " + (y == null ? "null" : y.length));
      }
      for (int i = 0; i < x.length; i++) {
        if (!Double.isFinite(x[i]) || !(y[i] >= 0 && y[i] <= 1)) {
          throw new IllegalArgumentException("isotonic point " + i + " is (" + x[i] + ", " + y[i] + "); y must be in [0, 1]");
        }
        if (i > 0 && !(x[i] > x[i - 1])) {
          throw new IllegalArgumentException("isotonic x must be strictly increasing, but x[" + i + "]=" + x[i] + " <= x[" + (i - 1) + "]=" + x[i - 1]);
        }
        if (i > 0 && y[i] < y[i - 1]) {
          throw new IllegalArgumentException("isotonic y must be non-decreasing, but y[" + i + "]=" + y[i] + " < y[" + (i - 1) + "]=" + y[i - 1]);
        }
      }
      x = x.clone();
      y = y.clone();
    }

    @Override
    public String method() {
      return "isotonic";
    }

    @Override
    public double apply(double p) {
      if (p <= x[0]) {
        return y[0];
      }
      int last = x.length - 1;
      if (p >= x[last]) {
        return y[last];
      }
      int hi = Arrays.binarySearch(x, p);
      if (hi >= 0) {
        return y[hi];
      }
      hi = -hi - 1; // first x greater than p; hi >= 1 here
      int lo = hi - 1;
      double f = (p - x[lo]) / (x[hi] - x[lo]);
      return y[lo] + f * (y[hi] - y[lo]);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Isotonic i && Arrays.equals(x, i.x) && Arrays.equals(y, i.y);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(x) + Arrays.hashCode(y);
    }

    @Override
    public String toString() {
      return "Isotonic[points=" + x.length + "]";
    }
  }
}
