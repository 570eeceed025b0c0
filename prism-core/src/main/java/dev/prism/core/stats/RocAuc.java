package dev.prism.core.stats;

import java.util.Arrays;

/**
 * Area under the ROC curve as the Mann–Whitney probability that a random positive scores above a
 * random negative, ties counting one half: {@code AUC = (R_pos - n_pos(n_pos+1)/2) / (n_pos · n_neg)}
 * with {@code R_pos} the positives' rank sum under mid-ranks. O((n+m) log(n+m)).
 */
public final class RocAuc {

  private RocAuc() {}

  public static double of(double[] positives, double[] negatives) {
    Samples.checkFinite(positives, "positives");
    Samples.checkFinite(negatives, "negatives");
    int n = positives.length;
    int m = negatives.length;
    double[] all = new double[n + m];
    boolean[] pos = new boolean[n + m];
    System.arraycopy(positives, 0, all, 0, n);
    System.arraycopy(negatives, 0, all, n, m);
    Integer[] order = new Integer[n + m];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
      pos[i] = i < n;
    }
    Arrays.sort(order, (p, q) -> Double.compare(all[p], all[q]));
    double rankSum = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j + 1 < order.length && all[order[j + 1]] == all[order[i]]) {
        j++;
      }
      // ranks i+1 .. j+1 are tied: each gets their mean
      double midRank = (i + 1 + j + 1) / 2.0;
      for (int k = i; k <= j; k++) {
        if (pos[order[k]]) {
          rankSum += midRank;
        }
      }
      i = j + 1;
    }
    return (rankSum - n * (n + 1) / 2.0) / ((double) n * m);
  }

  /** AUC of {@code scores} against boolean {@code labels} (true = positive); both classes needed. */
  public static double of(double[] scores, boolean[] labels) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException(scores.length + " scores but " + labels.length + " labels");
    }
    int np = 0;
    for (boolean b : labels) {
      np += b ? 1 : 0;
    }
    if (np == 0 || np == labels.length) {
      throw new IllegalArgumentException("AUC needs both classes: " + np + " positives of " + labels.length);
    }
    double[] p = new double[np];
    double[] q = new double[labels.length - np];
    int a = 0;
    int b = 0;
    for (int i = 0; i < scores.length; i++) {
      if (labels[i]) {
        p[a++] = scores[i];
      } else {
        q[b++] = scores[i];
      }
    }
    return of(p, q);
  }
}
