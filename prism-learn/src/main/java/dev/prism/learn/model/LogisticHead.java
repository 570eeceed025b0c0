package dev.prism.learn.model;

import java.util.Arrays;

/**
 * Multinomial logistic regression: logits = W z + b with W of shape k × d. For k = 2 the positive
 * class probability is sigmoid((w1 - w0)·z + b1 - b0), i.e. ordinary logistic regression.
 */
public record LogisticHead(double[][] weights, double[] bias) implements Head {

  public LogisticHead {
    if (weights == null || bias == null || weights.length != bias.length || weights.length < 2) {
      throw new IllegalArgumentException("logistic head needs k >= 2 weight rows and k biases, got "
          + (weights == null ? "null" : weights.length) + " rows and " + (bias == null ? "null" : bias.length) + " biases");
    }
    int d = weights[0].length;
    for (int c = 0; c < weights.length; c++) {
      if (weights[c].length != d) {
        throw new IllegalArgumentException("logistic head weight row " + c + " has " + weights[c].length + " columns, row 0 has " + d);
      }
    }
    weights = MathUtil.copy(weights);
    bias = bias.clone();
  }

  @Override
  public String type() {
    return "logistic";
  }

  @Override
  public int inputDim() {
    return weights[0].length;
  }

  @Override
  public int numClasses() {
    return weights.length;
  }

  @Override
  public double[] logits(double[] z) {
    if (z.length != inputDim()) {
      throw new IllegalArgumentException("logistic head expects " + inputDim() + " features, got " + z.length);
    }
    double[] out = new double[weights.length];
    for (int c = 0; c < weights.length; c++) {
      out[c] = MathUtil.dot(weights[c], z) + bias[c];
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogisticHead h && Arrays.deepEquals(weights, h.weights) && Arrays.equals(bias, h.bias);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.deepHashCode(weights) + Arrays.hashCode(bias);
  }

  @Override
  public String toString() {
    return "LogisticHead[k=" + numClasses() + ", d=" + inputDim() + "]";
  }
}
