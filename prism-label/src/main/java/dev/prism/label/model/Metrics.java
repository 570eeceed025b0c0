package dev.prism.label.model;

import dev.prism.label.matrix.LabelMatrix;

/**
 * Accuracy, positive-class precision/recall/F1, and per-class precision, recall and F1 with their
 * macro average, of hard predictions against gold labels. A prediction of {@link
 * LabelMatrix#ABSTAIN} counts as wrong (it is not a label) and is counted in {@code abstained}.
 *
 * <p>Macro-F1 averages the F1 of the classes that occur in the gold labels or the predictions
 * (scikit-learn's {@code f1_score(average="macro")}, which WRENCH's {@code f1_macro} calls); a class
 * with no true and no predicted item has undefined F1 and is left out. Undefined precision or
 * recall (nothing predicted / nothing true) is 0, as scikit-learn's default.
 *
 * @param classPrecision precision per class index
 * @param classRecall recall per class index
 * @param classF1 F1 per class index
 * @param classSupport gold items per class index
 */
public record Metrics(int n, int correct, int abstained, double accuracy, double precision, double recall, double f1,
    double macroF1, double[] classPrecision, double[] classRecall, double[] classF1, int[] classSupport) {

  /** Scores with classes 0..max(label, prediction). */
  public static Metrics of(int[] gold, int[] predicted, int positiveClass) {
    int k = Math.max(positiveClass + 1, 2);
    for (int i = 0; i < gold.length; i++) {
      k = Math.max(k, Math.max(gold[i], predicted.length > i ? predicted[i] : 0) + 1);
    }
    return of(gold, predicted, positiveClass, k);
  }

  /** Scores with classes 0..k-1; gold labels must be in that range. */
  public static Metrics of(int[] gold, int[] predicted, int positiveClass, int k) {
    if (gold.length != predicted.length) {
      throw new IllegalArgumentException(
          "gold has " + gold.length + " labels but predictions " + predicted.length);
    }
    if (gold.length == 0) {
      throw new IllegalArgumentException("no items to evaluate");
    }
    if (positiveClass < 0 || positiveClass >= k) {
      throw new IllegalArgumentException("positive class " + positiveClass + " outside [0, " + k + ")");
    }
    int correct = 0;
    int abstained = 0;
    int[] tp = new int[k];
    int[] predCount = new int[k];
    int[] support = new int[k];
    for (int i = 0; i < gold.length; i++) {
      int g = gold[i];
      int p = predicted[i];
      if (g < 0 || g >= k) {
        throw new IllegalArgumentException("gold label " + g + " at position " + i + " outside [0, " + k + ")");
      }
      if (p < LabelMatrix.ABSTAIN || p >= k) {
        throw new IllegalArgumentException("prediction " + p + " at position " + i + " outside {-1} ∪ [0, " + k + ")");
      }
      support[g]++;
      if (p == LabelMatrix.ABSTAIN) {
        abstained++;
        continue;
      }
      predCount[p]++;
      if (p == g) {
        correct++;
        tp[g]++;
      }
    }
    double[] prec = new double[k];
    double[] rec = new double[k];
    double[] f1 = new double[k];
    double macro = 0;
    int present = 0;
    for (int c = 0; c < k; c++) {
      prec[c] = predCount[c] == 0 ? 0 : tp[c] / (double) predCount[c];
      rec[c] = support[c] == 0 ? 0 : tp[c] / (double) support[c];
      f1[c] = prec[c] + rec[c] == 0 ? 0 : 2 * prec[c] * rec[c] / (prec[c] + rec[c]);
      if (support[c] > 0 || predCount[c] > 0) {
        macro += f1[c];
        present++;
      }
    }
    return new Metrics(gold.length, correct, abstained, correct / (double) gold.length, prec[positiveClass],
        rec[positiveClass], f1[positiveClass], present == 0 ? 0 : macro / present, prec, rec, f1, support);
  }

  /** The value of {@code metric}. */
  public double get(EvalMetric metric) {
    return switch (metric) {
      case ACCURACY -> accuracy;
      case F1_POSITIVE -> f1;
      case MACRO_F1 -> macroF1;
    };
  }

  @Override
  public double[] classPrecision() {
    return classPrecision.clone();
  }

  @Override
  public double[] classRecall() {
    return classRecall.clone();
  }

  @Override
  public double[] classF1() {
    return classF1.clone();
  }

  @Override
  public int[] classSupport() {
    return classSupport.clone();
  }
}
