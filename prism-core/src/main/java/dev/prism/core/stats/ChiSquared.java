package dev.prism.core.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Pearson's chi-squared tests without continuity correction: independence in a contingency table
 * (scipy's {@code chi2_contingency(correction=False)}) and goodness of fit of observed counts to
 * expected proportions (scipy's {@code chisquare}). The p-value is the chi-squared survival function,
 * the regularized upper incomplete gamma function {@code Q(dof/2, χ²/2)} ({@link Gamma}).
 */
public final class ChiSquared {

  private ChiSquared() {}

  /**
   * Independence of rows and columns of a table of counts (e.g. rows = reference and window, columns
   * = classes). Rows and columns that are all zero are dropped first — a class seen in neither
   * sample carries no evidence, and its expected count 0 would divide by zero (scipy refuses such a
   * table instead); the degrees of freedom are those of the reduced table, {@code (r-1)(c-1)}. A
   * reduced table with one row or one column has 0 degrees of freedom: statistic 0, p-value 1.
   */
  public static ChiSquaredResult contingency(long[][] table) {
    if (table.length == 0) {
      throw new IllegalArgumentException("contingency table has no rows");
    }
    int cols = table[0].length;
    for (int r = 0; r < table.length; r++) {
      if (table[r].length != cols) {
        throw new IllegalArgumentException("contingency table row " + r + " has " + table[r].length
            + " columns, row 0 has " + cols);
      }
      for (int c = 0; c < cols; c++) {
        if (table[r][c] < 0) {
          throw new IllegalArgumentException("contingency table [" + r + "][" + c + "] = " + table[r][c] + " is negative");
        }
      }
    }
    double[] rowSum = new double[table.length];
    double[] colSum = new double[cols];
    double total = 0;
    for (int r = 0; r < table.length; r++) {
      for (int c = 0; c < cols; c++) {
        rowSum[r] += table[r][c];
        colSum[c] += table[r][c];
        total += table[r][c];
      }
    }
    if (total == 0) {
      throw new IllegalArgumentException("contingency table is all zeros");
    }
    List<Integer> rows = new ArrayList<>();
    List<Integer> columns = new ArrayList<>();
    for (int r = 0; r < table.length; r++) {
      if (rowSum[r] > 0) {
        rows.add(r);
      }
    }
    for (int c = 0; c < cols; c++) {
      if (colSum[c] > 0) {
        columns.add(c);
      }
    }
    int dof = (rows.size() - 1) * (columns.size() - 1);
    if (dof == 0) {
      return new ChiSquaredResult(0.0, 0, 1.0);
    }
    double stat = 0;
    for (int r : rows) {
      for (int c : columns) {
        double e = rowSum[r] * colSum[c] / total;
        double d = table[r][c] - e;
        stat += d * d / e;
      }
    }
    return new ChiSquaredResult(stat, dof, survival(stat, dof));
  }

  /**
   * Goodness of fit of {@code observed} counts to {@code expectedProportions} (normalized to sum 1,
   * each &gt; 0), {@code k - 1} degrees of freedom for {@code k} categories.
   */
  public static ChiSquaredResult goodnessOfFit(long[] observed, double[] expectedProportions) {
    if (observed.length != expectedProportions.length || observed.length < 2) {
      throw new IllegalArgumentException("need at least 2 categories and one expected proportion each: "
          + observed.length + " observed, " + expectedProportions.length + " proportions");
    }
    double n = Psi.sum(observed, "observed");
    double ps = 0;
    for (int i = 0; i < expectedProportions.length; i++) {
      double p = expectedProportions[i];
      if (!(p > 0) || !Double.isFinite(p)) {
        throw new IllegalArgumentException("expected proportion [" + i + "] = " + p + " is not a positive number");
      }
      ps += p;
    }
    double stat = 0;
    for (int i = 0; i < observed.length; i++) {
      double e = n * expectedProportions[i] / ps;
      double d = observed[i] - e;
      stat += d * d / e;
    }
    int dof = observed.length - 1;
    return new ChiSquaredResult(stat, dof, survival(stat, dof));
  }

  /** {@code P(χ²_dof ≥ x)}. */
  public static double survival(double x, int dof) {
    if (dof <= 0) {
      throw new IllegalArgumentException("degrees of freedom = " + dof + ": must be positive");
    }
    if (x <= 0) {
      return 1.0;
    }
    return Gamma.regularizedUpper(dof / 2.0, x / 2.0);
  }
}
