package dev.prism.learn.model;

import java.util.Arrays;

/**
 * A one-hidden-layer perceptron: h = relu(W1 z + b1), logits = W2 h + b2. W1 is hidden × d,
 * W2 is k × hidden.
 */
public record MlpHead(double[][] w1, double[] b1, double[][] w2, double[] b2) implements Head {

  public MlpHead {
    if (w1 == null || b1 == null || w2 == null || b2 == null) {
      throw new IllegalArgumentException("mlp head needs w1, b1, w2 and b2");
    }
    int hidden = w1.length;
    if (hidden < 1 || b1.length != hidden) {
      throw new IllegalArgumentException("mlp hidden layer has " + hidden + " weight rows and " + b1.length + " biases");
    }
    int d = w1[0].length;
    for (int r = 0; r < hidden; r++) {
      if (w1[r].length != d) {
        throw new IllegalArgumentException("mlp w1 row " + r + " has " + w1[r].length + " columns, row 0 has " + d);
      }
    }
    if (w2.length < 2 || b2.length != w2.length) {
      throw new IllegalArgumentException("mlp output layer needs k >= 2 rows and k biases, got " + w2.length + " and " + b2.length);
    }
    for (int c = 0; c < w2.length; c++) {
      if (w2[c].length != hidden) {
        throw new IllegalArgumentException("mlp w2 row " + c + " has " + w2[c].length + " columns, hidden size is " + hidden);
      }
    }
    w1 = MathUtil.copy(w1);
    b1 = b1.clone();
    w2 = MathUtil.copy(w2);
    b2 = b2.clone();
  }

  @Override
  public String type() {
    return "mlp";
  }

  @Override
  public int inputDim() {
    return w1[0].length;
  }

  @Override
  public int numClasses() {
    return w2.length;
  }

  public int hidden() {
    return w1.length;
  }

  /** Hidden activations relu(W1 z + b1). */
  public double[] hiddenActivations(double[] z) {
    if (z.length != inputDim()) {
      throw new IllegalArgumentException("mlp head expects " + inputDim() + " features, got " + z.length);
    }
    double[] h = new double[w1.length];
    for (int r = 0; r < w1.length; r++) {
      h[r] = Math.max(0, MathUtil.dot(w1[r], z) + b1[r]);
    }
    return h;
  }

  @Override
  public double[] logits(double[] z) {
    double[] h = hiddenActivations(z);
    double[] out = new double[w2.length];
    for (int c = 0; c < w2.length; c++) {
      out[c] = MathUtil.dot(w2[c], h) + b2[c];
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MlpHead m && Arrays.deepEquals(w1, m.w1) && Arrays.equals(b1, m.b1)
        && Arrays.deepEquals(w2, m.w2) && Arrays.equals(b2, m.b2);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(w1) * 31 + Arrays.deepHashCode(w2);
  }

  @Override
  public String toString() {
    return "MlpHead[d=" + inputDim() + ", hidden=" + hidden() + ", k=" + numClasses() + "]";
  }
}
