package dev.prism.monitor.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.io.SignalJson;
import dev.prism.monitor.drift.Check;
import dev.prism.monitor.drift.MonitorReport;
import dev.prism.monitor.drift.SeriesDrift;
import dev.prism.monitor.drift.SignalDrift;
import java.util.Map;

/**
 * The report as JSON: {@code breached}, {@code breaches} (each check past its threshold), and per
 * signal its coverage, errors, latency, versions, series statistics and checks. Undefined numbers
 * (NaN) are written as null.
 */
public final class MonitorJson {
  private MonitorJson() {}

  public static ObjectNode of(MonitorReport r) {
    ObjectNode o = SignalJson.MAPPER.createObjectNode();
    o.put("reference", r.reference()).put("window", r.window()).put("generated_at", r.generatedAt().toString());
    o.put("breached", r.breached());
    ArrayNode b = o.putArray("breaches");
    r.breaches().forEach(c -> b.add(check(c)));
    ObjectNode settings = o.putObject("settings");
    r.settings().forEach(settings::put);
    ArrayNode notes = o.putArray("notes");
    r.notes().forEach(notes::add);
    ArrayNode sigs = o.putArray("signals");
    for (SignalDrift s : r.signals()) {
      ObjectNode so = sigs.addObject();
      so.put("signal", s.signal()).put("kind", s.kind()).put("breached", s.breached());
      so.put("reference_rows", s.referenceRows()).put("window_rows", s.windowRows());
      num(so, "reference_coverage", s.referenceCoverage());
      num(so, "window_coverage", s.windowCoverage());
      num(so, "reference_error_rate", s.referenceErrorRate());
      num(so, "window_error_rate", s.windowErrorRate());
      latency(so, "reference_latency_ms", s.latencyReferenceMs());
      latency(so, "window_latency_ms", s.latencyWindowMs());
      counts(so.putObject("reference_versions"), s.referenceVersions());
      counts(so.putObject("window_versions"), s.windowVersions());
      ArrayNode series = so.putArray("series");
      s.series().forEach(d -> series.add(series(d)));
      ArrayNode checks = so.putArray("checks");
      s.checks().forEach(c -> checks.add(check(c)));
    }
    return o;
  }

  static ObjectNode check(Check c) {
    ObjectNode o = SignalJson.MAPPER.createObjectNode();
    o.put("series", c.series()).put("statistic", c.statistic().key());
    num(o, "value", c.value());
    num(o, "threshold", c.threshold());
    num(o, "p_value", c.pValue());
    o.put("status", c.status().name().toLowerCase(java.util.Locale.ROOT));
    return o;
  }

  private static ObjectNode series(SeriesDrift d) {
    ObjectNode o = SignalJson.MAPPER.createObjectNode();
    o.put("series", d.series());
    switch (d) {
      case SeriesDrift.Scalar s -> {
        o.put("type", "scalar").put("reference_n", s.referenceN()).put("window_n", s.windowN());
        num(o, "reference_mean", s.referenceMean());
        num(o, "window_mean", s.windowMean());
        num(o, "psi", s.psi().psi());
        num(o, "ks", s.ks().statistic());
        num(o, "ks_p_value", s.ks().pValue());
        num(o, "js", s.js());
        num(o, "wasserstein", s.wasserstein());
        ArrayNode e = o.putArray("bin_edges");
        for (double x : s.psi().edges()) {
          e.add(x);
        }
        ArrayNode rc = o.putArray("reference_bin_counts");
        for (long x : s.psi().referenceCounts()) {
          rc.add(x);
        }
        ArrayNode wc = o.putArray("window_bin_counts");
        for (long x : s.psi().windowCounts()) {
          wc.add(x);
        }
      }
      case SeriesDrift.Label l -> {
        o.put("type", "label");
        counts(o.putObject("reference_counts"), l.reference());
        counts(o.putObject("window_counts"), l.window());
        num(o, "chi_squared", l.chiSquared().statistic());
        o.put("degrees_of_freedom", l.chiSquared().degreesOfFreedom());
        num(o, "p_value", l.chiSquared().pValue());
        num(o, "max_share_change", l.maxShareChange());
        o.put("max_share_class", l.maxShareClass());
      }
      case SeriesDrift.Embedding m -> {
        o.put("type", "embedding").put("dim", m.dim()).put("reference_n", m.referenceN()).put("window_n", m.windowN());
        num(o, "mean_shift", m.meanShift());
        num(o, "mean_distance", m.meanDistance());
        num(o, "domain_auc", m.domainAuc());
        o.put("domain_train_items", m.trainItems()).put("domain_test_items", m.testItems());
      }
    }
    return o;
  }

  private static void latency(ObjectNode o, String field, double[] p) {
    if (p.length == 3) {
      ObjectNode l = o.putObject(field);
      num(l, "p50", p[0]);
      num(l, "p90", p[1]);
      num(l, "p99", p[2]);
    }
  }

  private static void counts(ObjectNode o, Map<String, Long> m) {
    m.forEach(o::put);
  }

  static void num(ObjectNode o, String field, double v) {
    if (Double.isFinite(v)) {
      o.put(field, v);
    } else {
      o.putNull(field);
    }
  }
}
