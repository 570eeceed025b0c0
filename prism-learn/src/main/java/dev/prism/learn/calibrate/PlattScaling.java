package dev.prism.learn.calibrate;

import dev.prism.learn.model.MathUtil;

/**
 * Fits {@link Calibrator.Platt} by Newton's method with step halving on the cross-entropy between
 * sigmoid(a·s + b) and the targets, s = logit(p).
 *
 * <p>When every target is exactly 0 or 1, Platt's (1999) prior correction replaces them by
 * (N₊+1)/(N₊+2) and 1/(N₋+2), as scikit-learn's {@code CalibratedClassifierCV} does, so a
 * separable validation set cannot drive a to infinity. Soft targets are used as given.
 */
public final class PlattScaling {
  private static final int MAX_ITERATIONS = 100;
  private static final double GRADIENT_TOLERANCE = 1e-10;
  private static final double RIDGE = 1e-12;

  private PlattScaling() {}

  public static Calibrator.Platt fit(double[] p, double[] targets) {
    int n = p.length;
    if (n == 0 || targets.length != n) {
      throw new IllegalArgumentException("Platt scaling needs equally many (>0) probabilities and targets, got " + n + " and " + targets.length);
    }
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = MathUtil.logit(p[i], Calibrator.LOGIT_EPS);
    }
    double[] t = priorCorrected(targets);
    double a = 1;
    double b = 0;
    double f = loss(s, t, a, b);
    for (int it = 0; it < MAX_ITERATIONS; it++) {
      double ga = 0;
      double gb = 0;
      double haa = RIDGE;
      double hab = 0;
      double hbb = RIDGE;
      for (int i = 0; i < n; i++) {
        double q = MathUtil.sigmoid(a * s[i] + b);
        double r = q - t[i];
        double w = q * (1 - q);
        ga += r * s[i];
        gb += r;
        haa += w * s[i] * s[i];
        hab += w * s[i];
        hbb += w;
      }
      if (Math.max(Math.abs(ga), Math.abs(gb)) < GRADIENT_TOLERANCE * n) {
        break;
      }
      double det = haa * hbb - hab * hab;
      double da;
      double db;
      if (det > 1e-300) {
        da = -(hbb * ga - hab * gb) / det;
        db = -(-hab * ga + haa * gb) / det;
      } else { // degenerate Hessian (e.g. all scores equal): fall back to a gradient step
        da = -ga / n;
        db = -gb / n;
      }
      double step = 1;
      double fNew = loss(s, t, a + da, b + db);
      while (!(fNew <= f) && step > 1e-10) {
        step *= 0.5;
        fNew = loss(s, t, a + step * da, b + step * db);
      }
      if (!(fNew <= f)) {
        break;
      }
      a += step * da;
      b += step * db;
      boolean small = f - fNew < 1e-14 * Math.max(1, f);
      f = fNew;
      if (small) {
        break;
      }
    }
    return new Calibrator.Platt(a, b);
  }

  static double[] priorCorrected(double[] targets) {
    int pos = 0;
    int neg = 0;
    for (double t : targets) {
      if (t == 1.0) {
        pos++;
      } else if (t == 0.0) {
        neg++;
      } else {
        return targets.clone(); // soft targets: use as given
      }
    }
    double hi = (pos + 1.0) / (pos + 2.0);
    double lo = 1.0 / (neg + 2.0);
    double[] out = new double[targets.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = targets[i] == 1.0 ? hi : lo;
    }
    return out;
  }

  private static double loss(double[] s, double[] t, double a, double b) {
    double l = 0;
    for (int i = 0; i < s.length; i++) {
      double z = a * s[i] + b;
      // -[t log σ(z) + (1-t) log(1-σ(z))] = softplus(z) - t z, computed stably
      double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      l += softplus - t[i] * z;
    }
    return l;
  }
}
