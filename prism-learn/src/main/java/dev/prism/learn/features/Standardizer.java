package dev.prism.learn.features;

import java.util.Arrays;

/**
 * Per-column affine scaling z = (x - mean) / scale, fitted on the training split only and saved
 * with the model. A constant column gets scale 1 (so it maps to 0) instead of a division by zero.
 */
public record Standardizer(double[] mean, double[] scale) {

  public Standardizer {
    if (mean == null || scale == null || mean.length != scale.length) {
      throw new IllegalArgumentException("standardizer mean and scale must have the same length");
    }
    for (int j = 0; j < scale.length; j++) {
      if (!(scale[j] > 0) || !Double.isFinite(scale[j]) || !Double.isFinite(mean[j])) {
        throw new IllegalArgumentException("standardizer column " + j + " has mean " + mean[j] + ", scale " + scale[j]);
      }
    }
    mean = mean.clone();
    scale = scale.clone();
  }

  /** The identity transform of width d (used when standardization is switched off). */
  public static Standardizer identity(int d) {
    double[] ones = new double[d];
    Arrays.fill(ones, 1.0);
    return new Standardizer(new double[d], ones);
  }

  /** Fits column means and population standard deviations. */
  public static Standardizer fit(double[][] x) {
    if (x.length == 0) {
      throw new IllegalArgumentException("cannot fit a standardizer on zero rows");
    }
    int d = x[0].length;
    double[] mean = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= x.length;
    }
    double[] var = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        double c = row[j] - mean[j];
        var[j] += c * c;
      }
    }
    double[] scale = new double[d];
    for (int j = 0; j < d; j++) {
      double sd = Math.sqrt(var[j] / x.length);
      scale[j] = sd > 1e-12 ? sd : 1.0;
    }
    return new Standardizer(mean, scale);
  }

  public int width() {
    return mean.length;
  }

  public double[] apply(double[] x) {
    if (x.length != mean.length) {
      throw new IllegalArgumentException("feature vector has width " + x.length + ", standardizer expects " + mean.length);
    }
    double[] z = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      z[j] = (x[j] - mean[j]) / scale[j];
    }
    return z;
  }

  public double[][] apply(double[][] x) {
    double[][] z = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      z[i] = apply(x[i]);
    }
    return z;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Standardizer s && Arrays.equals(mean, s.mean) && Arrays.equals(scale, s.scale);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(scale);
  }

  @Override
  public String toString() {
    return "Standardizer[width=" + mean.length + "]";
  }
}
