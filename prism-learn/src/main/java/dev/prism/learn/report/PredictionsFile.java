package dev.prism.learn.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.io.JsonlReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary predictions as JSON Lines, for evaluating models that were not trained here:
 * {@code {"id": "c-17", "score": 0.93, "label": 1, "text": "...", "meta": {"video": "psy"}}}
 * — score is the positive-class probability in [0, 1], label 0 or 1; text and meta optional.
 */
public final class PredictionsFile {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PredictionsFile() {}

  public static Predictions read(Path file, String modelName) throws IOException {
    List<String> ids = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    List<Map<String, String>> meta = new ArrayList<>();
    JsonlReader.forEach(file, line -> {
      JsonNode o = line.value();
      if (o == null || !o.isObject()) {
        throw new IllegalArgumentException("each line must be a JSON object");
      }
      JsonNode id = o.get("id");
      JsonNode score = o.get("score");
      JsonNode label = o.get("label");
      if (id == null || id.isNull() || id.asText().isBlank()) {
        throw new IllegalArgumentException("missing 'id'");
      }
      if (score == null || !score.isNumber() || !(score.asDouble() >= 0 && score.asDouble() <= 1)) {
        throw new IllegalArgumentException("'score' must be a number in [0, 1], got " + score);
      }
      if (label == null || !label.isIntegralNumber() || (label.asInt() != 0 && label.asInt() != 1)) {
        throw new IllegalArgumentException("'label' must be 0 or 1, got " + label);
      }
      ids.add(id.asText());
      scores.add(score.asDouble());
      labels.add(label.asInt());
      texts.add(o.path("text").asText(""));
      Map<String, String> m = new LinkedHashMap<>();
      o.path("meta").properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
      meta.add(m);
    });
    if (ids.isEmpty()) {
      throw new IllegalArgumentException(file + ": no predictions");
    }
    try {
      return new Predictions(modelName, ids, scores.stream().mapToDouble(Double::doubleValue).toArray(),
          labels.stream().mapToInt(Integer::intValue).toArray(), texts, meta);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  public static void write(Path file, Predictions p) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < p.size(); i++) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", p.ids().get(i));
        o.put("score", p.scores()[i]);
        o.put("label", p.labels()[i]);
        if (!p.texts().get(i).isEmpty()) {
          o.put("text", p.texts().get(i));
        }
        if (!p.meta().get(i).isEmpty()) {
          ObjectNode m = o.putObject("meta");
          p.meta().get(i).forEach(m::put);
        }
        w.write(MAPPER.writeValueAsString(o));
        w.write('\n');
      }
    }
  }
}
