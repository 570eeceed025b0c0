package dev.prism.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.auth.Principal;
import dev.prism.core.auth.Scope;
import dev.prism.registry.AliasMove;
import dev.prism.registry.AliasTarget;
import dev.prism.registry.ModelRef;
import dev.prism.registry.ModelRegistry;
import dev.prism.registry.ModelVersion;
import dev.prism.registry.UnknownModelException;
import dev.prism.registry.VersionDiff;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code /v1/models…}: the model registry over HTTP. Reads need scope {@code read} (open unless
 * {@code server.auth.read=token}); changes need {@code write} and are audited by {@link Access}.
 * The registry's own errors become problems: an unknown version or alias 404, any other bad input
 * 400 with the registry's message.
 *
 * <p>{@code POST /v1/models} takes the artifact's bytes as the body, unchanged (its SHA-256 is its
 * identity, so it is not wrapped in another JSON document); the server's body limit applies.
 */
final class ModelsHandler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ModelRegistry registry;
  private final Function<Context, byte[]> bodyReader;

  ModelsHandler(ModelRegistry registry, Function<Context, byte[]> bodyReader) {
    this.registry = registry;
    this.bodyReader = bodyReader;
  }

  /** The routes, registered through {@code route} so each gets its scope check and audit. */
  void install(PrismServer server) {
    server.route(HandlerType.GET, "/v1/models", Scope.READ, guarded(this::list));
    server.route(HandlerType.POST, "/v1/models", Scope.WRITE, guarded(this::register));
    server.route(HandlerType.GET, "/v1/models/{signal}/versions/{version}", Scope.READ, guarded(this::show));
    server.route(HandlerType.GET, "/v1/models/{signal}/aliases", Scope.READ, guarded(this::aliases));
    server.route(HandlerType.GET, "/v1/models/{signal}/aliases/{alias}", Scope.READ, guarded(this::resolveAlias));
    server.route(HandlerType.PUT, "/v1/models/{signal}/aliases/{alias}", Scope.WRITE, guarded(this::setAlias));
    server.route(HandlerType.POST, "/v1/models/{signal}/aliases/{alias}/rollback", Scope.WRITE, guarded(this::rollback));
    server.route(HandlerType.GET, "/v1/models/{signal}/history", Scope.READ, guarded(this::history));
    server.route(HandlerType.GET, "/v1/models/{signal}/diff", Scope.READ, guarded(this::diff));
  }

  /** The registry's exceptions as problems (also for {@link RolloutsHandler}: rollouts name registry versions). */
  static Handler guarded(Handler h) {
    return ctx -> {
      try {
        h.handle(ctx);
      } catch (UnknownModelException e) {
        throw new Problem.Failure(new Problem(Problem.BASE + "not-found", "Not found", 404, e.getMessage()), null);
      } catch (IllegalArgumentException e) {
        throw Problem.badRequest(e.getMessage());
      }
    };
  }

  /** Who made a write, as the registry records it: {@code token:<id>}, or {@code anonymous}. */
  static String actor(Context ctx) {
    Principal p = ctx.attribute(Access.PRINCIPAL);
    return p == null ? "anonymous" : "token:" + p.tokenId();
  }

  private void list(Context ctx) {
    String signal = ctx.queryParam("signal");
    ArrayNode versions = JSON.createArrayNode();
    registry.list(signal == null || signal.isBlank() ? null : signal).forEach(v -> versions.add(version(v)));
    ObjectNode out = JSON.createObjectNode();
    out.set("versions", versions);
    json(ctx, 200, out);
  }

  private void register(Context ctx) {
    byte[] body = bodyReader.apply(ctx);
    String note = Optional.ofNullable(ctx.queryParam("note")).orElse("");
    ModelRegistry.Registration r = registry.register(body, "request body", null, null, actor(ctx), note);
    ObjectNode out = version(r.version());
    out.put("created", r.created());
    json(ctx, r.created() ? 201 : 200, out);
  }

  private void show(Context ctx) {
    json(ctx, 200, version(registry.resolve(ModelRef.parse(ctx.pathParam("signal") + "@v" + ctx.pathParam("version")))));
  }

  private void aliases(Context ctx) {
    ArrayNode out = JSON.createArrayNode();
    registry.aliases(ctx.pathParam("signal")).forEach(a -> out.add(alias(a)));
    ObjectNode root = JSON.createObjectNode();
    root.set("aliases", out);
    json(ctx, 200, root);
  }

  private void resolveAlias(Context ctx) {
    ModelRef ref = ModelRef.parse(ctx.pathParam("signal") + "@" + ctx.pathParam("alias"));
    if (ref.alias().isEmpty()) {
      throw Problem.badRequest("'" + ctx.pathParam("alias") + "' is a version, not an alias; use /versions/{version}");
    }
    ObjectNode out = version(registry.resolve(ref));
    out.put("alias", ref.alias().get());
    json(ctx, 200, out);
  }

  /** Body: {@code {"version": 2, "reason": "…"}} or {@code {"target": "canary", "reason": "…"}} (another alias). */
  private void setAlias(Context ctx) {
    JsonNode body = body(ctx);
    String signal = ctx.pathParam("signal");
    int version;
    if (body.path("version").canConvertToInt() && body.path("version").isIntegralNumber()) {
      version = body.get("version").asInt();
    } else if (body.path("target").isTextual()) {
      version = registry.resolve(ModelRef.parse(signal + "@" + body.get("target").asText())).version();
    } else {
      throw Problem.badRequest("body needs \"version\" (an integer) or \"target\" (an alias or vN), and \"reason\"");
    }
    Optional<AliasMove> m = registry.setAlias(signal, ctx.pathParam("alias"), version, actor(ctx), body.path("reason").asText(""));
    ObjectNode out = JSON.createObjectNode();
    out.put("signal", signal);
    out.put("alias", ctx.pathParam("alias"));
    out.put("version", version);
    out.put("changed", m.isPresent());
    m.ifPresent(x -> out.set("move", move(x)));
    json(ctx, 200, out);
  }

  private void rollback(Context ctx) {
    JsonNode body = body(ctx);
    AliasMove m = registry.rollback(ctx.pathParam("signal"), ctx.pathParam("alias"), actor(ctx), body.path("reason").asText(""));
    json(ctx, 200, move(m));
  }

  private void history(Context ctx) {
    ArrayNode out = JSON.createArrayNode();
    registry.history(ctx.pathParam("signal"), ctx.queryParam("alias")).forEach(m -> out.add(move(m)));
    ObjectNode root = JSON.createObjectNode();
    root.set("history", out);
    json(ctx, 200, root);
  }

  private void diff(Context ctx) {
    String signal = ctx.pathParam("signal");
    String a = ctx.queryParam("a");
    String b = ctx.queryParam("b");
    if (a == null || b == null) {
      throw Problem.badRequest("diff needs query parameters a and b (vN or an alias), e.g. ?a=production&b=v3");
    }
    VersionDiff d = ModelRegistry.diff(registry.resolve(ModelRef.parse(signal + "@" + a)),
        registry.resolve(ModelRef.parse(signal + "@" + b)));
    ObjectNode out = JSON.createObjectNode();
    out.put("a", d.a().ref());
    out.put("b", d.b().ref());
    out.set("fields", changes(d.fields()));
    out.set("config", changes(d.config()));
    ArrayNode metrics = out.putArray("metrics");
    for (VersionDiff.MetricDelta m : d.metrics()) {
      ObjectNode x = metrics.addObject();
      x.put("split", m.split());
      x.put("metric", m.metric());
      m.a().ifPresentOrElse(v -> x.put("a", v), () -> x.putNull("a"));
      m.b().ifPresentOrElse(v -> x.put("b", v), () -> x.putNull("b"));
      m.delta().ifPresentOrElse(v -> x.put("b_minus_a", v), () -> x.putNull("b_minus_a"));
    }
    json(ctx, 200, out);
  }

  private static ArrayNode changes(List<VersionDiff.Change> changes) {
    ArrayNode out = JSON.createArrayNode();
    for (VersionDiff.Change c : changes) {
      ObjectNode x = out.addObject();
      x.put("name", c.name());
      c.a().ifPresentOrElse(v -> x.put("a", v), () -> x.putNull("a"));
      c.b().ifPresentOrElse(v -> x.put("b", v), () -> x.putNull("b"));
    }
    return out;
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

  static ObjectNode version(ModelVersion v) {
    ObjectNode o = JSON.createObjectNode();
    o.put("ref", v.ref());
    o.put("signal", v.signal());
    o.put("version", v.version());
    o.put("spec", v.spec());
    o.put("artifact_sha256", v.artifactSha256());
    o.put("artifact_bytes", v.artifactBytes());
    o.put("head_name", v.headName());
    o.put("head_version", v.headVersion());
    o.put("training_data_sha256", v.trainingDataSha256());
    o.put("label_source", v.labelSource());
    o.put("code_version", v.codeVersion());
    o.put("trained_at", v.trainedAt());
    ObjectNode config = o.putObject("config");
    v.config().forEach(config::put);
    ObjectNode metrics = o.putObject("metrics");
    v.metrics().forEach((split, m) -> {
      ObjectNode s = metrics.putObject(split);
      m.forEach(s::put);
    });
    v.reportSha256().ifPresentOrElse(r -> o.put("report_sha256", r), () -> o.putNull("report_sha256"));
    o.put("note", v.note());
    o.put("registered_by", v.registeredBy());
    o.put("registered_at", v.registeredAt().toString());
    return o;
  }

  private static ObjectNode alias(AliasTarget a) {
    ObjectNode o = JSON.createObjectNode();
    o.put("alias", a.alias());
    o.put("version", a.version());
    o.put("updated_at", a.updatedAt().toString());
    o.put("updated_by", a.updatedBy());
    return o;
  }

  private static ObjectNode move(AliasMove m) {
    ObjectNode o = JSON.createObjectNode();
    o.put("seq", m.seq());
    o.put("signal", m.signal());
    o.put("alias", m.alias());
    m.fromVersion().ifPresentOrElse(v -> o.put("from_version", v), () -> o.putNull("from_version"));
    o.put("to_version", m.toVersion());
    o.put("kind", m.kind());
    o.put("actor", m.actor());
    o.put("reason", m.reason());
    o.put("at", m.at().toString());
    return o;
  }

  private static void json(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType("application/json").result(body.toString());
  }
}
