package dev.prism.learn.model;

import java.util.List;

/**
 * Feature vectors with their training targets. {@code targets[i]} is a probability distribution
 * over the k classes: one-hot for a hard label, the label model's output for a soft label.
 *
 * @param ids item ids, aligned with the rows (used for hashing, reports and label review)
 * @param x raw (unstandardized) feature vectors, n × d
 * @param targets n × k class distributions, each row summing to 1
 */
public record TrainingData(List<String> ids, double[][] x, double[][] targets) {

  /** Tolerance on a target row's sum, loose enough for label-model output written as decimal text. */
  public static final double TARGET_SUM_TOLERANCE = 1e-6;

  public TrainingData {
    ids = List.copyOf(ids);
    if (x.length != ids.size() || targets.length != ids.size()) {
      throw new IllegalArgumentException(
          "training data has " + ids.size() + " ids, " + x.length + " feature rows and " + targets.length + " target rows");
    }
    if (x.length > 0) {
      int d = x[0].length;
      int k = targets[0].length;
      if (k < 2) {
        throw new IllegalArgumentException("targets need at least 2 classes, got " + k);
      }
      for (int i = 0; i < x.length; i++) {
        if (x[i].length != d) {
          throw new IllegalArgumentException("item " + ids.get(i) + " has " + x[i].length + " features, expected " + d);
        }
        if (targets[i].length != k) {
          throw new IllegalArgumentException("item " + ids.get(i) + " has " + targets[i].length + " target classes, expected " + k);
        }
        double sum = 0;
        for (double t : targets[i]) {
          if (!(t >= 0 && t <= 1)) {
            throw new IllegalArgumentException("item " + ids.get(i) + " has a target probability outside [0, 1]: " + t);
          }
          sum += t;
        }
        if (Math.abs(sum - 1) > TARGET_SUM_TOLERANCE) {
          throw new IllegalArgumentException("item " + ids.get(i) + " target probabilities sum to " + sum + ", not 1");
        }
      }
    }
  }

  public int size() {
    return x.length;
  }

  public int dim() {
    return x.length == 0 ? 0 : x[0].length;
  }

  public int numClasses() {
    return targets.length == 0 ? 0 : targets[0].length;
  }

  /** One-hot targets for hard labels in [0, k). */
  public static double[][] oneHot(int[] labels, int k) {
    double[][] t = new double[labels.length][k];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= k) {
        throw new IllegalArgumentException("label " + labels[i] + " at row " + i + " is outside [0, " + k + ")");
      }
      t[i][labels[i]] = 1.0;
    }
    return t;
  }

  /** The rows at {@code idx}, in that order (arrays are shared, not copied). */
  public TrainingData subset(int[] idx) {
    String[] ids2 = new String[idx.length];
    double[][] x2 = new double[idx.length][];
    double[][] t2 = new double[idx.length][];
    for (int j = 0; j < idx.length; j++) {
      ids2[j] = ids.get(idx[j]);
      x2[j] = x[idx[j]];
      t2[j] = targets[idx[j]];
    }
    return new TrainingData(List.of(ids2), x2, t2);
  }

  /** Index of the largest target per row (the hard label a soft label implies; ties → lowest class). */
  public int[] argmaxTargets() {
    int[] out = new int[targets.length];
    for (int i = 0; i < targets.length; i++) {
      out[i] = MathUtil.argmax(targets[i]);
    }
    return out;
  }
}
