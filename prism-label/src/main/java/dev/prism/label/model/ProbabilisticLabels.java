package dev.prism.label.model;

import dev.prism.label.matrix.LabelMatrix;
import java.util.SplittableRandom;

/**
 * n × k class probabilities, row-major in one array (a 1M × 2 result is one 16 MB array, not a
 * million small ones).
 */
public record ProbabilisticLabels(int n, int k, double[] probs) {

  /**
   * Probabilities closer than this are a tie: Snorkel's {@code probs_to_preds} default {@code tol},
   * which WRENCH's evaluation uses, so that ties are the same items as in published numbers.
   */
  public static final double TIE_TOLERANCE = 1e-5;

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
   *     TieBreak#FIT_MAJORITY} or {@link TieBreak#PRIOR}
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
        if (max - probs[base + c] < TIE_TOLERANCE) {
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
        case HASH -> tied[sha1Index(i, nt)];
        case FIT_MAJORITY, PRIOR -> firstRanked(classRank, tied, nt);
      };
    }
    return out;
  }

  /**
   * Snorkel's deterministic tie hash: {@code int(sha1(str(i).encode("utf-8")).hexdigest(), 16) % n}.
   */
  static int sha1Index(int i, int n) {
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-1")
          .digest(Integer.toString(i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return new java.math.BigInteger(1, h).mod(java.math.BigInteger.valueOf(n)).intValue();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every Java platform", e);
    }
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
