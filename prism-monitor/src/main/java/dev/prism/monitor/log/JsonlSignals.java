package dev.prism.monitor.log;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.core.io.SignalJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads a {@code prism score} JSONL output ({@code {"id", "signals": {...}, "errors": {...}}}) or a
 * training snapshot ({@code {"id", "features": {...}, ...}}) as log rows, so either can be the
 * reference of {@code prism monitor}. The value kind follows the JSON shape, as the codecs write it:
 * a number is a scalar, {@code {"label", "confidence"}} a label, an array an embedding, any other
 * object of numbers a features value. Rows carry no time, version or latency.
 *
 * <p>A bad line is reported (file:line and why) and skipped; the rest is kept.
 */
public final class JsonlSignals {
  /** Lines reported in full; beyond this only counted. */
  public static final int MAX_PROBLEMS = 20;

  /** What was read: rows, items (lines with an id) and the problems of the lines skipped. */
  public record Read(List<ServedRow> rows, long items, long badLines, List<String> problems) {}

  private JsonlSignals() {}

  public static Read read(Path file, Predicate<String> wantSignal) throws IOException {
    List<ServedRow> rows = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    long items = 0;
    long bad = 0;
    long lineNo = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        try {
          List<ServedRow> r = line(line, wantSignal);
          rows.addAll(r);
          items++;
        } catch (IllegalArgumentException | IOException e) {
          bad++;
          if (problems.size() < MAX_PROBLEMS) {
            problems.add(file + ":" + lineNo + ": " + e.getMessage());
          }
        }
      }
    }
    return new Read(rows, items, bad, problems);
  }

  static List<ServedRow> line(String line, Predicate<String> wantSignal) throws IOException {
    JsonNode o = SignalJson.MAPPER.readTree(line);
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode id = o.get("id");
    if (id == null || !id.isTextual() && !id.isNumber()) {
      throw new IllegalArgumentException("no \"id\"");
    }
    JsonNode values = o.has("signals") ? o.get("signals") : o.get("features");
    if (values == null || !values.isObject()) {
      throw new IllegalArgumentException("neither a \"signals\" object (prism score output) nor a \"features\" object (snapshot)");
    }
    String itemId = id.asText();
    List<ServedRow> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : values.properties()) {
      if (!wantSignal.test(e.getKey())) {
        continue;
      }
      out.add(row(itemId, e.getKey(), e.getValue()));
    }
    JsonNode errors = o.get("errors");
    if (errors != null && errors.isObject()) {
      for (Map.Entry<String, JsonNode> e : errors.properties()) {
        if (wantSignal.test(e.getKey()) && !values.has(e.getKey())) {
          out.add(new ServedRow(itemId, e.getKey(), "error", "", "", "", 0, Double.NaN,
              new LoggedValue.Failed(e.getValue().asText())));
        }
      }
    }
    return out;
  }

  private static ServedRow row(String itemId, String signal, JsonNode v) {
    String kind;
    LoggedValue lv;
    if (v.isNumber()) {
      kind = "score";
      lv = new LoggedValue.Scalar(v.asDouble());
    } else if (v.isObject() && v.has("label") && v.get("label").isTextual()) {
      kind = "label";
      JsonNode c = v.get("confidence");
      lv = new LoggedValue.Category(v.get("label").asText(), c != null && c.isNumber() ? c.asDouble() : Double.NaN);
    } else if (v.isArray()) {
      kind = "embedding";
      float[] x = new float[v.size()];
      for (int i = 0; i < x.length; i++) {
        if (!v.get(i).isNumber()) {
          throw new IllegalArgumentException(signal + "[" + i + "] is not a number");
        }
        x[i] = (float) v.get(i).asDouble();
      }
      if (x.length == 0) {
        throw new IllegalArgumentException(signal + " is an empty array");
      }
      lv = new LoggedValue.Vector(x);
    } else if (v.isObject()) {
      kind = "features";
      Map<String, Double> m = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> f : v.properties()) {
        if (!f.getValue().isNumber()) {
          throw new IllegalArgumentException(signal + "." + f.getKey() + " is not a number");
        }
        m.put(f.getKey(), f.getValue().asDouble());
      }
      lv = new LoggedValue.Named(m);
    } else if (v.isTextual()) {
      kind = "text";
      lv = new LoggedValue.Present();
    } else {
      throw new IllegalArgumentException(signal + " has a " + v.getNodeType() + " value");
    }
    return new ServedRow(itemId, signal, kind, "", "", "", 0, Double.NaN, lv);
  }
}
