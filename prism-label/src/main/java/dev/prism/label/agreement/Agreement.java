package dev.prism.label.agreement;

import java.util.Arrays;

/**
 * Inter-annotator agreement statistics and gold-label resolution.
 *
 * <p>Conventions shared by every method: classes (categories) are ints {@code >= 0}; a missing
 * rating is {@link #MISSING} ({@code -1}). When a coefficient is undefined because chance
 * agreement is already perfect (every rating falls into one category, so the denominator is 0)
 * the method returns {@link Double#NaN} rather than inventing 0 or 1: the caller should report "not
 * enough variation to measure agreement".
 *
 * <p>All methods are pure functions of their arguments and throw {@link IllegalArgumentException}
 * naming the offending index for malformed input.
 */
public final class Agreement {

  /** A missing rating in a raters × items matrix. */
  public static final int MISSING = -1;

  /** Returned by {@link #gold} for an item its policy cannot resolve. */
  public static final int UNRESOLVED = -1;

  private Agreement() {}

  /**
   * Cohen's kappa for two raters who rated the same items: {@code (p_o - p_e) / (1 - p_e)} with
   * {@code p_o} the observed agreement and {@code p_e = Σ_c p_a(c) p_b(c)} the agreement expected
   * from each rater's own marginal distribution.
   *
   * @param a rater A's class per item, every value {@code >= 0}
   * @param b rater B's class per item, same length as {@code a}
   * @return kappa in [-1, 1], or NaN when {@code p_e = 1}
   */
  public static double cohenKappa(int[] a, int[] b) {
    if (a == null || b == null) {
      throw new IllegalArgumentException("cohenKappa: rating arrays must not be null");
    }
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "cohenKappa: rater A rated " + a.length + " items but rater B rated " + b.length);
    }
    if (a.length == 0) {
      throw new IllegalArgumentException("cohenKappa: no items rated");
    }
    int k = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] < 0) {
        throw new IllegalArgumentException("cohenKappa: rater A item " + i + " has class " + a[i] + " (must be >= 0)");
      }
      if (b[i] < 0) {
        throw new IllegalArgumentException("cohenKappa: rater B item " + i + " has class " + b[i] + " (must be >= 0)");
      }
      k = Math.max(k, Math.max(a[i], b[i]) + 1);
    }
    long[] ca = new long[k];
    long[] cb = new long[k];
    long agree = 0;
    for (int i = 0; i < a.length; i++) {
      ca[a[i]]++;
      cb[b[i]]++;
      if (a[i] == b[i]) {
        agree++;
      }
    }
    double n = a.length;
    double po = agree / n;
    double pe = 0;
    for (int c = 0; c < k; c++) {
      pe += (ca[c] / n) * (cb[c] / n);
    }
    if (1.0 - pe == 0.0) {
      return Double.NaN;
    }
    return (po - pe) / (1.0 - pe);
  }

  /**
   * Fleiss' kappa for a fixed number {@code r >= 2} of ratings per item (the raters need not be the
   * same people across items).
   *
   * @param counts items × categories; {@code counts[i][j]} raters who put item i in category j.
   *     Every row has the same length and the same total {@code r}.
   * @return kappa, or NaN when every rating is in one category
   */
  public static double fleissKappa(int[][] counts) {
    if (counts == null || counts.length == 0) {
      throw new IllegalArgumentException("fleissKappa: no items");
    }
    int k = requireRow(counts, 0, "fleissKappa").length;
    if (k == 0) {
      throw new IllegalArgumentException("fleissKappa: item 0 has no categories");
    }
    int r = -1;
    for (int i = 0; i < counts.length; i++) {
      int[] row = requireRow(counts, i, "fleissKappa");
      if (row.length != k) {
        throw new IllegalArgumentException(
            "fleissKappa: item " + i + " has " + row.length + " categories but item 0 has " + k);
      }
      int total = 0;
      for (int j = 0; j < k; j++) {
        if (row[j] < 0) {
          throw new IllegalArgumentException(
              "fleissKappa: item " + i + " category " + j + " has negative count " + row[j]);
        }
        total += row[j];
      }
      if (r < 0) {
        r = total;
        if (r < 2) {
          throw new IllegalArgumentException(
              "fleissKappa: item 0 has " + r + " ratings; Fleiss' kappa needs at least 2 raters per item");
        }
      } else if (total != r) {
        throw new IllegalArgumentException(
            "fleissKappa: item " + i + " has " + total + " ratings but item 0 has " + r
                + " (every item needs the same number of ratings)");
      }
    }
    int n = counts.length;
    double[] colTotals = new double[k];
    double pBarSum = 0;
    for (int[] row : counts) {
      long sq = 0;
      for (int j = 0; j < k; j++) {
        sq += (long) row[j] * row[j];
        colTotals[j] += row[j];
      }
      pBarSum += (sq - r) / ((double) r * (r - 1));
    }
    double pBar = pBarSum / n;
    double pe = 0;
    for (int j = 0; j < k; j++) {
      double pj = colTotals[j] / ((double) n * r);
      pe += pj * pj;
    }
    if (1.0 - pe == 0.0) {
      return Double.NaN;
    }
    return (pBar - pe) / (1.0 - pe);
  }

  /**
   * Krippendorff's alpha with the nominal distance metric, for any number of raters and missing
   * ratings (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"). Items with fewer
   * than two ratings are not pairable and do not count.
   *
   * <p>{@code α = 1 - (n - 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k}, with {@code o_ck} the coincidence
   * matrix (each ordered pair of values within an item weighted by {@code 1/(m_u - 1)}), {@code
   * n_c} its marginals and {@code n} the number of pairable values.
   *
   * @param ratings raters × items; {@link #MISSING} for a missing rating
   * @return alpha, or NaN when all pairable values are one category (expected disagreement 0)
   */
  public static double krippendorffAlphaNominal(int[][] ratings) {
    int items = validateRaterMatrix(ratings, "krippendorffAlphaNominal");
    int k = maxClass(ratings) + 1;
    double[][] o = new double[k][k];
    int[] unitCounts = new int[k];
    boolean anyPairable = false;
    for (int u = 0; u < items; u++) {
      Arrays.fill(unitCounts, 0);
      int m = 0;
      for (int[] rater : ratings) {
        if (rater[u] != MISSING) {
          unitCounts[rater[u]]++;
          m++;
        }
      }
      if (m < 2) {
        continue;
      }
      anyPairable = true;
      // Ordered pairs of distinct raters: c with k counts n_c * n_k pairs (c != k), n_c (n_c - 1) for c == k.
      for (int c = 0; c < k; c++) {
        if (unitCounts[c] == 0) {
          continue;
        }
        for (int d = 0; d < k; d++) {
          int pairs = c == d ? unitCounts[c] * (unitCounts[c] - 1) : unitCounts[c] * unitCounts[d];
          o[c][d] += pairs / (double) (m - 1);
        }
      }
    }
    if (!anyPairable) {
      throw new IllegalArgumentException(
          "krippendorffAlphaNominal: no item has ratings from at least 2 raters; alpha is undefined");
    }
    double[] nc = new double[k];
    double n = 0;
    double observed = 0;
    for (int c = 0; c < k; c++) {
      for (int d = 0; d < k; d++) {
        nc[c] += o[c][d];
        if (c != d) {
          observed += o[c][d];
        }
      }
      n += nc[c];
    }
    double expected = 0;
    for (int c = 0; c < k; c++) {
      for (int d = 0; d < k; d++) {
        if (c != d) {
          expected += nc[c] * nc[d];
        }
      }
    }
    if (expected == 0.0) {
      return Double.NaN;
    }
    return 1.0 - (n - 1.0) * observed / expected;
  }

  /**
   * Resolves each item's ratings into one gold label under {@code policy}; see {@link GoldPolicy}
   * for the exact rule and tie handling.
   *
   * @param ratings raters × items (the same orientation as {@link #krippendorffAlphaNominal});
   *     {@link #MISSING} for a missing rating. At least one rater.
   * @return per item the gold class, or {@link #UNRESOLVED}
   */
  public static int[] gold(int[][] ratings, GoldPolicy policy) {
    if (policy == null) {
      throw new IllegalArgumentException("gold: policy must not be null");
    }
    int items = validateRaterMatrix(ratings, "gold", 1);
    int k = maxClass(ratings) + 1;
    int[] out = new int[items];
    int[] counts = new int[Math.max(k, 1)];
    for (int u = 0; u < items; u++) {
      Arrays.fill(counts, 0);
      int m = 0;
      for (int[] rater : ratings) {
        if (rater[u] != MISSING) {
          counts[rater[u]]++;
          m++;
        }
      }
      Plurality p = Plurality.of(counts, k);
      out[u] = switch (policy) {
        case MAJORITY -> p.tie() ? UNRESOLVED : p.winner();
        case STRICT_MAJORITY -> 2 * p.votes() > m ? p.winner() : UNRESOLVED;
        case UNANIMOUS -> m >= 2 && p.votes() == m ? p.winner() : UNRESOLVED;
      };
    }
    return out;
  }

  private static int[] requireRow(int[][] m, int i, String method) {
    if (m[i] == null) {
      throw new IllegalArgumentException(method + ": row " + i + " is null");
    }
    return m[i];
  }

  private static int validateRaterMatrix(int[][] ratings, String method) {
    return validateRaterMatrix(ratings, method, 2);
  }

  /** Checks a raters × items matrix and returns the number of items. */
  private static int validateRaterMatrix(int[][] ratings, String method, int minRaters) {
    if (ratings == null) {
      throw new IllegalArgumentException(method + ": ratings must not be null");
    }
    if (ratings.length < minRaters) {
      throw new IllegalArgumentException(
          method + ": got " + ratings.length + " raters, need at least " + minRaters
              + " (rows are raters, columns are items)");
    }
    int items = requireRow(ratings, 0, method).length;
    if (items == 0) {
      throw new IllegalArgumentException(method + ": no items (rater 0 has an empty row)");
    }
    for (int r = 0; r < ratings.length; r++) {
      int[] row = requireRow(ratings, r, method);
      if (row.length != items) {
        throw new IllegalArgumentException(
            method + ": rater " + r + " has " + row.length + " items but rater 0 has " + items);
      }
      for (int u = 0; u < items; u++) {
        if (row[u] < MISSING) {
          throw new IllegalArgumentException(
              method + ": rater " + r + " item " + u + " has class " + row[u] + " (must be >= 0, or -1 for missing)");
        }
      }
    }
    return items;
  }

  private static int maxClass(int[][] ratings) {
    int max = -1;
    for (int[] row : ratings) {
      for (int v : row) {
        max = Math.max(max, v);
      }
    }
    return max;
  }
}
