package dev.prism.learn.data;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.core.io.JsonlReader;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.core.signal.ValueCodec;
import dev.prism.core.signal.ValueCodecs;
import dev.prism.core.signal.ValueType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes training snapshots: JSON Lines, one item per line.
 *
 * <pre>{@code
 * {"id": "c-17", "text": "check out my channel",
 *  "features": {"text_embedding@1": [0.01, -0.2, ...], "text_stats@1": {"char_count": 20, ...}},
 *  "label": 1, "soft_label": [0.1, 0.9], "meta": {"video": "psy"}, "split": "train"}
 * }</pre>
 *
 * <ul>
 *   <li>{@code id} (string, required, unique in the file).
 *   <li>{@code features} (object, required): signal {@code name@major} → an array of numbers
 *       (an embedding), an object of name → number (named features, key order = feature order) or
 *       a number (a probability or score, one column).
 *   <li>{@code label} (optional): a class index (integer) or class name (string).
 *   <li>{@code soft_label} (optional): k probabilities summing to 1 (a label model's output).
 *   <li>{@code meta} (optional): object of scalar values, read as strings.
 *   <li>{@code text} (optional): shown in reports and labelling batches.
 *   <li>{@code split} (optional, default {@code train}): train, valid, test or pool.
 * </ul>
 *
 * Unknown top-level fields are rejected so that a typo ({@code "soft_labels"}) cannot silently
 * train on the wrong labels. Errors name the file and the 1-based line.
 */
public final class Snapshot {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("id", "text", "features", "label", "soft_label", "meta", "split");

  private Snapshot() {}

  public static List<SnapshotItem> read(Path file) throws IOException {
    List<SnapshotItem> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    JsonlReader.forEach(file, line -> {
      SnapshotItem item = parse(line.value());
      if (!ids.add(item.id())) {
        throw new IllegalArgumentException("duplicate id '" + item.id() + "'");
      }
      out.add(item);
    });
    if (out.isEmpty()) {
      throw new IllegalArgumentException(file + ": the snapshot has no items");
    }
    return out;
  }

  static SnapshotItem parse(JsonNode o) {
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("each line must be a JSON object");
    }
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new IllegalArgumentException("unknown field '" + f + "' (known: " + new java.util.TreeSet<>(FIELDS) + ")");
      }
    }
    JsonNode idNode = o.get("id");
    if (idNode == null || !(idNode.isTextual() || idNode.isIntegralNumber()) || idNode.asText().isBlank()) {
      throw new IllegalArgumentException("'id' must be a non-empty string");
    }
    String id = idNode.asText();
    JsonNode feats = o.get("features");
    if (feats == null || !feats.isObject() || feats.isEmpty()) {
      throw new IllegalArgumentException("item '" + id + "': 'features' must be a non-empty object of signal name@major → value");
    }
    Map<SignalSpec, SignalValue> features = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = feats.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      SignalSpec spec;
      try {
        spec = SignalSpec.parse(e.getKey());
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("item '" + id + "': feature key '" + e.getKey() + "': " + ex.getMessage(), ex);
      }
      features.put(spec, value(id, spec, e.getValue()));
    }
    Optional<String> label = Optional.empty();
    JsonNode l = o.get("label");
    if (l != null && !l.isNull()) {
      if (!(l.isIntegralNumber() || l.isTextual())) {
        throw new IllegalArgumentException("item '" + id + "': 'label' must be a class index or class name, got " + l);
      }
      label = Optional.of(l.asText());
    }
    Optional<double[]> soft = Optional.empty();
    JsonNode s = o.get("soft_label");
    if (s != null && !s.isNull()) {
      if (!s.isArray() || s.size() < 2) {
        throw new IllegalArgumentException("item '" + id + "': 'soft_label' must be an array of at least 2 probabilities");
      }
      double[] p = new double[s.size()];
      double sum = 0;
      for (int j = 0; j < p.length; j++) {
        if (!s.get(j).isNumber()) {
          throw new IllegalArgumentException("item '" + id + "': soft_label[" + j + "] is not a number");
        }
        p[j] = s.get(j).asDouble();
        if (!(p[j] >= 0 && p[j] <= 1)) {
          throw new IllegalArgumentException("item '" + id + "': soft_label[" + j + "] = " + p[j] + " is outside [0, 1]");
        }
        sum += p[j];
      }
      if (Math.abs(sum - 1) > 1e-4) {
        throw new IllegalArgumentException("item '" + id + "': soft_label sums to " + sum + ", not 1");
      }
      for (int j = 0; j < p.length; j++) {
        p[j] /= sum; // remove rounding from decimal text
      }
      soft = Optional.of(p);
    }
    Map<String, String> meta = new LinkedHashMap<>();
    JsonNode m = o.get("meta");
    if (m != null && !m.isNull()) {
      if (!m.isObject()) {
        throw new IllegalArgumentException("item '" + id + "': 'meta' must be an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = m.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isContainerNode()) {
          throw new IllegalArgumentException("item '" + id + "': meta." + e.getKey() + " must be a scalar");
        }
        if (!e.getValue().isNull()) {
          meta.put(e.getKey(), e.getValue().asText());
        }
      }
    }
    JsonNode t = o.get("text");
    String text = t == null || t.isNull() ? "" : t.asText();
    JsonNode sp = o.get("split");
    Split split;
    try {
      split = sp == null || sp.isNull() ? Split.TRAIN : Split.parse(sp.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("item '" + id + "': " + e.getMessage(), e);
    }
    return new SnapshotItem(id, text, features, label, soft, meta, split);
  }

  private static SignalValue value(String id, SignalSpec spec, JsonNode v) {
    String where = "item '" + id + "': features." + spec;
    if (v.isArray()) {
      if (v.isEmpty()) {
        throw new IllegalArgumentException(where + " is an empty array");
      }
      float[] f = new float[v.size()];
      for (int j = 0; j < f.length; j++) {
        if (!v.get(j).isNumber()) {
          throw new IllegalArgumentException(where + "[" + j + "] is not a number: " + v.get(j));
        }
        f[j] = (float) v.get(j).asDouble();
      }
      return new SignalValue.Embedding(f);
    }
    if (v.isObject()) {
      Map<String, Double> m = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isNumber()) {
          throw new IllegalArgumentException(where + "." + e.getKey() + " is not a number: " + e.getValue());
        }
        m.put(e.getKey(), e.getValue().asDouble());
      }
      if (m.isEmpty()) {
        throw new IllegalArgumentException(where + " is an empty object");
      }
      return new SignalValue.Features(m);
    }
    if (v.isNumber()) {
      return new SignalValue.Score(v.asDouble());
    }
    throw new IllegalArgumentException(where + " must be an array, an object of numbers or a number, got " + v.getNodeType());
  }

  public static void write(Path file, List<SnapshotItem> items) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (SnapshotItem item : items) {
        w.write(toJsonLine(item));
        w.write('\n');
      }
    }
  }

  public static String toJsonLine(SnapshotItem item) throws IOException {
    StringWriter sw = new StringWriter();
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(sw)) {
      g.writeStartObject();
      g.writeStringField("id", item.id());
      if (!item.text().isEmpty()) {
        g.writeStringField("text", item.text());
      }
      g.writeObjectFieldStart("features");
      for (Map.Entry<SignalSpec, SignalValue> e : item.features().entrySet()) {
        g.writeFieldName(e.getKey().toString());
        SignalValue v = e.getValue();
        ValueCodec<SignalValue, ValueType> codec = ValueCodecs.standard().forValue(v);
        if (codec.featureNames(v).isEmpty()) {
          throw new IllegalArgumentException("item '" + item.id() + "': cannot write a "
              + v.getClass().getSimpleName() + " value of " + e.getKey() + " into a snapshot (not numeric)");
        }
        MAPPER.writeTree(g, codec.toJson(v));
      }
      g.writeEndObject();
      if (item.label().isPresent()) {
        String l = item.label().get();
        if (l.matches("-?\\d+")) {
          g.writeNumberField("label", Integer.parseInt(l));
        } else {
          g.writeStringField("label", l);
        }
      }
      if (item.softLabel().isPresent()) {
        g.writeArrayFieldStart("soft_label");
        for (double p : item.softLabel().get()) {
          g.writeNumber(p);
        }
        g.writeEndArray();
      }
      if (!item.meta().isEmpty()) {
        g.writeObjectFieldStart("meta");
        for (Map.Entry<String, String> e : item.meta().entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
      g.writeStringField("split", item.split().key());
      g.writeEndObject();
    }
    return sw.toString();
  }
}
