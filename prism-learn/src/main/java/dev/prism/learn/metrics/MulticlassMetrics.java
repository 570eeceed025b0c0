package dev.prism.learn.metrics;

import java.util.Arrays;

/**
 * Evaluation of a k-class probabilistic classifier (any k ≥ 2) on hard gold labels: accuracy,
 * per-class precision / recall / F1 and their macro average (scikit-learn's definitions: a class
 * with no true and no predicted item is left out of the average, an undefined precision or recall
 * is 0), the confusion matrix, mean log-loss and the top-label expected calibration error.
 *
 * <p>The prediction is the most probable class (the lowest index on an exact tie). Top-label ECE:
 * items are binned by their highest probability into {@link BinaryMetrics#ECE_BINS} equal-width
 * bins on [0, 1]; ECE = Σ_b (n_b / n) · |mean confidence_b − accuracy_b| (Guo et al. 2017).
 *
 * @param confusion {@code confusion[gold][predicted]} counts
 * @param logLoss mean −log p(gold), with p clipped at {@link #LOG_LOSS_FLOOR}
 */
public record MulticlassMetrics(int n, int k, double accuracy, double macroF1, double[] precision, double[] recall,
    double[] f1, int[] support, int[][] confusion, double logLoss, double ece) {

  /** Probabilities below this count as this in the log-loss (scikit-learn clips at machine epsilon). */
  public static final double LOG_LOSS_FLOOR = 1e-15;

  /**
   * @param probs n rows of k probabilities
   * @param gold n labels in [0, k)
   */
  public static MulticlassMetrics of(double[][] probs, int[] gold) {
    if (probs.length != gold.length) {
      throw new IllegalArgumentException("got " + probs.length + " probability rows for " + gold.length + " labels");
    }
    if (gold.length == 0) {
      throw new IllegalArgumentException("no items to evaluate");
    }
    int k = probs[0].length;
    if (k < 2) {
      throw new IllegalArgumentException("need at least 2 classes, got " + k);
    }
    int n = gold.length;
    int[][] confusion = new int[k][k];
    double logLoss = 0;
    double[] binConf = new double[BinaryMetrics.ECE_BINS];
    double[] binRight = new double[BinaryMetrics.ECE_BINS];
    int[] binCount = new int[BinaryMetrics.ECE_BINS];
    int correct = 0;
    for (int i = 0; i < n; i++) {
      double[] p = probs[i];
      if (p.length != k) {
        throw new IllegalArgumentException("row " + i + " has " + p.length + " probabilities, expected " + k);
      }
      int g = gold[i];
      if (g < 0 || g >= k) {
        throw new IllegalArgumentException("gold label " + g + " at row " + i + " outside [0, " + k + ")");
      }
      int arg = 0;
      for (int c = 1; c < k; c++) {
        if (p[c] > p[arg]) {
          arg = c;
        }
      }
      confusion[g][arg]++;
      if (arg == g) {
        correct++;
      }
      logLoss -= Math.log(Math.max(p[g], LOG_LOSS_FLOOR));
      int b = BinaryMetrics.eceBin(p[arg]);
      binConf[b] += p[arg];
      binRight[b] += arg == g ? 1 : 0;
      binCount[b]++;
    }
    double ece = 0;
    for (int b = 0; b < binCount.length; b++) {
      if (binCount[b] > 0) {
        ece += Math.abs(binConf[b] - binRight[b]) / n;
      }
    }
    double[] prec = new double[k];
    double[] rec = new double[k];
    double[] f1 = new double[k];
    int[] support = new int[k];
    double macro = 0;
    int present = 0;
    for (int c = 0; c < k; c++) {
      int tp = confusion[c][c];
      int predicted = 0;
      for (int g = 0; g < k; g++) {
        predicted += confusion[g][c];
        support[c] += confusion[c][g];
      }
      prec[c] = predicted == 0 ? 0 : tp / (double) predicted;
      rec[c] = support[c] == 0 ? 0 : tp / (double) support[c];
      f1[c] = prec[c] + rec[c] == 0 ? 0 : 2 * prec[c] * rec[c] / (prec[c] + rec[c]);
      if (predicted > 0 || support[c] > 0) {
        macro += f1[c];
        present++;
      }
    }
    return new MulticlassMetrics(n, k, correct / (double) n, macro / present, prec, rec, f1, support, confusion,
        logLoss / n, ece);
  }

  @Override
  public double[] precision() {
    return precision.clone();
  }

  @Override
  public double[] recall() {
    return recall.clone();
  }

  @Override
  public double[] f1() {
    return f1.clone();
  }

  @Override
  public int[] support() {
    return support.clone();
  }

  @Override
  public int[][] confusion() {
    return Arrays.stream(confusion).map(int[]::clone).toArray(int[][]::new);
  }
}
