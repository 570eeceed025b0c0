package dev.prism.learn.metrics;

/**
 * Weighted confusion counts at one threshold. Conventions (as scikit-learn's defaults): precision
 * is 0 when nothing is predicted positive; recall is NaN when there are no positives; F1 is 0
 * when precision + recall is 0.
 */
public record Confusion(double threshold, double tp, double fp, double tn, double fn) {

  public double total() {
    return tp + fp + tn + fn;
  }

  public double accuracy() {
    double t = total();
    return t == 0 ? Double.NaN : (tp + tn) / t;
  }

  public double precision() {
    return tp + fp == 0 ? 0.0 : tp / (tp + fp);
  }

  public double recall() {
    return tp + fn == 0 ? Double.NaN : tp / (tp + fn);
  }

  public double f1() {
    double p = precision();
    double r = recall();
    if (Double.isNaN(r)) {
      return Double.NaN;
    }
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  }

  /** False-positive rate; NaN when there are no negatives. */
  public double fpr() {
    return fp + tn == 0 ? Double.NaN : fp / (fp + tn);
  }

  public double predictedPositiveRate() {
    double t = total();
    return t == 0 ? Double.NaN : (tp + fp) / t;
  }
}
