package dev.prism.learn.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Binary labels (1 = positive) with a score per item (the model's positive-class probability),
 * pre-sorted by descending score once so every metric — and every bootstrap resample, which only
 * changes per-item weights — is a linear pass.
 */
public final class ScoredLabels {
  private final double[] scores;
  private final int[] labels;
  private final int[] desc;

  private ScoredLabels(double[] scores, int[] labels) {
    this.scores = scores;
    this.labels = labels;
    // stable: ties keep item order, so results never depend on sort internals
    this.desc = IntStream.range(0, scores.length).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]))
        .mapToInt(Integer::intValue).toArray();
  }

  /** @param scores positive-class probabilities in [0, 1]; {@code labels} 0 or 1 */
  public static ScoredLabels of(double[] scores, int[] labels) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException("got " + scores.length + " scores but " + labels.length + " labels");
    }
    for (int i = 0; i < scores.length; i++) {
      if (!(scores[i] >= 0 && scores[i] <= 1)) {
        throw new IllegalArgumentException("score at row " + i + " is " + scores[i] + ", outside [0, 1]");
      }
      if (labels[i] != 0 && labels[i] != 1) {
        throw new IllegalArgumentException("label at row " + i + " is " + labels[i] + "; binary metrics need 0 or 1");
      }
    }
    return new ScoredLabels(scores.clone(), labels.clone());
  }

  public int size() {
    return scores.length;
  }

  public double score(int i) {
    return scores[i];
  }

  public int label(int i) {
    return labels[i];
  }

  /** Item indices by descending score. */
  int[] descending() {
    return desc;
  }

  /** Cumulative counts at one distinct score: the confusion of "score >= threshold". */
  record Cut(double threshold, double tp, double fp) {}

  /**
   * The cumulative true/false positives at every distinct score, highest first; ties enter
   * together. The one sweep behind the ROC and PR curves and the target-precision threshold.
   */
  java.util.List<Cut> cuts() {
    java.util.List<Cut> out = new java.util.ArrayList<>();
    double tp = 0;
    double fp = 0;
    int g = 0;
    while (g < desc.length) {
      double s = scores[desc[g]];
      int e = g;
      while (e < desc.length && scores[desc[e]] == s) {
        if (labels[desc[e]] == 1) {
          tp++;
        } else {
          fp++;
        }
        e++;
      }
      out.add(new Cut(s, tp, fp));
      g = e;
    }
    return out;
  }

  double[] scoresArray() {
    return scores;
  }

  int[] labelsArray() {
    return labels;
  }

  public int positives() {
    return Arrays.stream(labels).sum();
  }

  /** Weight 1 for every item (the point estimate). */
  public double[] unitWeights() {
    double[] w = new double[scores.length];
    Arrays.fill(w, 1.0);
    return w;
  }

  public ScoredLabels subset(int[] idx) {
    double[] s = new double[idx.length];
    int[] l = new int[idx.length];
    for (int j = 0; j < idx.length; j++) {
      s[j] = scores[idx[j]];
      l[j] = labels[idx[j]];
    }
    return new ScoredLabels(s, l);
  }
}
