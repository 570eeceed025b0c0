package dev.prism.learn.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.io.SignalJson;
import dev.prism.core.signal.PlatformInfo;
import dev.prism.core.signal.SignalSpec;
import dev.prism.learn.calibrate.Calibration;
import dev.prism.learn.calibrate.CalibrationMethod;
import dev.prism.learn.calibrate.Calibrator;
import dev.prism.learn.features.FeatureLayout;
import dev.prism.learn.features.InputSlot;
import dev.prism.learn.features.Standardizer;
import dev.prism.learn.model.Head;
import dev.prism.learn.model.LogisticHead;
import dev.prism.learn.model.MlpHead;
import dev.prism.learn.predict.HeadModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The on-disk head artifact: one JSON file, {@code "format": "prism.head"}, {@code format_version}
 * {@value #FORMAT_VERSION}.
 *
 * <pre>{@code
 * {"format": "prism.head", "format_version": 1, "name": "spam_head", "version": "...",
 *  "output": {"signal": "spam@1", "classes": ["ham","spam"], "owner": ..., "description": ...,
 *             "calibration": ..., "freshness": ..., "coverage": ...},
 *  "inputs": [{"signal": "text_embedding@1", "kind": "embedding", "dim": 384},
 *             {"signal": "text_stats@1", "kind": "features", "names": [...]}],
 *  "standardizer": {"mean": [...], "scale": [...]},
 *  "head": {"type": "logistic", "weights": [[...] × k], "bias": [...]}
 *       | {"type": "mlp", "activation": "relu", "w1": [[...] × hidden], "b1": [...], "w2": [[...] × k], "b2": [...]},
 *  "calibration": {"method": "none"} | {"method": "platt", "calibrators": [{"a":..,"b":..}]}
 *               | {"method": "isotonic", "calibrators": [{"x":[...],"y":[...]}]},
 *  "provenance": {"training_data_sha256": ..., "label_source": ..., "config": {...}, "code_version": ...,
 *                 "trained_at": ..., "train_items": n, "valid_items": n, "training": {...},
 *                 "metrics": {"valid": {...}, "test": {...}},
 *                 "platform": {"jvm": ..., "os": ..., "arch": ..., "cpus": n}}}
 * }</pre>
 *
 * <p>Versioning: {@code format_version} changes when a reader of the previous version would
 * misread an artifact (a new required field, a changed meaning). Optional additions inside
 * {@code provenance}, which readers never reject unknown fields of, keep the version:
 * {@code provenance.platform} was added that way, so artifacts without it (written before Prism
 * recorded it, e.g. {@code models/spam-youtube.v1.json}) still load, with an empty platform.
 *
 * Loading checks the format, the version and every shape (weights vs. input width vs. classes vs.
 * calibrators) and fails with the file name and the offending field. The artifact's SHA-256 (of
 * its bytes) is its identity in provenance.
 */
public final class ArtifactFormat {
  public static final String FORMAT = "prism.head";
  public static final int FORMAT_VERSION = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Set<String> TOP_FIELDS = Set.of(
      "format", "format_version", "name", "version", "output", "inputs", "standardizer", "head", "calibration", "provenance");

  private ArtifactFormat() {}

  /** An artifact read from disk with the SHA-256 of its bytes. */
  public record Loaded(HeadArtifact artifact, String sha256, Path path) {}

