package dev.prism.learn.report;

import dev.prism.learn.metrics.BinaryMetrics;
import dev.prism.learn.metrics.Curves;
import dev.prism.learn.metrics.Interval;
import dev.prism.learn.metrics.IntervalMethod;
import dev.prism.learn.metrics.Metric;
import dev.prism.learn.metrics.PairedDifference;
import dev.prism.learn.metrics.ThresholdTable;
import java.util.List;
import java.util.Map;

/**
 * Renders an {@link EvalReport} as one self-contained HTML page: inline CSS and SVG, no scripts,
 * no external resources. Every text that comes from data (model names, metadata values, item
 * texts) is escaped with {@link Html#escape}.
 */
public final class HtmlReport {
  /** Flipped examples shown in the page (the JSON lists more). */
  public static final int MAX_FLIPPED_SHOWN = 100;

  private HtmlReport() {}

  public static String render(EvalReport r) {
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(Html.escape(r.title())).append("</title>\n<style>")
        .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#222;max-width:1280px}")
        .append("h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}")
        .append("table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}")
        .append("th{background:#f4f4f4}td.l,th.l{text-align:left}.plots{display:flex;flex-wrap:wrap;gap:12px}")
        .append("svg{background:#fff;border:1px solid #eee}svg .t{font-size:13px;font-weight:600}svg .k{font-size:10px}svg .a{font-size:11px}")
        .append("svg .big{font-size:18px;font-weight:600}.note{color:#555;font-size:12px}.good{color:#1a7f37}.bad{color:#b42318}")
        .append("td.txt{text-align:left;max-width:520px;overflow-wrap:anywhere}")
        .append("</style></head><body>\n");
    b.append("<h1>").append(Html.escape(r.title())).append("</h1>\n");
    b.append("<table><tr><th class=\"l\">model</th><td class=\"l\">").append(Html.escape(r.modelName())).append("</td></tr>");
    for (Map.Entry<String, String> e : r.context().entrySet()) {
      b.append("<tr><th class=\"l\">").append(Html.escape(e.getKey())).append("</th><td class=\"l\">")
          .append(Html.escape(e.getValue())).append("</td></tr>");
    }
    b.append("<tr><th class=\"l\">items</th><td class=\"l\">").append(r.n()).append(" (").append(r.positives())
        .append(" positive, ").append(r.n() - r.positives()).append(" negative)</td></tr>");
    b.append("<tr><th class=\"l\">decision threshold</th><td class=\"l\">score ≥ ").append(Html.num(r.threshold())).append("</td></tr></table>\n");

    b.append("<h2>Metrics</h2>\n").append(metricTable(r.metrics()));
    b.append("<p class=\"note\">").append(Html.escape(pct(r.bootstrap().confidence()) + " intervals: " + r.bootstrap().method()
        + " (seed " + r.bootstrap().seed() + "). Threshold metrics use score ≥ threshold; precision is 0 when nothing is predicted positive. "
        + "PR-AUC is average precision. ECE uses " + BinaryMetrics.ECE_BINS + " equal-width bins of the positive-class probability; "
        + "its plug-in value is biased upward, so its interval is bias-corrected, and an interval below the value means the data say "
        + "the value overstates the miscalibration."))
        .append("</p>\n");

    b.append("<h2>Plots</h2>\n<div class=\"plots\">");
    double[] fpr = r.roc().stream().mapToDouble(Curves.RocPoint::fpr).toArray();
    double[] tpr = r.roc().stream().mapToDouble(Curves.RocPoint::tpr).toArray();
    b.append(Svg.curves("ROC (AUC " + Html.num(r.metrics().get(Metric.ROC_AUC).value()) + ")", "false-positive rate", "true-positive rate",
        List.of(new Svg.Series(r.modelName(), Svg.COLOR_A, fpr, tpr, false)), true, Double.NaN, false));
    double[] rec = r.pr().stream().mapToDouble(Curves.PrPoint::recall).toArray();
    double[] prec = r.pr().stream().mapToDouble(Curves.PrPoint::precision).toArray();
    b.append(Svg.curves("Precision–recall (AP " + Html.num(r.metrics().get(Metric.PR_AUC).value()) + ")", "recall", "precision",
        List.of(new Svg.Series(r.modelName(), Svg.COLOR_A, rec, prec, true)), false, r.n() == 0 ? Double.NaN : (double) r.positives() / r.n(), true));
    b.append(Svg.reliability(r.reliability(), r.n()));
    b.append(Svg.histogram(r.histogram()));
    b.append(Svg.confusion(r.confusion()));
    b.append("</div>\n<p class=\"note\">Dashed lines: chance (ROC), positive rate (precision–recall), perfect calibration (reliability).</p>\n");

    b.append("<h2>Thresholds</h2>\n");
    r.targetPrecision().ifPresent(tp -> {
      b.append("<p>Target precision ").append(Html.num(tp.target())).append(": ");
      if (tp.row().isPresent()) {
        ThresholdTable.Row row = tp.row().get();
        b.append("lowest threshold reaching it is <b>").append(Html.num(row.threshold())).append("</b> (precision ")
            .append(Html.num(row.precision())).append(", recall ").append(Html.num(row.recall())).append(").");
      } else {
        b.append("<span class=\"bad\">no threshold reaches it on this data.</span>");
      }
      b.append("</p>\n");
    });
    b.append("<table><tr><th>threshold</th><th>TP</th><th>FP</th><th>TN</th><th>FN</th><th>precision</th><th>recall</th><th>F1</th><th>FPR</th><th>predicted positive</th></tr>");
    for (ThresholdTable.Row row : r.thresholdTable()) {
      b.append("<tr><td>").append(Html.num(row.threshold())).append("</td><td>").append(row.tp()).append("</td><td>").append(row.fp())
          .append("</td><td>").append(row.tn()).append("</td><td>").append(row.fn()).append("</td><td>").append(Html.num(row.precision()))
          .append("</td><td>").append(Html.num(row.recall())).append("</td><td>").append(Html.num(row.f1())).append("</td><td>")
          .append(Html.num(row.fpr())).append("</td><td>").append(Html.num(row.predictedPositiveRate())).append("</td></tr>");
    }
    b.append("</table>\n");

    for (EvalReport.SliceTable st : r.slices()) {
      b.append("<h2>Slices by ").append(Html.escape(st.field())).append("</h2>\n");
      if (st.pooledValues() > 0) {
        b.append("<p class=\"note\">").append(st.pooledValues()).append(" smaller values pooled into ")
            .append(Html.escape(Evaluator.OTHER_VALUE)).append(".</p>");
      }
      b.append("<table><tr><th class=\"l\">value</th><th>n</th><th>positives</th>");
      Metric[] shown = {Metric.ACCURACY, Metric.PRECISION, Metric.RECALL, Metric.F1, Metric.ROC_AUC, Metric.ECE};
      for (Metric m : shown) {
        b.append("<th>").append(m.key()).append(" [CI]</th>");
      }
      b.append("</tr>");
      for (EvalReport.SliceRow row : st.rows()) {
        b.append("<tr><td class=\"l\">").append(Html.escape(row.value())).append("</td><td>").append(row.n()).append("</td><td>")
            .append(row.positives()).append("</td>");
        for (Metric m : shown) {
          Interval iv = row.metrics().get(m);
          b.append("<td>").append(Html.num(iv.value())).append(" [").append(Html.num(iv.low())).append(", ").append(Html.num(iv.high())).append("]</td>");
        }
        b.append("</tr>");
      }
      b.append("</table>\n");
    }

    r.comparison().ifPresent(c -> {
      String self = Html.escape(r.modelName());
      String other = Html.escape(c.otherModel());
      b.append("<h2>Comparison: ").append(self).append(" vs ").append(other).append("</h2>\n<p class=\"note\">Same items. Every difference is <b>")
          .append(self).append(" − ").append(other).append("</b> (this model minus the compared one): positive means ").append(self)
          .append(" scores higher. Paired bootstrap, ").append(r.bootstrap().resamples()).append(" resamples, intervals as above. ")
          .append(other).append("'s threshold ").append(Html.num(c.otherThreshold())).append(".</p>");
      b.append("<table><tr><th class=\"l\">metric</th><th>").append(self).append("</th><th>").append(other).append("</th><th>")
          .append(self).append(" − ").append(other).append("</th><th>").append(pct(r.bootstrap().confidence()))
          .append(" CI</th><th>p (two-sided)</th><th class=\"l\">verdict</th></tr>");
      for (PairedDifference d : c.differences().values()) {
        String verdict = d.thisSignificantlyBetter() ? "<span class=\"good\">" + self + " better</span>"
            : d.thisSignificantlyWorse() ? "<span class=\"bad\">" + other + " better</span>" : "no significant difference";
        b.append("<tr><td class=\"l\">").append(d.metric().key()).append(d.metric().higherIsBetter() ? " ↑" : " ↓").append("</td><td>")
            .append(Html.num(d.thisValue())).append("</td><td>").append(Html.num(d.otherValue())).append("</td><td>").append(Html.num(d.diff()))
            .append("</td><td>[").append(Html.num(d.low())).append(", ").append(Html.num(d.high())).append("]</td><td>")
            .append(Html.num(d.pValue())).append("</td><td class=\"l\">").append(verdict).append("</td></tr>");
      }
      b.append("</table>\n<div class=\"plots\">");
      b.append(Svg.curves("ROC", "false-positive rate", "true-positive rate", List.of(
          new Svg.Series(r.modelName(), Svg.COLOR_A, fpr, tpr, false),
          new Svg.Series(c.otherModel(), Svg.COLOR_B, c.otherRoc().stream().mapToDouble(Curves.RocPoint::fpr).toArray(),
              c.otherRoc().stream().mapToDouble(Curves.RocPoint::tpr).toArray(), false)), true, Double.NaN, false));
      b.append(Svg.curves("Precision–recall", "recall", "precision", List.of(
          new Svg.Series(r.modelName(), Svg.COLOR_A, rec, prec, true),
          new Svg.Series(c.otherModel(), Svg.COLOR_B, c.otherPr().stream().mapToDouble(Curves.PrPoint::recall).toArray(),
              c.otherPr().stream().mapToDouble(Curves.PrPoint::precision).toArray(), true)), false, Double.NaN, true));
      b.append("</div>\n");
      long thisRight = c.flipped().stream().filter(EvalReport.Flip::thisRight).count();
      b.append("<p>").append(c.flippedCount()).append(" items changed decision; of the listed ").append(c.flipped().size())
          .append(", ").append(self).append(" is right on ").append(thisRight).append(" and ").append(other).append(" on ")
          .append(c.flipped().size() - thisRight).append(". Largest score changes first.</p>\n");
      b.append("<table><tr><th class=\"l\">id</th><th>label</th><th>score ").append(self).append("</th><th>score ").append(other)
          .append("</th><th class=\"l\">right</th><th class=\"l\">text</th></tr>");
      for (EvalReport.Flip f : c.flipped().subList(0, Math.min(MAX_FLIPPED_SHOWN, c.flipped().size()))) {
        b.append("<tr><td class=\"l\">").append(Html.escape(f.id())).append("</td><td>").append(f.label()).append("</td><td>")
            .append(Html.num(f.thisScore())).append("</td><td>").append(Html.num(f.otherScore())).append("</td><td class=\"l\">")
            .append(f.thisRight() ? self : other).append("</td><td class=\"txt\">").append(Html.escape(abbreviate(f.text()))).append("</td></tr>");
      }
      b.append("</table>\n");
    });
    b.append("<p class=\"note\">Generated by Prism prism-learn; the same numbers are in the JSON report.</p>\n</body></html>\n");
    return b.toString();
  }

  private static String metricTable(Map<Metric, Interval> metrics) {
    StringBuilder b = new StringBuilder("<table><tr><th class=\"l\">metric</th><th>value</th><th>CI low</th><th>CI high</th>"
        + "<th class=\"l\">interval</th><th>defined in resamples</th></tr>");
    for (Map.Entry<Metric, Interval> e : metrics.entrySet()) {
      Interval iv = e.getValue();
      b.append("<tr><td class=\"l\">").append(e.getKey().key()).append(e.getKey().higherIsBetter() ? " ↑" : " ↓").append("</td><td>")
          .append(Html.num(iv.value())).append("</td><td>").append(Html.num(iv.low())).append("</td><td>").append(Html.num(iv.high()))
          .append("</td><td class=\"l\">").append(iv.method() == IntervalMethod.PERCENTILE ? "percentile" : "bias-corrected (BC)")
          .append("</td><td>").append(iv.resamples()).append("</td></tr>");
    }
    return b.append("</table>\n").toString();
  }

  private static String pct(double c) {
    return Math.round(c * 100) + " %";
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "…";
  }
}
