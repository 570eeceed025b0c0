package dev.prism.core.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.core.signal.PlatformInfo;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalValue;
import dev.prism.core.signal.ValueCodecs;

/**
 * The JSON forms of values, provenance and contracts. Shared by the HTTP API and the CLI's JSONL
 * output so that both speak the same wire format.
 */
public final class SignalJson {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private SignalJson() {}

  /** A value as JSON (its kind's {@link dev.prism.core.signal.ValueCodec} decides the form). */
  public static void putValue(ObjectNode parent, String field, SignalValue v) {
    parent.set(field, ValueCodecs.standard().toJson(v));
  }

  public static ObjectNode provenance(Provenance p) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("model_id", p.modelId()).put("model_version", p.modelVersion()).put("artifact_sha256", p.artifactSha256())
        .put("code_version", p.codeVersion());
    ObjectNode c = o.putObject("config");
    p.config().forEach(c::put);
    o.set("platform", platform(p.platform()));
    return o;
  }

  /**
   * Reads {@link #provenance(Provenance)}'s form back. A missing {@code platform} (provenance
   * written before Prism recorded it) is an error here: callers that accept old files check first.
   */
  public static Provenance provenance(JsonNode o, String where) {
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("'" + where + "' must be an object");
    }
    for (String f : new String[] {"model_id", "model_version", "artifact_sha256", "code_version"}) {
      if (!o.path(f).isTextual()) {
        throw new IllegalArgumentException(where + "." + f + " must be a string, got " + o.get(f));
      }
    }
    JsonNode c = o.get("config");
    if (c == null || !c.isObject()) {
      throw new IllegalArgumentException(where + ".config must be an object of strings");
    }
    java.util.Map<String, String> config = new java.util.TreeMap<>();
    c.properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));
    return new Provenance(o.get("model_id").asText(), o.get("model_version").asText(), o.get("artifact_sha256").asText(),
        o.get("code_version").asText(), config, platform(o.get("platform"), where + ".platform"));
  }

  /** {@code {"jvm": ..., "os": ..., "arch": ..., "cpus": n}}. */
  public static ObjectNode platform(PlatformInfo p) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("jvm", p.jvm()).put("os", p.os()).put("arch", p.arch()).put("cpus", p.cpus());
    return o;
  }

  /**
   * Reads {@link #platform(PlatformInfo)}'s form back.
   *
   * @param where what the object is, for error messages (e.g. {@code "provenance.platform"})
   */
  public static PlatformInfo platform(JsonNode o, String where) {
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("'" + where + "' must be an object with jvm, os, arch and cpus");
    }
    for (String f : new String[] {"jvm", "os", "arch"}) {
      if (!o.path(f).isTextual()) {
        throw new IllegalArgumentException(where + "." + f + " must be a string, got " + o.get(f));
      }
    }
    if (!o.path("cpus").isIntegralNumber()) {
      throw new IllegalArgumentException(where + ".cpus must be an integer, got " + o.get("cpus"));
    }
    try {
      return new PlatformInfo(o.get("jvm").asText(), o.get("os").asText(), o.get("arch").asText(), o.get("cpus").asInt());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  public static ObjectNode contract(SignalContract c) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("signal", c.spec().toString()).put("name", c.spec().name()).put("major", c.spec().major());
    ValueCodecs.standard().writeType(c.type(), o.putObject("type"));
    o.put("producer", c.producer()).put("owner", c.owner()).put("description", c.description())
        .put("calibration", c.calibration()).put("freshness", c.freshness()).put("coverage", c.coverage());
    return o;
  }
}
