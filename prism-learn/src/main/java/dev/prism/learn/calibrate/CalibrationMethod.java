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

  public static CalibrationMethod parse(String s) {
    for (CalibrationMethod m : values()) {
      if (m.key().equals(s)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown calibration method '" + s + "' (known: none, platt, isotonic)");
  }
}
