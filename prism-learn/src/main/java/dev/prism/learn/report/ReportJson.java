package dev.prism.learn.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.learn.metrics.Confusion;
import dev.prism.learn.metrics.Curves;
import dev.prism.learn.metrics.Interval;
import dev.prism.learn.metrics.Metric;
import dev.prism.learn.metrics.PairedDifference;
import dev.prism.learn.metrics.ThresholdTable;
import java.util.Map;

/**
 * The report's numbers as JSON ({@code format_version} 2). Undefined values (a ROC-AUC without
 * negatives, an empty reliability bin) are {@code null}, never NaN, so any JSON parser reads it.
 *
 * <p>Version 2 (from 1): every interval names its {@code ci_method}; the comparison names {@code
 * this_model} and {@code other_model} and states every difference as this minus other ({@code
 * differences.<metric>.this_minus_other}; version 1 had {@code differences_b_minus_a}, other minus
 * this); slice rows of numeric ranges are in numeric order.
 */
public final class ReportJson {
  public static final int FORMAT_VERSION = 2;
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  public static String toJson(EvalReport r) {
    try {
      return MAPPER.writeValueAsString(toTree(r));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the evaluation report", e);
    }
  }

  public static ObjectNode toTree(EvalReport r) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    root.put("title", r.title());
    root.put("model", r.modelName());
    ObjectNode ctx = root.putObject("context");
    r.context().forEach(ctx::put);
    ObjectNode data = root.putObject("data");
    data.put("n", r.n());
    data.put("positives", r.positives());
    data.put("negatives", r.n() - r.positives());
    num(root, "threshold", r.threshold());
    ObjectNode bs = root.putObject("bootstrap");
    bs.put("resamples", r.bootstrap().resamples());
    bs.put("confidence", r.bootstrap().confidence());
    bs.put("seed", r.bootstrap().seed());
    bs.put("method", r.bootstrap().method());
    root.set("metrics", intervals(r.metrics()));
    root.set("confusion_matrix", confusion(r.confusion()));
    ArrayNode tt = root.putArray("threshold_table");
    r.thresholdTable().forEach(row -> tt.add(row(row)));
    r.targetPrecision().ifPresent(tp -> {
      ObjectNode o = root.putObject("target_precision");
      num(o, "target", tp.target());
      if (tp.row().isPresent()) {
        o.set("at", row(tp.row().get()));
      } else {
        o.putNull("at");
      }
    });
    ObjectNode curves = root.putObject("curves");
    ArrayNode roc = curves.putArray("roc");
    for (Curves.RocPoint p : r.roc()) {
      ObjectNode o = roc.addObject();
      num(o, "fpr", p.fpr());
      num(o, "tpr", p.tpr());
      num(o, "threshold", p.threshold());
    }
    ArrayNode pr = curves.putArray("precision_recall");
    for (Curves.PrPoint p : r.pr()) {
      ObjectNode o = pr.addObject();
      num(o, "recall", p.recall());
      num(o, "precision", p.precision());
      num(o, "threshold", p.threshold());
    }
    ArrayNode rel = root.putArray("reliability");
    for (Curves.ReliabilityBin b : r.reliability()) {
      ObjectNode o = rel.addObject();
      num(o, "lower", b.lower());
      num(o, "upper", b.upper());
      o.put("count", b.count());
      num(o, "mean_predicted", b.meanPredicted());
      num(o, "fraction_positive", b.fractionPositive());
    }
    ObjectNode hist = root.putObject("score_histogram");
    ArrayNode edges = hist.putArray("edges");
    for (double e : r.histogram().edges()) {
      edges.add(e);
    }
    ArrayNode hp = hist.putArray("positives");
    for (int c : r.histogram().positives()) {
      hp.add(c);
    }
    ArrayNode hn = hist.putArray("negatives");
    for (int c : r.histogram().negatives()) {
      hn.add(c);
    }
    ObjectNode slices = root.putObject("slices");
    for (EvalReport.SliceTable st : r.slices()) {
      ObjectNode s = slices.putObject(st.field());
      s.put("pooled_values", st.pooledValues());
      ArrayNode rows = s.putArray("rows");
      for (EvalReport.SliceRow sr : st.rows()) {
        ObjectNode o = rows.addObject();
        o.put("value", sr.value());
        o.put("n", sr.n());
        o.put("positives", sr.positives());
        o.set("metrics", intervals(sr.metrics()));
      }
    }
    r.comparison().ifPresent(c -> {
      ObjectNode o = root.putObject("comparison");
      o.put("this_model", r.modelName());
      o.put("other_model", c.otherModel());
      num(o, "other_threshold", c.otherThreshold());
      o.put("difference", "this_model minus other_model: " + r.modelName() + " minus " + c.otherModel());
      ObjectNode diffs = o.putObject("differences");
      for (Map.Entry<Metric, PairedDifference> e : c.differences().entrySet()) {
        PairedDifference d = e.getValue();
        ObjectNode x = diffs.putObject(e.getKey().key());
        num(x, "this", d.thisValue());
        num(x, "other", d.otherValue());
        num(x, "this_minus_other", d.diff());
        num(x, "ci_low", d.low());
        num(x, "ci_high", d.high());
        x.put("ci_method", d.method().key());
        num(x, "p_value", d.pValue());
        x.put("resamples", d.resamples());
        x.put("verdict", d.thisSignificantlyBetter() ? "this_better" : d.thisSignificantlyWorse() ? "other_better" : "no_significant_difference");
      }
      o.put("flipped_count", c.flippedCount());
      ArrayNode fl = o.putArray("flipped");
      for (EvalReport.Flip f : c.flipped()) {
        ObjectNode x = fl.addObject();
        x.put("id", f.id());
        x.put("text", f.text());
        x.put("label", f.label());
        num(x, "score_this", f.thisScore());
        num(x, "score_other", f.otherScore());
        x.put("decision_this", f.thisDecision() ? 1 : 0);
        x.put("decision_other", f.otherDecision() ? 1 : 0);
        x.put("right", f.thisRight() ? "this" : "other");
      }
    });
    return root;
  }

  private static ObjectNode intervals(Map<Metric, Interval> m) {
    ObjectNode o = MAPPER.createObjectNode();
    for (Map.Entry<Metric, Interval> e : m.entrySet()) {
      ObjectNode x = o.putObject(e.getKey().key());
      num(x, "value", e.getValue().value());
      num(x, "ci_low", e.getValue().low());
      num(x, "ci_high", e.getValue().high());
      x.put("resamples", e.getValue().resamples());
      x.put("ci_method", e.getValue().method().key());
    }
    return o;
  }

  private static ObjectNode confusion(Confusion c) {
    ObjectNode o = MAPPER.createObjectNode();
    num(o, "threshold", c.threshold());
    o.put("tp", (long) c.tp());
    o.put("fp", (long) c.fp());
    o.put("tn", (long) c.tn());
    o.put("fn", (long) c.fn());
    return o;
  }

  private static ObjectNode row(ThresholdTable.Row r) {
    ObjectNode o = MAPPER.createObjectNode();
    num(o, "threshold", r.threshold());
    o.put("tp", r.tp());
    o.put("fp", r.fp());
    o.put("tn", r.tn());
    o.put("fn", r.fn());
    num(o, "precision", r.precision());
    num(o, "recall", r.recall());
    num(o, "f1", r.f1());
    num(o, "fpr", r.fpr());
    num(o, "predicted_positive_rate", r.predictedPositiveRate());
    return o;
  }

  static void num(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }
}
