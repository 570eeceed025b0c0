package dev.prism.label.model;

import dev.prism.label.matrix.LabelMatrix;

/**
 * Accuracy and positive-class F1 of hard predictions against gold labels. A prediction of {@link
 * LabelMatrix#ABSTAIN} counts as wrong (it is not a label) and is counted in {@code abstained}.
 */
public record Metrics(int n, int correct, int abstained, double accuracy, double precision, double recall, double f1) {

  public static Metrics of(int[] gold, int[] predicted, int positiveClass) {
    if (gold.length != predicted.length) {
      throw new IllegalArgumentException(
          "gold has " + gold.length + " labels but predictions " + predicted.length);
    }
    if (gold.length == 0) {
      throw new IllegalArgumentException("no items to evaluate");
    }
    int correct = 0;
    int abstained = 0;
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (int i = 0; i < gold.length; i++) {
      int g = gold[i];
      int p = predicted[i];
      if (p == LabelMatrix.ABSTAIN) {
        abstained++;
      }
      if (p == g) {
        correct++;
      }
      if (p == positiveClass && g == positiveClass) {
        tp++;
      } else if (p == positiveClass) {
        fp++;
      } else if (g == positiveClass) {
        fn++;
      }
    }
    double precision = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
    double recall = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
    double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    return new Metrics(gold.length, correct, abstained, correct / (double) gold.length, precision, recall, f1);
  }
}
