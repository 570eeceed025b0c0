package dev.prism.monitor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.io.SignalJson;
import dev.prism.monitor.drift.Check;
import dev.prism.monitor.drift.MonitorReport;
import dev.prism.monitor.drift.SignalDrift;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The events a breach fires: per breached signal one {@value #DRIFT} with the evidence (every
 * breached check: series, statistic, value, threshold, p-value; the reference and window) and one
 * {@value #RETRAIN} asking for a new version — a request for people or a pipeline to act on;
 * nothing is retrained here. The payload has the same envelope as the registry's events
 * ({@code id, type, signal, actor, at, data}; no {@code seq}: these events are not rows of the registry's event table), so the same webhook receivers take it.
 */
public final class DriftEvents {
  public static final String DRIFT = "monitor.drift";
  public static final String RETRAIN = "retrain.requested";

  /** One event: a fresh UUID, its type, the signal and the JSON body a webhook receives. */
  public record Event(String id, String type, String signal, String actor, Instant at, String payloadJson) {}

  private DriftEvents() {}

  public static List<Event> of(MonitorReport report, String actor, Instant at) {
    List<Event> out = new ArrayList<>();
    for (SignalDrift s : report.signals()) {
      if (!s.breached()) {
        continue;
      }
      ObjectNode evidence = SignalJson.MAPPER.createObjectNode();
      evidence.put("reference", report.reference()).put("window", report.window());
      ArrayNode checks = evidence.putArray("breaches");
      for (Check c : s.checks()) {
        if (c.breached()) {
          ObjectNode o = checks.addObject();
          o.put("series", c.series()).put("statistic", c.statistic().key()).put("value", c.value())
              .put("threshold", c.threshold());
          if (Double.isFinite(c.pValue())) {
            o.put("p_value", c.pValue());
          }
        }
      }
      out.add(event(DRIFT, s.signal(), actor, at, evidence));
      ObjectNode retrain = evidence.deepCopy();
      retrain.put("reason", "drift past threshold on " + s.signal() + "; retraining requested, not started");
      out.add(event(RETRAIN, s.signal(), actor, at, retrain));
    }
    return out;
  }

  private static Event event(String type, String signal, String actor, Instant at, ObjectNode evidence) {
    String id = UUID.randomUUID().toString();
    ObjectNode o = SignalJson.MAPPER.createObjectNode();
    o.put("id", id).put("type", type).put("signal", signal).put("actor", actor).put("at", at.toString());
    o.set("data", evidence);
    return new Event(id, type, signal, actor, at, o.toString());
  }
}
