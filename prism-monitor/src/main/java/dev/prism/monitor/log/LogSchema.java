package dev.prism.monitor.log;

import dev.prism.core.io.SignalJson;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The log's Parquet schema, its partition layout {@code signal=NAME@MAJOR/date=YYYY-MM-DD/hour=HH}
 * (UTC) and the row ↔ record mapping. Columns:
 * {@code item_id, signal, kind, model_id, model_version, artifact_sha256} (strings),
 * {@code served_at} (int64 timestamp, ms, UTC), {@code latency_ms}, {@code value} (probability or
 * score), {@code label}, {@code confidence}, {@code embedding} (list&lt;float&gt;), {@code features}
 * (a JSON object of name → number), {@code error}; a column not used by the row's kind is null.
 */
public final class LogSchema {
  public static final MessageType SCHEMA = new MessageType("prism_served",
      Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("item_id"),
      Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("signal"),
      Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("kind"),
      Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("model_id"),
      Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("model_version"),
      Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("artifact_sha256"),
      Types.required(PrimitiveTypeName.INT64)
          .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS)).named("served_at"),
      Types.optional(PrimitiveTypeName.DOUBLE).named("latency_ms"),
      Types.optional(PrimitiveTypeName.DOUBLE).named("value"),
      Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("label"),
      Types.optional(PrimitiveTypeName.DOUBLE).named("confidence"),
      Types.optionalList().requiredElement(PrimitiveTypeName.FLOAT).named("embedding"),
      Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("features"),
      Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("error"));

  private LogSchema() {}

  /** The partition directory (relative) of a row served at {@code millis} for {@code signal}. */
  public static String partition(String signal, long millis) {
    ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC);
    return String.format(java.util.Locale.ROOT, "signal=%s/date=%04d-%02d-%02d/hour=%02d", signal, t.getYear(),
        t.getMonthValue(), t.getDayOfMonth(), t.getHour());
  }

  static Group toGroup(SimpleGroupFactory f, ServedRow r) {
    Group g = f.newGroup();
    g.append("item_id", r.itemId()).append("signal", r.signal()).append("kind", r.kind());
    if (!r.modelId().isEmpty()) {
      g.append("model_id", r.modelId()).append("model_version", r.modelVersion()).append("artifact_sha256", r.artifactSha256());
    }
    g.append("served_at", r.servedAtMillis());
    if (Double.isFinite(r.latencyMs())) {
      g.append("latency_ms", r.latencyMs());
    }
    switch (r.value()) {
      case LoggedValue.Scalar s -> g.append("value", s.value());
      case LoggedValue.Category c -> g.append("label", c.label()).append("confidence", c.confidence());
      case LoggedValue.Vector v -> {
        Group list = g.addGroup("embedding");
        for (float x : v.values()) {
          list.addGroup("list").append("element", x);
        }
      }
      case LoggedValue.Named n -> {
        var o = SignalJson.MAPPER.createObjectNode();
        n.values().forEach(o::put);
        g.append("features", o.toString());
      }
      case LoggedValue.Failed e -> g.append("error", e.error());
      case LoggedValue.Present p -> { }
    }
    return g;
  }

  static ServedRow fromGroup(Group g, String where) {
    String kind = g.getString("kind", 0);
    LoggedValue v;
    if (g.getFieldRepetitionCount("error") > 0) {
      v = new LoggedValue.Failed(g.getString("error", 0));
    } else if (g.getFieldRepetitionCount("value") > 0) {
      v = new LoggedValue.Scalar(g.getDouble("value", 0));
    } else if (g.getFieldRepetitionCount("label") > 0) {
      v = new LoggedValue.Category(g.getString("label", 0),
          g.getFieldRepetitionCount("confidence") > 0 ? g.getDouble("confidence", 0) : Double.NaN);
    } else if (g.getFieldRepetitionCount("embedding") > 0) {
      Group list = g.getGroup("embedding", 0);
      int n = list.getFieldRepetitionCount("list");
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = list.getGroup("list", i).getFloat("element", 0);
      }
      v = new LoggedValue.Vector(x);
    } else if (g.getFieldRepetitionCount("features") > 0) {
      Map<String, Double> m = new LinkedHashMap<>();
      try {
        SignalJson.MAPPER.readTree(g.getString("features", 0)).properties()
            .forEach(e -> m.put(e.getKey(), e.getValue().asDouble()));
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException(where + ": features column is not a JSON object: " + e.getMessage(), e);
      }
      v = new LoggedValue.Named(m);
    } else {
      v = new LoggedValue.Present();
    }
    return new ServedRow(g.getString("item_id", 0), g.getString("signal", 0), kind,
        opt(g, "model_id"), opt(g, "model_version"), opt(g, "artifact_sha256"), g.getLong("served_at", 0),
        g.getFieldRepetitionCount("latency_ms") > 0 ? g.getDouble("latency_ms", 0) : Double.NaN, v);
  }

  private static String opt(Group g, String f) {
    return g.getFieldRepetitionCount(f) > 0 ? g.getString(f, 0) : "";
  }
}
