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

  /** Model B (the other) against model A (the evaluated one) on the same items. */
  public record Comparison(
      String otherModel, double otherThreshold, Map<Metric, PairedDifference> differences, int flippedCount, List<Flip> flipped,
      List<Curves.RocPoint> otherRoc, List<Curves.PrPoint> otherPr) {}

  /** An item whose decision differs between the two models. */
  public record Flip(String id, String text, int label, double scoreA, double scoreB, boolean decisionA, boolean decisionB) {
    /** Whether model B's decision is the correct one (then A's was wrong). */
    public boolean fixedByB() {
      return decisionB == (label == 1);
    }
  }
}
