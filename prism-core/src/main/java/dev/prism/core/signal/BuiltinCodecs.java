package dev.prism.core.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.signal.TabularColumn.Kind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The codecs of the value kinds Prism ships ({@code embedding}, {@code probability}, {@code score},
 * {@code label}, {@code hash}, {@code text}, {@code features}). Their JSON and Parquet forms are the
 * documented wire formats of {@code POST /v1/signals}, {@code prism score} and snapshots.
 */
public final class BuiltinCodecs {
  private BuiltinCodecs() {}

  static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** All built-in codecs, in documentation order. */
  public static List<ValueCodec<?, ?>> all() {
    return List.of(new EmbeddingCodec(), new ProbabilityCodec(), new ScoreCodec(), new LabelCodec(), new HashCodec(),
        new TextCodec(), new FeaturesCodec());
  }

  static double number(JsonNode n, String what) {
    if (n == null || !n.isNumber()) {
      throw new IllegalArgumentException(what + " must be a number, got " + describe(n));
    }
    return n.asDouble();
  }

  static String string(JsonNode n, String what) {
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException(what + " must be a string, got " + describe(n));
    }
    return n.asText();
  }

  static String describe(JsonNode n) {
    return n == null || n.isMissingNode() ? "nothing" : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  static List<String> strings(JsonNode arr, String what) {
    if (arr == null || !arr.isArray()) {
      throw new IllegalArgumentException(what + " must be an array of strings, got " + describe(arr));
    }
    List<String> out = new ArrayList<>();
    arr.forEach(x -> out.add(string(x, what + " entry")));
    return out;
  }

  /** {@code embedding(dim, normalized)}: JSON array of floats; Parquet {@code list<float>}. */
  public static final class EmbeddingCodec implements ValueCodec<SignalValue.Embedding, ValueType.EmbeddingType> {
    @Override public boolean numeric(ValueType.EmbeddingType type) { return true; }
    @Override public String kind() { return "embedding"; }
    @Override public Class<SignalValue.Embedding> valueClass() { return SignalValue.Embedding.class; }
    @Override public Class<ValueType.EmbeddingType> typeClass() { return ValueType.EmbeddingType.class; }

    @Override
    public ValueType.EmbeddingType parseType(JsonNode t) {
      return new ValueType.EmbeddingType(t.path("dim").asInt(0), t.path("normalized").asBoolean(false));
    }

    @Override
    public void writeType(ValueType.EmbeddingType type, ObjectNode out) {
      out.put("dim", type.dim()).put("normalized", type.normalized());
    }

    @Override
    public JsonNode toJson(SignalValue.Embedding v) {
      ArrayNode a = JSON.arrayNode(v.vector().length);
      for (float x : v.vector()) {
        a.add(x);
      }
      return a;
    }

    @Override
    public SignalValue.Embedding fromJson(JsonNode json, ValueType.EmbeddingType type) {
      if (json == null || !json.isArray() || json.isEmpty()) {
        throw new IllegalArgumentException("an embedding must be a non-empty array of numbers, got " + describe(json));
      }
      float[] f = new float[json.size()];
      for (int j = 0; j < f.length; j++) {
        f[j] = (float) number(json.get(j), "embedding[" + j + "]");
      }
      return new SignalValue.Embedding(f);
    }

    @Override
    public List<TabularColumn> columns(ValueType.EmbeddingType type) {
      return List.of(TabularColumn.of("", Kind.FLOAT_LIST));
    }

    @Override
    public List<Object> cells(SignalValue.Embedding v, ValueType.EmbeddingType type) {
      return List.of(v.vector());
    }

    @Override
    public List<String> featureNames(SignalValue.Embedding v) {
      List<String> names = new ArrayList<>(v.vector().length);
      for (int j = 0; j < v.vector().length; j++) {
        names.add(Integer.toString(j));
      }
      return names;
    }

    @Override
    public double[] features(SignalValue.Embedding v) {
      float[] f = v.vector();
      double[] out = new double[f.length];
      for (int j = 0; j < f.length; j++) {
        out[j] = f[j];
      }
      return out;
    }

    @Override
    public boolean denseFeatures() {
      return true;
    }
  }

  /** {@code probability}: a JSON number in [0, 1]; Parquet double; one feature {@code p}. */
  public static final class ProbabilityCodec implements ValueCodec<SignalValue.Probability, ValueType.ProbabilityType> {
    @Override public boolean numeric(ValueType.ProbabilityType type) { return true; }
    @Override public String kind() { return "probability"; }
    @Override public Class<SignalValue.Probability> valueClass() { return SignalValue.Probability.class; }
    @Override public Class<ValueType.ProbabilityType> typeClass() { return ValueType.ProbabilityType.class; }
    @Override public ValueType.ProbabilityType parseType(JsonNode t) { return new ValueType.ProbabilityType(); }
    @Override public void writeType(ValueType.ProbabilityType type, ObjectNode out) { }
    @Override public JsonNode toJson(SignalValue.Probability v) { return JSON.numberNode(v.p()); }

    @Override
    public SignalValue.Probability fromJson(JsonNode json, ValueType.ProbabilityType type) {
      return new SignalValue.Probability(number(json, "a probability"));
    }

    @Override
    public List<TabularColumn> columns(ValueType.ProbabilityType type) {
      return List.of(TabularColumn.of("", Kind.DOUBLE));
    }

    @Override
    public List<Object> cells(SignalValue.Probability v, ValueType.ProbabilityType type) {
      return List.of(v.p());
    }

    @Override public List<String> featureNames(SignalValue.Probability v) { return List.of("p"); }
    @Override public double[] features(SignalValue.Probability v) { return new double[] {v.p()}; }
  }

  /** {@code score(min, max)}: a JSON number; Parquet double; one feature {@code value}. */
  public static final class ScoreCodec implements ValueCodec<SignalValue.Score, ValueType.ScoreType> {
    @Override public boolean numeric(ValueType.ScoreType type) { return true; }
    @Override public String kind() { return "score"; }
    @Override public Class<SignalValue.Score> valueClass() { return SignalValue.Score.class; }
    @Override public Class<ValueType.ScoreType> typeClass() { return ValueType.ScoreType.class; }

    @Override
    public ValueType.ScoreType parseType(JsonNode t) {
      return new ValueType.ScoreType(t.path("min").asDouble(Double.NaN), t.path("max").asDouble(Double.NaN));
    }

    @Override
    public void writeType(ValueType.ScoreType type, ObjectNode out) {
      out.put("min", type.min()).put("max", type.max());
    }

    @Override public JsonNode toJson(SignalValue.Score v) { return JSON.numberNode(v.value()); }

    @Override
    public SignalValue.Score fromJson(JsonNode json, ValueType.ScoreType type) {
      return new SignalValue.Score(number(json, "a score"));
    }

    @Override
    public List<TabularColumn> columns(ValueType.ScoreType type) {
      return List.of(TabularColumn.of("", Kind.DOUBLE));
    }

    @Override
    public List<Object> cells(SignalValue.Score v, ValueType.ScoreType type) {
      return List.of(v.value());
    }

    @Override public List<String> featureNames(SignalValue.Score v) { return List.of("value"); }
    @Override public double[] features(SignalValue.Score v) { return new double[] {v.value()}; }
  }

  /** {@code label(labels[])}: JSON {@code {"label", "confidence"}}; Parquet string + {@code _confidence} double. */
  public static final class LabelCodec implements ValueCodec<SignalValue.Label, ValueType.LabelSetType> {
    @Override public boolean numeric(ValueType.LabelSetType type) { return false; }
    @Override public String kind() { return "label"; }
    @Override public Class<SignalValue.Label> valueClass() { return SignalValue.Label.class; }
    @Override public Class<ValueType.LabelSetType> typeClass() { return ValueType.LabelSetType.class; }

    @Override
    public ValueType.LabelSetType parseType(JsonNode t) {
      return new ValueType.LabelSetType(Set.copyOf(strings(t.path("labels"), "'labels'")));
    }

    @Override
    public void writeType(ValueType.LabelSetType type, ObjectNode out) {
      ArrayNode a = out.putArray("labels");
      type.labels().stream().sorted().forEach(a::add);
    }

    @Override
    public JsonNode toJson(SignalValue.Label v) {
      return JSON.objectNode().put("label", v.label()).put("confidence", v.confidence());
    }

    @Override
    public SignalValue.Label fromJson(JsonNode json, ValueType.LabelSetType type) {
      if (json == null || !json.isObject()) {
        throw new IllegalArgumentException("a label must be an object {\"label\", \"confidence\"}, got " + describe(json));
      }
      return new SignalValue.Label(string(json.get("label"), "label.label"), number(json.get("confidence"), "label.confidence"));
    }

    @Override
    public List<TabularColumn> columns(ValueType.LabelSetType type) {
      return List.of(TabularColumn.of("", Kind.STRING), TabularColumn.of("_confidence", Kind.DOUBLE));
    }

    @Override
    public List<Object> cells(SignalValue.Label v, ValueType.LabelSetType type) {
      return List.of(v.label(), v.confidence());
    }

    @Override public List<String> featureNames(SignalValue.Label v) { return List.of(); }
    @Override public double[] features(SignalValue.Label v) { return new double[0]; }
  }

  /** {@code hash(bits)}: lower-case hex string in JSON and Parquet; not numeric. */
  public static final class HashCodec implements ValueCodec<SignalValue.Hash, ValueType.HashType> {
    @Override public boolean numeric(ValueType.HashType type) { return false; }
    @Override public String kind() { return "hash"; }
    @Override public Class<SignalValue.Hash> valueClass() { return SignalValue.Hash.class; }
    @Override public Class<ValueType.HashType> typeClass() { return ValueType.HashType.class; }
    @Override public ValueType.HashType parseType(JsonNode t) { return new ValueType.HashType(t.path("bits").asInt(0)); }
    @Override public void writeType(ValueType.HashType type, ObjectNode out) { out.put("bits", type.bits()); }
    @Override public JsonNode toJson(SignalValue.Hash v) { return JSON.textNode(v.hex()); }

    @Override
    public SignalValue.Hash fromJson(JsonNode json, ValueType.HashType type) {
      return new SignalValue.Hash(string(json, "a hash"));
    }

    @Override
    public List<TabularColumn> columns(ValueType.HashType type) {
      return List.of(TabularColumn.of("", Kind.STRING));
    }

    @Override public List<Object> cells(SignalValue.Hash v, ValueType.HashType type) { return List.of(v.hex()); }
    @Override public List<String> featureNames(SignalValue.Hash v) { return List.of(); }
    @Override public double[] features(SignalValue.Hash v) { return new double[0]; }
  }

  /** {@code text(max_length)}: a string in JSON and Parquet; not numeric. */
  public static final class TextCodec implements ValueCodec<SignalValue.Text, ValueType.TextType> {
    @Override public boolean numeric(ValueType.TextType type) { return false; }
    @Override public String kind() { return "text"; }
    @Override public Class<SignalValue.Text> valueClass() { return SignalValue.Text.class; }
    @Override public Class<ValueType.TextType> typeClass() { return ValueType.TextType.class; }

    @Override
    public ValueType.TextType parseType(JsonNode t) {
      return new ValueType.TextType(t.path("max_length").asInt(Integer.MAX_VALUE));
    }

    @Override public void writeType(ValueType.TextType type, ObjectNode out) { out.put("max_length", type.maxLength()); }
    @Override public JsonNode toJson(SignalValue.Text v) { return JSON.textNode(v.text()); }

    @Override
    public SignalValue.Text fromJson(JsonNode json, ValueType.TextType type) {
      return new SignalValue.Text(string(json, "a text"));
    }

    @Override
    public List<TabularColumn> columns(ValueType.TextType type) {
      return List.of(TabularColumn.of("", Kind.STRING));
    }

    @Override public List<Object> cells(SignalValue.Text v, ValueType.TextType type) { return List.of(v.text()); }
    @Override public List<String> featureNames(SignalValue.Text v) { return List.of(); }
    @Override public double[] features(SignalValue.Text v) { return new double[0]; }
  }

  /** {@code features(names[])}: JSON object of numbers; Parquet struct of doubles; features by name. */
  public static final class FeaturesCodec implements ValueCodec<SignalValue.Features, ValueType.FeaturesType> {
    @Override public boolean numeric(ValueType.FeaturesType type) { return true; }
    @Override public String kind() { return "features"; }
    @Override public Class<SignalValue.Features> valueClass() { return SignalValue.Features.class; }
    @Override public Class<ValueType.FeaturesType> typeClass() { return ValueType.FeaturesType.class; }

    @Override
    public ValueType.FeaturesType parseType(JsonNode t) {
      return new ValueType.FeaturesType(strings(t.path("names"), "'names'"));
    }

    @Override
    public void writeType(ValueType.FeaturesType type, ObjectNode out) {
      ArrayNode a = out.putArray("names");
      type.names().forEach(a::add);
    }

    @Override
    public JsonNode toJson(SignalValue.Features v) {
      ObjectNode o = JSON.objectNode();
      v.values().forEach(o::put);
      return o;
    }

    @Override
    public SignalValue.Features fromJson(JsonNode json, ValueType.FeaturesType type) {
      if (json == null || !json.isObject() || json.isEmpty()) {
        throw new IllegalArgumentException("features must be a non-empty object of numbers, got " + describe(json));
      }
      Map<String, Double> m = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = json.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), number(e.getValue(), "feature '" + e.getKey() + "'"));
      }
      return new SignalValue.Features(m);
    }

    @Override
    public List<TabularColumn> columns(ValueType.FeaturesType type) {
      return List.of(new TabularColumn("", Kind.DOUBLE_STRUCT, type.names()));
    }

    @Override
    public List<Object> cells(SignalValue.Features v, ValueType.FeaturesType type) {
      return List.of(v.toArray(type.names()));
    }

    @Override
    public List<String> featureNames(SignalValue.Features v) {
      return List.copyOf(v.values().keySet());
    }

    @Override
    public double[] features(SignalValue.Features v) {
      return v.values().values().stream().mapToDouble(Double::doubleValue).toArray();
    }
  }
}
