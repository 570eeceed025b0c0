package dev.prism.monitor.report;

import dev.prism.learn.report.Html;
import dev.prism.monitor.drift.Check;
import dev.prism.monitor.drift.MonitorReport;
import dev.prism.monitor.drift.SeriesDrift;
import dev.prism.monitor.drift.SignalDrift;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The report as one self-contained HTML page (inline CSS and SVG, no scripts), in {@code prism eval}'s style. */
public final class MonitorHtml {
  private MonitorHtml() {}

  public static String render(MonitorReport r) {
    StringBuilder b = new StringBuilder(64 * 1024);
    String title = "Prism monitor: " + r.window() + " vs " + r.reference();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(Html.escape(title))
        .append("</title>\n<style>")
        .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#222;max-width:1280px}")
        .append("h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}h3{font-size:15px}")
        .append("table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}")
        .append("th{background:#f4f4f4}td.l,th.l{text-align:left}.plots{display:flex;flex-wrap:wrap;gap:12px}")
        .append("svg{background:#fff;border:1px solid #eee}svg .t{font-size:13px;font-weight:600}svg .k{font-size:10px}svg .a{font-size:11px}")
        .append(".note{color:#555;font-size:12px}.good{color:#1a7f37}.bad{color:#b42318;font-weight:600}")
        .append("</style></head><body>\n");
    b.append("<h1>").append(Html.escape(title)).append("</h1>\n");
    b.append("<table>");
    row(b, "reference", r.reference());
    row(b, "window", r.window());
    row(b, "generated", r.generatedAt().toString());
    for (Map.Entry<String, String> e : r.settings().entrySet()) {
      row(b, e.getKey(), e.getValue());
    }
    b.append("</table>\n");
    List<Check> breaches = r.breaches();
    b.append("<h2>Verdict</h2>\n");
    if (breaches.isEmpty()) {
      b.append("<p class=\"good\">No threshold breached.</p>\n");
    } else {
      b.append("<p class=\"bad\">").append(breaches.size()).append(" threshold(s) breached.</p>\n");
      checks(b, breaches);
    }
    if (!r.notes().isEmpty()) {
      b.append("<ul class=\"note\">");
      r.notes().forEach(n -> b.append("<li>").append(Html.escape(n)).append("</li>"));
      b.append("</ul>\n");
    }
    for (SignalDrift s : r.signals()) {
      signal(b, s);
    }
    b.append("<p class=\"note\">PSI over reference-decile bins (empty-bin shares floored at 1e-4); KS with the asymptotic "
        + "p-value; JS divergence in bits over the same bins; chi-squared without continuity correction. KS and class-share "
        + "checks breach only when the p-value is also below alpha. See MONITORING.md.</p>\n");
    return b.append("</body></html>\n").toString();
  }

