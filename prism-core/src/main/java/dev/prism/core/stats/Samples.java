package dev.prism.core.stats;

import java.util.Arrays;

/** Input checks shared by the statistics: a sample is non-empty and holds finite numbers only. */
final class Samples {

  private Samples() {}

  /** A sorted copy of {@code values}; throws naming {@code what} and the first bad index. */
  static double[] sortedFinite(double[] values, String what) {
    checkFinite(values, what);
    double[] s = values.clone();
    Arrays.sort(s);
    return s;
  }

  static void checkFinite(double[] values, String what) {
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException(what + " is empty: a statistic needs at least one value");
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(what + "[" + i + "] = " + values[i] + " is not a finite number");
      }
    }
  }
}
