package dev.prism.learn;

import dev.prism.learn.calibrate.CalibrationMethod;
import dev.prism.learn.model.HeadConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to train one head.
 *
 * @param standardize fit a {@link dev.prism.learn.features.Standardizer} on the training split
 *     (off: identity, useful for count features whose zeros should stay zeros)
 * @param classes class names, index = class id; binary heads use index 1 as the positive class
 */
public record TrainingOptions(HeadConfig head, boolean standardize, CalibrationMethod calibration, List<String> classes) {
  public TrainingOptions {
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(calibration, "calibration");
    classes = List.copyOf(classes);
    if (classes.size() < 2) {
      throw new IllegalArgumentException("a head needs at least 2 classes, got " + classes);
    }
  }

  /** Configuration as flat strings for provenance. */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>(head.describe());
    m.put("standardize", Boolean.toString(standardize));
    m.put("calibration", calibration.key());
    m.put("classes", String.join(",", classes));
    return m;
  }
}
