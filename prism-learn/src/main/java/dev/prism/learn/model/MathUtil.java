package dev.prism.learn.model;

/** Small numeric helpers shared by the trainers and calibrators. */
public final class MathUtil {
  private MathUtil() {}

  public static int argmax(double[] v) {
    int best = 0;
    for (int j = 1; j < v.length; j++) {
      if (v[j] > v[best]) {
        best = j;
      }
    }
    return best;
  }

  /** Softmax in place-safe form: subtracts the max logit so exp never overflows. */
  public static double[] softmax(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logits) {
      max = Math.max(max, l);
    }
    double[] p = new double[logits.length];
    double sum = 0;
    for (int j = 0; j < logits.length; j++) {
      p[j] = Math.exp(logits[j] - max);
      sum += p[j];
    }
    for (int j = 0; j < p.length; j++) {
      p[j] /= sum;
    }
    return p;
  }

  /** log(sum(exp(logits))) computed stably. */
  public static double logSumExp(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logits) {
      max = Math.max(max, l);
    }
    double s = 0;
    for (double l : logits) {
      s += Math.exp(l - max);
    }
    return max + Math.log(s);
  }

  public static double sigmoid(double z) {
    // two branches so exp never overflows for large |z|
    if (z >= 0) {
      return 1.0 / (1.0 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1.0 + e);
  }

  /** logit(p) with p clipped to [eps, 1 - eps] so calibrators never see infinities. */
  public static double logit(double p, double eps) {
    double q = Math.min(1 - eps, Math.max(eps, p));
    return Math.log(q / (1 - q));
  }

  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }

  public static double[][] copy(double[][] m) {
    double[][] c = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }
}
