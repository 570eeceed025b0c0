package dev.prism.learn.report;

import dev.prism.learn.metrics.Bootstrap;
import dev.prism.learn.metrics.ThresholdTable;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What an evaluation computes.
 *
 * @param threshold decision threshold of the evaluated model (positive ⇔ score ≥ threshold)
 * @param compareThreshold decision threshold of the compared model
 * @param targetPrecision when present, the report names the lowest threshold reaching it
 * @param sliceFields metadata fields to slice by
 */
public record EvalOptions(
    double threshold, double compareThreshold, OptionalDouble targetPrecision, List<String> sliceFields, Bootstrap bootstrap, double thresholdStep) {

  public static final double DEFAULT_THRESHOLD = 0.5;

  public EvalOptions {
    if (!(threshold >= 0 && threshold <= 1) || !(compareThreshold >= 0 && compareThreshold <= 1)) {
      throw new IllegalArgumentException("thresholds must be in [0, 1], got " + threshold + " and " + compareThreshold);
    }
    sliceFields = List.copyOf(sliceFields);
  }

  public static EvalOptions defaults() {
    return new EvalOptions(DEFAULT_THRESHOLD, DEFAULT_THRESHOLD, OptionalDouble.empty(), List.of(), Bootstrap.defaults(), ThresholdTable.DEFAULT_STEP);
  }

  public EvalOptions withSlices(List<String> fields) {
    return new EvalOptions(threshold, compareThreshold, targetPrecision, fields, bootstrap, thresholdStep);
  }

  public EvalOptions withTargetPrecision(double p) {
    return new EvalOptions(threshold, compareThreshold, OptionalDouble.of(p), sliceFields, bootstrap, thresholdStep);
  }

  public EvalOptions withBootstrap(Bootstrap b) {
    return new EvalOptions(threshold, compareThreshold, targetPrecision, sliceFields, b, thresholdStep);
  }
}
