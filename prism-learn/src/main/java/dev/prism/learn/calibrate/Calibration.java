package dev.prism.learn.calibrate;

import java.util.List;

/**
 * The calibration applied after a head. For two classes one calibrator maps the positive-class
 * probability and the negative class gets its complement. For k &gt; 2 classes there is one
 * calibrator per class (one-vs-rest) and the results are renormalised to sum to 1, as
 * scikit-learn's {@code CalibratedClassifierCV} does.
 *
 * @param perClass empty for {@link CalibrationMethod#NONE}; size 1 for binary; size k otherwise
 */
public record Calibration(CalibrationMethod method, List<Calibrator> perClass) {

  public Calibration {
    perClass = List.copyOf(perClass);
    if (method == CalibrationMethod.NONE && !perClass.isEmpty()) {
      throw new IllegalArgumentException("calibration 'none' takes no calibrators, got " + perClass.size());
    }
    for (Calibrator c : perClass) {
      if (!c.method().equals(method.key())) {
        throw new IllegalArgumentException("calibration '" + method.key() + "' holds a '" + c.method() + "' calibrator");
      }
    }
  }

  public static Calibration none() {
    return new Calibration(CalibrationMethod.NONE, List.of());
  }

  /** Checks the calibrator count against the head's class count. */
  public void requireClasses(int k) {
    int expected = method == CalibrationMethod.NONE ? 0 : k == 2 ? 1 : k;
    if (perClass.size() != expected) {
      throw new IllegalArgumentException("calibration '" + method.key() + "' for " + k + " classes needs "
          + expected + " calibrators, got " + perClass.size());
    }
  }

  public double[] apply(double[] p) {
    if (perClass.isEmpty()) {
      return p.clone();
    }
    int k = p.length;
    if (k == 2) {
      double q = perClass.get(0).apply(p[1]);
      return new double[] {1 - q, q};
    }
    double[] out = new double[k];
    double sum = 0;
    for (int c = 0; c < k; c++) {
      out[c] = perClass.get(c).apply(p[c]);
      sum += out[c];
    }
    if (!(sum > 0)) {
      return p.clone(); // every calibrator said 0: keep the head's distribution rather than divide by 0
    }
    for (int c = 0; c < k; c++) {
      out[c] /= sum;
    }
    return out;
  }

  /**
   * Fits calibrators on validation probabilities (n × k, from the head) and targets (n × k,
   * one-hot or soft).
   */
  public static Calibration fit(CalibrationMethod method, double[][] probs, double[][] targets) {
    if (method == CalibrationMethod.NONE) {
      return none();
    }
    if (probs.length == 0) {
      throw new IllegalArgumentException("calibration '" + method.key() + "' needs validation data, got none");
    }
    int k = probs[0].length;
    int[] classes = k == 2 ? new int[] {1} : java.util.stream.IntStream.range(0, k).toArray();
    List<Calibrator> cals = new java.util.ArrayList<>();
    for (int c : classes) {
      double[] pc = new double[probs.length];
      double[] tc = new double[probs.length];
      for (int i = 0; i < probs.length; i++) {
        pc[i] = probs[i][c];
        tc[i] = targets[i][c];
      }
      cals.add(method == CalibrationMethod.PLATT ? PlattScaling.fit(pc, tc) : IsotonicRegression.fit(pc, tc));
    }
    return new Calibration(method, cals);
  }
}
