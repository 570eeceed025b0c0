package dev.prism.label.model;

import dev.prism.label.matrix.LabelMatrix;
import java.util.SplittableRandom;

/**
 * n × k class probabilities, row-major in one array (a 1M × 2 result is one 16 MB array, not a
 * million small ones).
 */
public record ProbabilisticLabels(int n, int k, double[] probs) {

  /** Probabilities closer than this are a tie (guards against last-bit rounding differences). */
  public static final double TIE_EPSILON = 1e-12;

  public ProbabilisticLabels {
    if (probs.length != (long) n * k) {
      throw new IllegalArgumentException("probs has " + probs.length + " entries, expected n*k = " + ((long) n * k));
    }
  }

  public double get(int i, int c) {
    return probs[i * k + c];
  }

  /** Row i as a new array. */
  public double[] row(int i) {
    double[] out = new double[k];
    System.arraycopy(probs, i * k, out, 0, k);
    return out;
  }

  /**
   * Hard labels: the most probable class, ties resolved by {@code tieBreak}.
   *
   * @param classRank classes ordered by the fitted model's preference for {@link
   *     TieBreak#FIT_MAJORITY}
   * @param seed for {@link TieBreak#RANDOM}
   */
  public int[] predict(TieBreak tieBreak, int[] classRank, long seed) {
    int[] out = new int[n];
    int[] tied = new int[k];
    for (int i = 0; i < n; i++) {
      int base = i * k;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        max = Math.max(max, probs[base + c]);
      }
      int nt = 0;
      for (int c = 0; c < k; c++) {
        if (probs[base + c] >= max - TIE_EPSILON) {
          tied[nt++] = c;
        }
      }
      if (nt == 1) {
        out[i] = tied[0];
        continue;
      }
      out[i] = switch (tieBreak) {
        case ABSTAIN -> LabelMatrix.ABSTAIN;
        case RANDOM -> tied[new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i).nextInt(nt)];
        case FIT_MAJORITY -> firstRanked(classRank, tied, nt);
      };
    }
    return out;
  }

  private static int firstRanked(int[] rank, int[] tied, int nt) {
    for (int c : rank) {
      for (int t = 0; t < nt; t++) {
        if (tied[t] == c) {
          return c;
        }
      }
    }
    return tied[0];
  }
}
