package dev.prism.label.synth;

import dev.prism.label.matrix.LabelMatrix;
import java.util.SplittableRandom;

/**
 * A label matrix drawn from the conditionally independent generative model with known parameters,
 * to test that a label model recovers them. For each item: Y ~ classBalance; for each LF j
 * independently, it votes with probability {@code coverage[j]} (independent of Y), and when it votes
 * it says Y with probability {@code accuracy[j]}, otherwise a uniformly chosen other class.
 *
 * @param trueLabels Y per item
 */
public record SyntheticLabels(LabelMatrix labels, int[] trueLabels, double[] accuracy, double[] coverage,
    double[] classBalance) {

  /** LF accuracies are drawn uniformly from this range: all better than random for k = 2. */
  public static final double MIN_ACCURACY = 0.55;

  public static final double MAX_ACCURACY = 0.95;

  /** LF coverages are drawn uniformly from this range. */
  public static final double MIN_COVERAGE = 0.05;

  public static final double MAX_COVERAGE = 0.30;

  /**
   * Draws LF parameters and a matrix. Same arguments, same matrix (one {@link SplittableRandom}).
   * The class balance is uniform.
   */
  public static SyntheticLabels generate(int n, int m, int k, long seed) {
    if (n < 1 || m < 1 || k < 2) {
      throw new IllegalArgumentException("need n >= 1, m >= 1, k >= 2; got n=" + n + " m=" + m + " k=" + k);
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] acc = new double[m];
    double[] cov = new double[m];
    for (int j = 0; j < m; j++) {
      acc[j] = MIN_ACCURACY + (MAX_ACCURACY - MIN_ACCURACY) * rnd.nextDouble();
      cov[j] = MIN_COVERAGE + (MAX_COVERAGE - MIN_COVERAGE) * rnd.nextDouble();
    }
    double[] balance = new double[k];
    java.util.Arrays.fill(balance, 1.0 / k);
    int[] y = new int[n];
    LabelMatrix.Builder b = new LabelMatrix.Builder(m, k, n);
    int[] row = new int[m];
    for (int i = 0; i < n; i++) {
      y[i] = rnd.nextInt(k);
      for (int j = 0; j < m; j++) {
        if (rnd.nextDouble() >= cov[j]) {
          row[j] = LabelMatrix.ABSTAIN;
        } else if (rnd.nextDouble() < acc[j]) {
          row[j] = y[i];
        } else {
          int other = rnd.nextInt(k - 1);
          row[j] = other >= y[i] ? other + 1 : other;
        }
      }
      b.addRow(row);
    }
    return new SyntheticLabels(b.build(), y, acc, cov, balance);
  }

  /**
   * A matrix in the regime of real LF sets such as WRENCH's: every LF has a fixed polarity (LF j
   * only ever votes class {@code j % k}), fires rarely, and the classes are imbalanced. LF j fires
   * with probability {@code hit_j} on items of its class and {@code hit_j · leak_j} on others, with
   * hit_j uniform in [minHit, maxHit] and leak_j uniform in [0.02, 0.42], so precision varies with
   * the class balance as it does for real rules. {@link #accuracy()} holds each LF's expected
   * precision P(Y = t_j | j votes) and {@link #coverage()} its expected coverage.
   *
   * @param classBalance P(Y = c), k entries summing to 1
   * @param lfSeed draws the LF parameters (use the same for train, valid and test)
   * @param seed draws the items
   */
  public static SyntheticLabels generateFixedPolarity(int n, int m, double[] classBalance, double minHit,
      double maxHit, long lfSeed, long seed) {
    int k = classBalance.length;
    if (n < 1 || m < 1 || k < 2) {
      throw new IllegalArgumentException("need n >= 1, m >= 1, k >= 2; got n=" + n + " m=" + m + " k=" + k);
    }
    if (!(minHit > 0) || !(maxHit >= minHit) || !(maxHit <= 1)) {
      throw new IllegalArgumentException("need 0 < minHit <= maxHit <= 1, got " + minHit + ", " + maxHit);
    }
    SplittableRandom lr = new SplittableRandom(lfSeed);
    double[] hit = new double[m];
    double[] leak = new double[m];
    double[] precision = new double[m];
    double[] cov = new double[m];
    for (int j = 0; j < m; j++) {
      hit[j] = minHit + (maxHit - minHit) * lr.nextDouble();
      leak[j] = 0.02 + 0.4 * lr.nextDouble();
      double pt = classBalance[j % k];
      double right = pt * hit[j];
      double wrong = (1 - pt) * hit[j] * leak[j];
      cov[j] = right + wrong;
      precision[j] = right / cov[j];
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] y = new int[n];
    int[] row = new int[m];
    LabelMatrix.Builder b = new LabelMatrix.Builder(m, k, n);
    for (int i = 0; i < n; i++) {
      double u = rnd.nextDouble();
      int c = 0;
      double acc = classBalance[0];
      while (u >= acc && c < k - 1) {
        acc += classBalance[++c];
      }
      y[i] = c;
      for (int j = 0; j < m; j++) {
        double p = j % k == c ? hit[j] : hit[j] * leak[j];
        row[j] = rnd.nextDouble() < p ? j % k : LabelMatrix.ABSTAIN;
      }
      b.addRow(row);
    }
    return new SyntheticLabels(b.build(), y, precision, cov, classBalance.clone());
  }

  /**
   * How well a label model recovered the LF accuracies: the LF with the largest absolute error
   * between its estimated and its true accuracy. An estimate that is NaN (an LF the model could not
   * estimate) counts as an infinite error.
   *
   * @param worstLf index of that LF, or -1 when every estimate is exact
   */
  public record Recovery(int worstLf, double maxError) {}

  /** Compares estimated LF accuracies (one per LF, e.g. a fitted model's) with {@link #accuracy()}. */
  public Recovery recovery(double[] estimatedAccuracy) {
    if (estimatedAccuracy.length != accuracy.length) {
      throw new IllegalArgumentException("got " + estimatedAccuracy.length + " estimated accuracies for "
          + accuracy.length + " LFs");
    }
    double maxError = 0;
    int worst = -1;
    for (int j = 0; j < accuracy.length; j++) {
      double e = Math.abs(estimatedAccuracy[j] - accuracy[j]);
      if (Double.isNaN(e) || e > maxError) {
        maxError = Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
        worst = j;
      }
    }
    return new Recovery(worst, maxError);
  }
}
