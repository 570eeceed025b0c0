package dev.prism.label.model;

import java.util.Locale;

/**
 * The metric a dataset is scored and selected by, as in WRENCH: accuracy for balanced tasks, F1 of
 * the positive class for imbalanced binary tasks (WRENCH scores sms, census, cdr, spouse, basketball,
 * tennis and commercial by F1, youtube, imdb, yelp, agnews, trec and semeval by accuracy).
 */
public enum EvalMetric {
  ACCURACY("accuracy"),
  F1_POSITIVE("F1 of the positive class"),
  MACRO_F1("macro-F1");

  /**
   * A binary task whose positive class is rarer than this on the labelled split is imbalanced and
   * scored by positive-class F1. WRENCH's F1 datasets have 4–32 % positives, its accuracy datasets
   * about 50 %; a third sits between the two groups. With few positives accuracy rewards predicting
   * the majority class, F1 does not.
   */
  public static final double IMBALANCED_POSITIVE_SHARE = 1.0 / 3;

  private final String description;

  EvalMetric(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  /**
   * The default metric for a dataset: {@link #F1_POSITIVE} when it is binary and the positive class
   * makes up less than {@link #IMBALANCED_POSITIVE_SHARE} of the labelled items, else {@link
   * #ACCURACY}.
   *
   * @param labels gold labels of a labelled split (valid); negative entries are skipped
   */
  public static EvalMetric defaultFor(int k, int[] labels, int positiveClass) {
    if (k != 2) {
      return ACCURACY;
    }
    int n = 0;
    int pos = 0;
    for (int y : labels) {
      if (y >= 0) {
        n++;
        if (y == positiveClass) {
          pos++;
        }
      }
    }
    return n > 0 && pos < IMBALANCED_POSITIVE_SHARE * n ? F1_POSITIVE : ACCURACY;
  }

  /** Parses {@code acc}/{@code accuracy}, {@code f1} or {@code macro_f1}. */
  public static EvalMetric parse(String s) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "acc", "accuracy" -> ACCURACY;
      case "f1", "f1_binary", "f1_positive" -> F1_POSITIVE;
      case "macro_f1", "f1_macro", "macro-f1" -> MACRO_F1;
      default -> throw new IllegalArgumentException("metric must be acc, f1 or macro_f1, got '" + s + "'");
    };
  }
}
