package dev.prism.core.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    return o;
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