  private static void signal(StringBuilder b, SignalDrift s) {
    b.append("<h2>").append(Html.escape(s.signal())).append(" <span class=\"note\">(").append(Html.escape(s.kind()))
        .append(")</span>").append(s.breached() ? " <span class=\"bad\">breach</span>" : " <span class=\"good\">ok</span>")
        .append("</h2>\n");
    b.append("<table><tr><th></th><th>rows</th><th>coverage</th><th>error rate</th><th>latency p50 / p90 / p99 ms</th>"
        + "<th class=\"l\">versions</th></tr>");
    side(b, "reference", s.referenceRows(), s.referenceCoverage(), s.referenceErrorRate(), s.latencyReferenceMs(),
        s.referenceVersions());
    side(b, "window", s.windowRows(), s.windowCoverage(), s.windowErrorRate(), s.latencyWindowMs(), s.windowVersions());
    b.append("</table>\n");
    checks(b, s.checks());
    List<String> plots = new ArrayList<>();
    for (SeriesDrift d : s.series()) {
      switch (d) {
        case SeriesDrift.Scalar x -> {
          plots.add(Plots.histogram(x.series() + ": histogram", x.psi().edges(), x.psi().referenceCounts(), x.psi().windowCounts()));
          plots.add(Plots.cdf(x.series() + ": CDF", x.referenceQuantiles(), x.windowQuantiles()));
        }
        case SeriesDrift.Label l -> {
          TreeSet<String> classes = new TreeSet<>(l.reference().keySet());
          classes.addAll(l.window().keySet());
          List<String> cl = new ArrayList<>(classes);
          double nr = l.reference().values().stream().mapToLong(Long::longValue).sum();
          double nw = l.window().values().stream().mapToLong(Long::longValue).sum();
          double[] rs = new double[cl.size()];
          double[] ws = new double[cl.size()];
          for (int i = 0; i < cl.size(); i++) {
            rs[i] = l.reference().getOrDefault(cl.get(i), 0L) / nr;
            ws[i] = l.window().getOrDefault(cl.get(i), 0L) / nw;
          }
          plots.add(Plots.shares(l.series() + ": class shares", cl, rs, ws));
          b.append("<p class=\"note\">chi-squared ").append(Html.num(l.chiSquared().statistic())).append(" on ")
              .append(l.chiSquared().degreesOfFreedom()).append(" degrees of freedom, p = ")
              .append(String.format(java.util.Locale.ROOT, "%.3g", l.chiSquared().pValue())).append("; largest share change ")
              .append(Html.num(l.maxShareChange())).append(" (").append(Html.escape(l.maxShareClass())).append(")</p>\n");
        }
        case SeriesDrift.Embedding m -> b.append("<p class=\"note\">").append(m.dim()).append(" dimensions, ")
            .append(m.referenceN()).append(" reference and ").append(m.windowN()).append(" window vectors: mean shift ")
            .append(Html.num(m.meanShift())).append(" (raw distance ").append(Html.num(m.meanDistance()))
            .append("), domain-classifier AUC ").append(Html.num(m.domainAuc())).append(" on ").append(m.testItems())
            .append(" held-out vectors (trained on ").append(m.trainItems()).append(")</p>\n");
      }
    }
    if (!plots.isEmpty()) {
      b.append("<div class=\"plots\">");
      plots.forEach(b::append);
      b.append("</div>\n");
    }
  }

  private static void side(StringBuilder b, String name, long rows, double cov, double err, double[] lat, Map<String, Long> versions) {
    b.append("<tr><th class=\"l\">").append(name).append("</th><td>").append(rows).append("</td><td>").append(Html.num(cov))
        .append("</td><td>").append(Html.num(err)).append("</td><td>");
    b.append(lat.length == 3 ? Html.num(lat[0]) + " / " + Html.num(lat[1]) + " / " + Html.num(lat[2]) : "—");
    b.append("</td><td class=\"l\">");
    StringBuilder v = new StringBuilder();
    versions.forEach((k, n) -> v.append(v.isEmpty() ? "" : ", ").append(k).append(": ").append(n));
    b.append(Html.escape(v.isEmpty() ? "—" : v.toString())).append("</td></tr>");
  }

  private static void checks(StringBuilder b, List<Check> checks) {
    b.append("<table><tr><th class=\"l\">series</th><th class=\"l\">statistic</th><th>value</th><th>threshold</th>"
        + "<th>p-value</th><th class=\"l\">status</th></tr>");
    for (Check c : checks) {
      b.append("<tr><td class=\"l\">").append(Html.escape(c.series())).append("</td><td class=\"l\">").append(c.statistic().key())
          .append("</td><td>").append(Html.num(c.value())).append("</td><td>").append(Html.num(c.threshold())).append("</td><td>")
          .append(Double.isFinite(c.pValue()) ? String.format(java.util.Locale.ROOT, "%.3g", c.pValue()) : "—")
          .append("</td><td class=\"l").append(c.breached() ? " bad" : "").append("\">")
          .append(c.status().name().toLowerCase(java.util.Locale.ROOT)).append("</td></tr>");
    }
    b.append("</table>\n");
  }

  private static void row(StringBuilder b, String k, String v) {
    b.append("<tr><th class=\"l\">").append(Html.escape(k)).append("</th><td class=\"l\">").append(Html.escape(v)).append("</td></tr>");
  }
}
