package dev.prism.label.matrix;

import java.util.Arrays;

/**
 * An immutable n × m label matrix (items × labeling functions) over k classes, stored sparsely:
 * only non-abstain votes are kept, row by row (compressed sparse rows).
 *
 * <p>Why sparse: labeling functions abstain on most items (WRENCH youtube: 81 % of cells), and the
 * label models only ever need the votes of a row. Each stored vote is one {@code char} "feature"
 * {@code f = lf * k + vote}, which is also the row index into the models' parameter tables, so a 1M
 * × 100 matrix with 20 % coverage takes about 40 MB instead of 400 MB as {@code int[][]}.
 */
public final class LabelMatrix {

  /** The vote of a labeling function that does not apply to an item. */
  public static final int ABSTAIN = -1;

  /** Largest supported {@code m * k}: features are stored as unsigned 16-bit chars. */
  public static final int MAX_FEATURES = Character.MAX_VALUE + 1;

  private final int n;
  private final int m;
  private final int k;
  private final int[] rowStart;
  private final char[] features;

  private LabelMatrix(int n, int m, int k, int[] rowStart, char[] features) {
    this.n = n;
    this.m = m;
    this.k = k;
    this.rowStart = rowStart;
    this.features = features;
  }

  /**
   * Builds a matrix from dense rows ({@code rows[i][j]} = vote of LF j on item i, {@link #ABSTAIN}
   * or a class in {@code [0, k)}).
   */
  public static LabelMatrix ofDense(int[][] rows, int m, int k) {
    Builder b = new Builder(m, k, rows.length);
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != m) {
        throw new IllegalArgumentException(
            "row " + i + " has " + rows[i].length + " labeling-function votes, expected " + m);
      }
      b.addRow(rows[i]);
    }
    return b.build();
  }

  public int n() {
    return n;
  }

  public int m() {
    return m;
  }

  public int k() {
    return k;
  }

  /** Number of stored (non-abstain) votes. */
  public long nonAbstainCount() {
    return rowStart[n];
  }

  /** Index into {@link #features()} of row i's first vote; row i ends at {@code rowStart(i + 1)}. */
  public int rowStart(int i) {
    return rowStart[i];
  }

  /**
   * The raw feature array ({@code lf * k + vote}); shared, do not mutate. Exposed so that the
   * models' inner loops avoid a call per vote.
   */
  public char[] features() {
    return features;
  }

  /** The vote of LF j on item i, or {@link #ABSTAIN}. */
  public int get(int i, int j) {
    checkRow(i);
    if (j < 0 || j >= m) {
      throw new IllegalArgumentException("labeling function index " + j + " outside [0, " + m + ")");
    }
    for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
      int f = features[p];
      if (f / k == j) {
        return f % k;
      }
    }
    return ABSTAIN;
  }

  /** Row i as a dense array of m votes. */
  public int[] row(int i) {
    checkRow(i);
    int[] out = new int[m];
    Arrays.fill(out, ABSTAIN);
    for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
      out[features[p] / k] = features[p] % k;
    }
    return out;
  }

  /** Column j as a dense array of n votes. */
  public int[] column(int j) {
    if (j < 0 || j >= m) {
      throw new IllegalArgumentException("labeling function index " + j + " outside [0, " + m + ")");
    }
    int[] out = new int[n];
    Arrays.fill(out, ABSTAIN);
    for (int i = 0; i < n; i++) {
      for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
        if (features[p] / k == j) {
          out[i] = features[p] % k;
        }
      }
    }
    return out;
  }

  /** A matrix with only the given LF columns, in that order (used to drop duplicate LFs). */
  public LabelMatrix selectColumns(int[] keep) {
    int[] newIndex = new int[m];
    Arrays.fill(newIndex, -1);
    for (int t = 0; t < keep.length; t++) {
      newIndex[keep[t]] = t;
    }
    Builder b = new Builder(keep.length, k, n);
    int[] dense = new int[keep.length];
    for (int i = 0; i < n; i++) {
      Arrays.fill(dense, ABSTAIN);
      for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
        int nj = newIndex[features[p] / k];
        if (nj >= 0) {
          dense[nj] = features[p] % k;
        }
      }
      b.addRow(dense);
    }
    return b.build();
  }

  private void checkRow(int i) {
    if (i < 0 || i >= n) {
      throw new IllegalArgumentException("item index " + i + " outside [0, " + n + ")");
    }
  }

  /** Incremental row-by-row construction; votes are validated as they arrive. */
  public static final class Builder {
    private final int m;
    private final int k;
    private int[] rowStart;
    private char[] features;
    private int n;

    public Builder(int m, int k, int expectedRows) {
      if (m < 1) {
        throw new IllegalArgumentException("a label matrix needs at least 1 labeling function, got " + m);
      }
      if (k < 2) {
        throw new IllegalArgumentException("a label matrix needs at least 2 classes, got " + k);
      }
      if ((long) m * k > MAX_FEATURES) {
        throw new IllegalArgumentException(
            "m * k = " + ((long) m * k) + " exceeds the supported " + MAX_FEATURES + " (m=" + m + ", k=" + k + ")");
      }
      this.m = m;
      this.k = k;
      this.rowStart = new int[Math.max(expectedRows, 1) + 1];
      this.features = new char[Math.max(16, expectedRows * 2)];
    }

    /** Appends one item's m votes. */
    public Builder addRow(int[] votes) {
      if (votes.length != m) {
        throw new IllegalArgumentException(
            "row " + n + " has " + votes.length + " labeling-function votes, expected " + m);
      }
      int start = rowStart[n];
      ensureFeatures(start + m);
      int p = start;
      for (int j = 0; j < m; j++) {
        int v = votes[j];
        if (v == ABSTAIN) {
          continue;
        }
        if (v < 0 || v >= k) {
          throw new IllegalArgumentException(
              "row " + n + " labeling function " + j + " votes " + v + ", outside {-1} ∪ [0, " + k + ")");
        }
        features[p++] = (char) (j * k + v);
      }
      if (n + 1 >= rowStart.length) {
        rowStart = Arrays.copyOf(rowStart, rowStart.length * 2);
      }
      rowStart[++n] = p;
      return this;
    }

    private void ensureFeatures(int needed) {
      if (needed > features.length) {
        long grown = Math.max((long) needed, (long) features.length * 3 / 2);
        if (grown > Integer.MAX_VALUE - 8) {
          throw new IllegalArgumentException("label matrix exceeds 2^31 non-abstain votes");
        }
        features = Arrays.copyOf(features, (int) grown);
      }
    }

    public LabelMatrix build() {
      return new LabelMatrix(n, m, k, Arrays.copyOf(rowStart, n + 1), Arrays.copyOf(features, rowStart[n]));
    }
  }
}
