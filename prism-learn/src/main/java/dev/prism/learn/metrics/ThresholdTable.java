package dev.prism.learn.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Threshold metrics at a grid of thresholds, and the threshold that reaches a target precision. */
public final class ThresholdTable {
  /** Default grid step: thresholds 0.05, 0.10, …, 0.95. */
  public static final double DEFAULT_STEP = 0.05;

  private ThresholdTable() {}

  /** One row: the confusion counts at "score ≥ threshold" and the rates they imply. */
  public record Row(double threshold, int tp, int fp, int tn, int fn, double precision, double recall, double f1, double fpr, double predictedPositiveRate) {
    static Row of(Confusion c) {
      return new Row(c.threshold(), (int) c.tp(), (int) c.fp(), (int) c.tn(), (int) c.fn(),
          c.precision(), c.recall(), c.f1(), c.fpr(), c.predictedPositiveRate());
    }
  }

  public static Row at(ScoredLabels d, double threshold) {
    return Row.of(BinaryMetrics.confusion(d, d.unitWeights(), threshold));
  }

  /** Rows at step, 2·step, … below 1 (e.g. 0.05 … 0.95). */
  public static List<Row> grid(ScoredLabels d, double step) {
    if (!(step > 0 && step < 1)) {
      throw new IllegalArgumentException("threshold step must be in (0, 1), got " + step);
    }
    List<Row> out = new ArrayList<>();
    int steps = (int) Math.round(1 / step);
    for (int k = 1; k < steps; k++) {
      out.add(at(d, Math.round(k * step * 1e9) / 1e9));
    }
    return out;
  }

  /**
   * The lowest threshold (so the highest recall) among the observed scores at which precision is
   * at least {@code target}; empty when no threshold reaches it. Precision is not monotone in the
   * threshold, so every distinct score is checked.
   */
  public static Optional<Row> forTargetPrecision(ScoredLabels d, double target) {
    if (!(target > 0 && target <= 1)) {
      throw new IllegalArgumentException("target precision must be in (0, 1], got " + target);
    }
    double best = Double.NaN;
    for (ScoredLabels.Cut c : d.cuts()) {
      if (c.tp() / (c.tp() + c.fp()) >= target) {
        best = c.threshold();
      }
    }
    return Double.isNaN(best) ? Optional.empty() : Optional.of(at(d, best));
  }
}
