package dev.prism.label.model;

import java.util.Arrays;

/** The prior P(Y = c) a probabilistic label model uses. */
public sealed interface ClassBalance {

  /** Every class equally likely (Snorkel's LabelModel default). */
  record Uniform() implements ClassBalance {}

  /** Re-estimated in every EM step from the posteriors (Dawid and Skene 1979). */
  record Learned() implements ClassBalance {}

  /** Fixed and known, e.g. estimated from a small labeled dev set (the WRENCH protocol). */
  record Given(double[] p) implements ClassBalance {
    public Given {
      if (p == null || p.length < 2) {
        throw new IllegalArgumentException("given class balance needs at least 2 classes");
      }
      double s = 0;
      for (int c = 0; c < p.length; c++) {
        if (!(p[c] > 0) || !Double.isFinite(p[c])) {
          throw new IllegalArgumentException("given class balance p[" + c + "] = " + p[c] + " must be > 0");
        }
        s += p[c];
      }
      if (Math.abs(s - 1.0) > 1e-6) {
        throw new IllegalArgumentException("given class balance sums to " + s + ", not 1: " + Arrays.toString(p));
      }
      p = p.clone();
    }

    @Override
    public double[] p() {
      return p.clone();
    }
  }

  /**
   * The class frequencies of a labelled sample with add-one (Laplace) smoothing, (n_c + 1) / (n + k),
   * e.g. a prior estimated from a small labelled dev set (WRENCH's valid split). Smoothing keeps a
   * class that is absent from a small sample at a non-zero prior, which {@link Given} requires.
   *
   * @param labels class indices; negative entries (no label) are skipped
   * @param k number of classes
   */
  static Given smoothedFrequencies(int[] labels, int k) {
    if (k < 2) {
      throw new IllegalArgumentException("class balance needs at least 2 classes, got k=" + k);
    }
    double[] p = new double[k];
    int n = 0;
    for (int i = 0; i < labels.length; i++) {
      int y = labels[i];
      if (y >= k) {
        throw new IllegalArgumentException("label " + y + " at position " + i + " is not a class index below k=" + k);
      }
      if (y >= 0) {
        p[y]++;
        n++;
      }
    }
    for (int c = 0; c < k; c++) {
      p[c] = (p[c] + 1) / (n + k);
    }
    return new Given(p);
  }

  /** Parses {@code uniform}, {@code learned} or comma-separated probabilities ({@code 0.5,0.5}). */
  public static ClassBalance parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("uniform")) {
      return new Uniform();
    }
    if (t.equals("learned")) {
      return new Learned();
    }
    String[] parts = t.split(",");
    double[] p = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        p[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "class balance must be 'uniform', 'learned' or comma-separated probabilities, got: " + text);
      }
    }
    return new Given(p);
  }
}
