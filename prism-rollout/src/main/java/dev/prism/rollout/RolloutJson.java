package dev.prism.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** A rollout as JSON, the same for {@code prism rollout status --json} and {@code GET /v1/rollouts/{id}}. */
public final class RolloutJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RolloutJson() {}

  public static ObjectNode of(Rollout r, Optional<GuardrailReport> live) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", r.id());
    o.put("signal", r.signal());
    o.put("candidate", r.signal() + "@v" + r.candidateVersion());
    o.put("baseline", r.signal() + "@v" + r.baselineVersion());
    o.put("state", r.state().db());
    o.put("step", r.stepName());
    o.put("step_index", r.stepIndex());
    o.put("steps", r.plan().stepsText());
    o.put("min_step_ms", r.plan().minStepMs());
    o.put("min_step_items", r.plan().minStepItems());
    o.put("step_started_at", r.stepStartedAt().toString());
    o.put("outcome", r.outcome());
    JsonNode g;
    try {
      g = JSON.readTree(r.guardrailsJson());
    } catch (java.io.IOException e) {
      g = JSON.createObjectNode();
    }
    o.set("guardrails", g);
    live.ifPresent(rep -> o.set("guardrails_live", JSON.valueToTree(RolloutController.values(rep))));
    o.put("created_by", r.createdBy());
    o.put("created_at", r.createdAt().toString());
    o.put("updated_at", r.updatedAt().toString());
    return o;
  }
}
