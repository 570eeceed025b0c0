package dev.prism.learn.calibrate;

import java.util.Locale;

/** Which calibrator to fit on the validation split. */
public enum CalibrationMethod {
  NONE,
  PLATT,
  ISOTONIC;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * What consumers of a head calibrated this way may assume about its numbers: the default
   * calibration statement of the head's output contract.
   */
  public String defaultStatement() {
    return switch (this) {
      case NONE -> "uncalibrated head output; not guaranteed to be a frequency";
      case PLATT -> "Platt-scaled on the validation split: among items scored p, about p are positive"
          + " (on data like the training snapshot)";
      case ISOTONIC -> "isotonic-calibrated on the validation split: among items scored p, about p are positive"
          + " (on data like the training snapshot)";
    };
  }

  public static CalibrationMethod parse(String s) {
    for (CalibrationMethod m : values()) {
      if (m.key().equals(s)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown calibration method '" + s + "' (known: none, platt, isotonic)");
  }
}