  /** Writes the artifact; returns the SHA-256 of the bytes written. */
  public static String write(HeadArtifact a, Path file) throws IOException {
    byte[] bytes = toBytes(a);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, bytes);
    return sha256(bytes);
  }

  public static byte[] toBytes(HeadArtifact a) {
    try {
      return MAPPER.writeValueAsBytes(toTree(a));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise head artifact " + a.name(), e);
    }
  }

  public static Loaded read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("artifact " + file + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    try {
      return new Loaded(fromTree(root), sha256(bytes), file);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("artifact " + file + ": " + e.getMessage(), e);
    }
  }

  static ObjectNode toTree(HeadArtifact a) {
    HeadModel m = a.model();
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("format_version", FORMAT_VERSION);
    root.put("name", a.name());
    root.put("version", a.version());
    ObjectNode out = root.putObject("output");
    OutputSignal o = a.output();
    out.put("signal", o.spec().toString());
    ArrayNode classes = out.putArray("classes");
    m.classes().forEach(classes::add);
    out.put("owner", o.owner());
    out.put("description", o.description());
    out.put("calibration", o.calibration());
    out.put("freshness", o.freshness());
    out.put("coverage", o.coverage());
    ArrayNode inputs = root.putArray("inputs");
    for (InputSlot s : m.layout().slots()) {
      ObjectNode in = inputs.addObject();
      in.put("signal", s.spec().toString());
      switch (s) {
        case InputSlot.EmbeddingSlot e -> {
          in.put("kind", "embedding");
          in.put("dim", e.dim());
        }
        case InputSlot.FeaturesSlot f -> {
          in.put("kind", "features");
          ArrayNode names = in.putArray("names");
          f.names().forEach(names::add);
        }
      }
    }
    ObjectNode std = root.putObject("standardizer");
    std.set("mean", vec(m.standardizer().mean()));
    std.set("scale", vec(m.standardizer().scale()));
    ObjectNode head = root.putObject("head");
    head.put("type", m.head().type());
    switch (m.head()) {
      case LogisticHead l -> {
        head.set("weights", mat(l.weights()));
        head.set("bias", vec(l.bias()));
      }
      case MlpHead p -> {
        head.put("activation", "relu");
        head.set("w1", mat(p.w1()));
        head.set("b1", vec(p.b1()));
        head.set("w2", mat(p.w2()));
        head.set("b2", vec(p.b2()));
      }
    }
    ObjectNode cal = root.putObject("calibration");
    cal.put("method", m.calibration().method().key());
    if (m.calibration().method() != CalibrationMethod.NONE) {
      ArrayNode cals = cal.putArray("calibrators");
      for (Calibrator c : m.calibration().perClass()) {
        ObjectNode x = cals.addObject();
        switch (c) {
          case Calibrator.Platt p -> {
            x.put("a", p.a());
            x.put("b", p.b());
          }
          case Calibrator.Isotonic iso -> {
            x.set("x", vec(iso.x()));
            x.set("y", vec(iso.y()));
          }
          case Calibrator.Identity id -> throw new IllegalStateException("identity calibrator inside '" + m.calibration().method().key() + "'");
        }
      }
    }
    TrainingProvenance p = a.provenance();
    ObjectNode prov = root.putObject("provenance");
    prov.put("training_data_sha256", p.trainingDataSha256());
    prov.put("label_source", p.labelSource());
    ObjectNode cfg = prov.putObject("config");
    p.config().forEach(cfg::put);
    prov.put("code_version", p.codeVersion());
    prov.put("trained_at", p.trainedAt());
    prov.put("train_items", p.trainItems());
    prov.put("valid_items", p.validItems());
    ObjectNode tr = prov.putObject("training");
    p.training().forEach(tr::put);
    p.platform().ifPresent(pl -> prov.set("platform", SignalJson.platform(pl)));
    ObjectNode metrics = prov.putObject("metrics");
    p.metrics().forEach((split, mm) -> {
      ObjectNode s = metrics.putObject(split);
      mm.forEach((k, v) -> {
        if (Double.isFinite(v)) {
          s.put(k, v);
        } else {
          s.putNull(k);
        }
      });
    });
    return root;
  }

  static HeadArtifact fromTree(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("a head artifact is a JSON object");
    }
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new IllegalArgumentException("'format' is " + root.get("format") + ", expected \"" + FORMAT + "\"");
    }
    JsonNode fv = root.get("format_version");
    if (fv == null || !fv.isInt() || fv.asInt() != FORMAT_VERSION) {
      throw new IllegalArgumentException("unsupported format_version " + fv + " (this Prism reads " + FORMAT_VERSION + ")");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!TOP_FIELDS.contains(f)) {
        throw new IllegalArgumentException("unknown field '" + f + "'");
      }
    }
    String name = text(root, "name");
    String version = text(root, "version");
    JsonNode out = obj(root, "output");
    SignalSpec spec = SignalSpec.parse(text(out, "signal"));
    List<String> classes = strings(out.get("classes"), "output.classes");
    OutputSignal output = new OutputSignal(spec, text(out, "owner"), text(out, "description"),
        out.path("calibration").asText(""), out.path("freshness").asText(""), out.path("coverage").asText(""));
    JsonNode ins = root.get("inputs");
    if (ins == null || !ins.isArray() || ins.isEmpty()) {
      throw new IllegalArgumentException("'inputs' must be a non-empty array");
    }
    List<InputSlot> slots = new ArrayList<>();
    for (int i = 0; i < ins.size(); i++) {
      JsonNode in = ins.get(i);
      String where = "inputs[" + i + "]";
      SignalSpec s = SignalSpec.parse(text(in, "signal"));
      String kind = in.path("kind").asText("");
      slots.add(switch (kind) {
        case "embedding" -> new InputSlot.EmbeddingSlot(s, in.path("dim").asInt(0));
        case "features" -> new InputSlot.FeaturesSlot(s, strings(in.get("names"), where + ".names"));
        default -> throw new IllegalArgumentException(where + ".kind must be 'embedding' or 'features', got '" + kind + "'");
      });
    }
    FeatureLayout layout = new FeatureLayout(slots);
    JsonNode std = obj(root, "standardizer");
    double[] mean = vec(std.get("mean"), "standardizer.mean");
    double[] scale = vec(std.get("scale"), "standardizer.scale");
    if (mean.length != layout.width() || scale.length != layout.width()) {
      throw new IllegalArgumentException("standardizer has " + mean.length + " means and " + scale.length
          + " scales but the inputs are " + layout.width() + " wide");
    }
    Standardizer standardizer = new Standardizer(mean, scale);
    JsonNode h = obj(root, "head");
    String type = h.path("type").asText("");
    Head head = switch (type) {
      case "logistic" -> {
        double[][] w = mat(h.get("weights"), "head.weights");
        double[] b = vec(h.get("bias"), "head.bias");
        if (w.length != classes.size()) {
          throw new IllegalArgumentException("head.weights has " + w.length + " rows but output.classes has " + classes.size());
        }
        requireColumns(w, layout.width(), "head.weights");
        yield new LogisticHead(w, b);
      }
      case "mlp" -> {
        if (!"relu".equals(h.path("activation").asText(""))) {
          throw new IllegalArgumentException("head.activation must be 'relu', got " + h.get("activation"));
        }
        double[][] w1 = mat(h.get("w1"), "head.w1");
        requireColumns(w1, layout.width(), "head.w1");
        double[][] w2 = mat(h.get("w2"), "head.w2");
        if (w2.length != classes.size()) {
          throw new IllegalArgumentException("head.w2 has " + w2.length + " rows but output.classes has " + classes.size());
        }
        yield new MlpHead(w1, vec(h.get("b1"), "head.b1"), w2, vec(h.get("b2"), "head.b2"));
      }
      default -> throw new IllegalArgumentException("head.type must be 'logistic' or 'mlp', got '" + type + "'");
    };
    JsonNode c = obj(root, "calibration");
    CalibrationMethod method = CalibrationMethod.parse(c.path("method").asText(""));
    List<Calibrator> cals = new ArrayList<>();
    if (method != CalibrationMethod.NONE) {
      JsonNode arr = c.get("calibrators");
      if (arr == null || !arr.isArray()) {
        throw new IllegalArgumentException("calibration.calibrators must be an array for method '" + method.key() + "'");
      }
      for (int i = 0; i < arr.size(); i++) {
        JsonNode x = arr.get(i);
        String where = "calibration.calibrators[" + i + "]";
        cals.add(method == CalibrationMethod.PLATT
            ? new Calibrator.Platt(num(x, "a", where), num(x, "b", where))
            : new Calibrator.Isotonic(vec(x.get("x"), where + ".x"), vec(x.get("y"), where + ".y")));
      }
    }
    HeadModel model = new HeadModel(layout, standardizer, head, new Calibration(method, cals), classes);
    JsonNode p = obj(root, "provenance");
    Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
    JsonNode mm = p.path("metrics");
    for (Iterator<Map.Entry<String, JsonNode>> it = mm.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Map<String, Double> vals = new LinkedHashMap<>();
      e.getValue().properties().forEach(v -> vals.put(v.getKey(), v.getValue().isNull() ? Double.NaN : v.getValue().asDouble()));
      metrics.put(e.getKey(), vals);
    }
    TrainingProvenance prov = new TrainingProvenance(text(p, "training_data_sha256"), text(p, "label_source"),
        stringMap(p.path("config")), text(p, "code_version"), p.path("trained_at").asText(""),
        p.path("train_items").asInt(0), p.path("valid_items").asInt(0), stringMap(p.path("training")), metrics,
        p.has("platform") ? Optional.of(SignalJson.platform(p.get("platform"), "provenance.platform")) : Optional.<PlatformInfo>empty());
    return new HeadArtifact(name, version, model, output, prov);
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static void requireColumns(double[][] w, int width, String where) {
    for (int r = 0; r < w.length; r++) {
      if (w[r].length != width) {
        throw new IllegalArgumentException(where + "[" + r + "] has " + w[r].length + " columns but the inputs are " + width + " wide");
      }
    }
  }

  private static JsonNode obj(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isObject()) {
      throw new IllegalArgumentException("'" + field + "' must be an object");
    }
    return v;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' must be a string");
    }
    return v.asText();
  }

  private static double num(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException(where + "." + field + " must be a number");
    }
    return v.asDouble();
  }

  private static List<String> strings(JsonNode arr, String where) {
    if (arr == null || !arr.isArray()) {
      throw new IllegalArgumentException(where + " must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode x : arr) {
      if (!x.isTextual()) {
        throw new IllegalArgumentException(where + " must contain only strings, got " + x);
      }
      out.add(x.asText());
    }
    return out;
  }

  private static Map<String, String> stringMap(JsonNode o) {
    Map<String, String> m = new LinkedHashMap<>();
    o.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
    return m;
  }

  private static ArrayNode vec(double[] v) {
    ArrayNode a = MAPPER.createArrayNode();
    for (double x : v) {
      a.add(x);
    }
    return a;
  }

  private static ArrayNode mat(double[][] m) {
    ArrayNode a = MAPPER.createArrayNode();
    for (double[] row : m) {
      a.add(vec(row));
    }
    return a;
  }

  private static double[] vec(JsonNode a, String where) {
    if (a == null || !a.isArray()) {
      throw new IllegalArgumentException(where + " must be an array of numbers");
    }
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      if (!a.get(i).isNumber()) {
        throw new IllegalArgumentException(where + "[" + i + "] is not a number: " + a.get(i));
      }
      v[i] = a.get(i).asDouble();
    }
    return v;
  }

  private static double[][] mat(JsonNode a, String where) {
    if (a == null || !a.isArray() || a.isEmpty()) {
      throw new IllegalArgumentException(where + " must be a non-empty array of arrays");
    }
    double[][] m = new double[a.size()][];
    for (int r = 0; r < m.length; r++) {
      m[r] = vec(a.get(r), where + "[" + r + "]");
    }
    return m;
  }
}
