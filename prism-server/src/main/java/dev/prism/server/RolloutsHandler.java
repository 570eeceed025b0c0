package dev.prism.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.auth.Scope;
import dev.prism.rollout.Rollout;
import dev.prism.rollout.RolloutController;
import dev.prism.rollout.RolloutJson;
import dev.prism.rollout.RolloutPlan;
import dev.prism.rollout.Rollouts;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.function.Function;

/**
 * {@code /v1/rollouts…}: start, watch, pause, resume and abort rollouts. Reads need scope
 * {@code read}; changes need {@code write} and are audited by {@link Access}. The state lives in the
 * metadata database, so a rollout started here and one started with {@code prism rollout start}
 * are the same; the server running the signal picks changes up within {@code rollout.poll_ms}.
 */
final class RolloutsHandler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RolloutController controller;
  private final Rollouts rollouts;
  private final Function<Context, byte[]> bodyReader;

  RolloutsHandler(RolloutController controller, Function<Context, byte[]> bodyReader) {
    this.controller = controller;
    this.rollouts = controller.rollouts();
    this.bodyReader = bodyReader;
  }

  void install(PrismServer server) {
    server.route(HandlerType.GET, "/v1/rollouts", Scope.READ, guarded(this::list));
    server.route(HandlerType.POST, "/v1/rollouts", Scope.WRITE, guarded(this::start));
    server.route(HandlerType.GET, "/v1/rollouts/{id}", Scope.READ, guarded(this::show));
    server.route(HandlerType.POST, "/v1/rollouts/{id}/pause", Scope.WRITE, guarded(ctx -> change(ctx, "pause")));
    server.route(HandlerType.POST, "/v1/rollouts/{id}/resume", Scope.WRITE, guarded(ctx -> change(ctx, "resume")));
    server.route(HandlerType.POST, "/v1/rollouts/{id}/abort", Scope.WRITE, guarded(ctx -> change(ctx, "abort")));
  }

  private static Handler guarded(Handler h) {
    return ModelsHandler.guarded(h);
  }

  private static String actor(Context ctx) {
    return ModelsHandler.actor(ctx);
  }

  private void list(Context ctx) {
    String signal = ctx.queryParam("signal");
    ArrayNode out = JSON.createArrayNode();
    rollouts.list(signal == null || signal.isBlank() ? null : signal)
        .forEach(r -> out.add(RolloutJson.of(r, controller.live(r))));
    ObjectNode root = JSON.createObjectNode();
    root.set("rollouts", out);
    json(ctx, 200, root);
  }

  /**
   * Body: {@code {"signal": "spam", "candidate": "v2", "reason": "…"}}, optionally {@code "steps"}
   * ({@code "shadow,1,10,50,100"}), {@code "min_step_ms"}, {@code "min_step_items"}; the server's
   * {@code rollout.plan.*} keys are the defaults.
   */
  private void start(Context ctx) {
    JsonNode body = body(ctx);
    String signal = text(body, "signal");
    String candidate = text(body, "candidate");
    RolloutPlan d = controller.defaultPlan();
    RolloutPlan plan = RolloutPlan.parse(body.path("steps").isTextual() ? body.get("steps").asText() : d.stepsText(),
        number(body, "min_step_ms", d.minStepMs()), number(body, "min_step_items", d.minStepItems()));
    Rollout r = rollouts.start(signal, candidate, plan, actor(ctx), body.path("reason").asText(""));
    json(ctx, 201, RolloutJson.of(r, java.util.Optional.empty()));
  }

  private void show(Context ctx) {
    Rollout r = rollouts.require(ctx.pathParam("id"));
    json(ctx, 200, RolloutJson.of(r, controller.live(r)));
  }

  private void change(Context ctx, String what) {
    JsonNode body = body(ctx);
    String id = ctx.pathParam("id");
    String reason = body.path("reason").asText("");
    Rollout r = switch (what) {
      case "pause" -> rollouts.pause(id, actor(ctx), reason);
      case "resume" -> rollouts.resume(id, actor(ctx), reason);
      default -> rollouts.abort(id, actor(ctx), reason);
    };
    json(ctx, 200, RolloutJson.of(r, java.util.Optional.empty()));
  }

  private static String text(JsonNode body, String field) {
    if (!body.path(field).isTextual() || body.get(field).asText().isBlank()) {
      throw Problem.badRequest("body needs \"" + field + "\" (a string)");
    }
    return body.get(field).asText();
  }

  private static long number(JsonNode body, String field, long def) {
    JsonNode n = body.get(field);
    if (n == null) {
      return def;
    }
    if (!n.isIntegralNumber() || n.asLong() < 0) {
      throw Problem.badRequest("\"" + field + "\" must be a whole number >= 0, got " + n);
    }
    return n.asLong();
  }

  private JsonNode body(Context ctx) {
    byte[] bytes = bodyReader.apply(ctx);
    try {
      JsonNode n = JSON.readTree(bytes);
      if (n == null || !n.isObject()) {
        throw Problem.badRequest("body must be a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw Problem.badRequest("malformed JSON: " + e.getMessage());
    }
  }

  private static void json(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType("application/json").result(body.toString());
  }
}
