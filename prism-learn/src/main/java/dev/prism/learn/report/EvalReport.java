package dev.prism.learn.report;

import dev.prism.learn.metrics.Confusion;
import dev.prism.learn.metrics.Curves;
import dev.prism.learn.metrics.Interval;
import dev.prism.learn.metrics.Metric;
import dev.prism.learn.metrics.PairedDifference;
import dev.prism.learn.metrics.ThresholdTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything an evaluation found; rendered as HTML by {@link HtmlReport} and JSON by {@link ReportJson}. */
public record EvalReport(
    String title,
    String modelName,
    Map<String, String> context,
    int n,
    int positives,
    double threshold,
    BootstrapInfo bootstrap,
    Map<Metric, Interval> metrics,
    Confusion confusion,
    List<ThresholdTable.Row> thresholdTable,
    Optional<TargetPrecision> targetPrecision,
    List<Curves.RocPoint> roc,
    List<Curves.PrPoint> pr,
    List<Curves.ReliabilityBin> reliability,
    Curves.Histogram histogram,
    List<SliceTable> slices,
    Optional<Comparison> comparison) {

  /** How the intervals were computed. */
  public record BootstrapInfo(int resamples, double confidence, long seed, String method) {}

  /** The lowest threshold reaching a target precision; {@code row} empty when none does. */
  public record TargetPrecision(double target, Optional<ThresholdTable.Row> row) {}

  /** Metrics per value of one metadata field. */
  public record SliceTable(String field, List<SliceRow> rows, int pooledValues) {}

  public record SliceRow(String value, int n, int positives, Map<Metric, Interval> metrics) {}

  /**
   * This model (the evaluated one, {@link EvalReport#modelName()}) against another on the same
   * items. Every difference is <b>this model minus the other</b>.
   */
  public record Comparison(
      String otherModel, double otherThreshold, Map<Metric, PairedDifference> differences, int flippedCount, List<Flip> flipped,
      List<Curves.RocPoint> otherRoc, List<Curves.PrPoint> otherPr) {}

  /** An item whose decision differs between the two models. */
  public record Flip(String id, String text, int label, double thisScore, double otherScore, boolean thisDecision, boolean otherDecision) {
    /** Whether this model's decision is the correct one (the decisions differ, so then the other's is wrong). */
    public boolean thisRight() {
      return thisDecision == (label == 1);
    }
  }
}
