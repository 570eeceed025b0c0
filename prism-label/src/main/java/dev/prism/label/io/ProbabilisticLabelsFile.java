package dev.prism.label.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.label.model.ProbabilisticLabels;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A label model's probabilistic labels as JSON Lines, one item per line:
 * {@code {"id": "17", "probs": [0.12, 0.88]}}, class-index order. This is the file
 * {@code prism snapshot --soft-labels} joins onto a training snapshot by id.
 */
public final class ProbabilisticLabelsFile {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ProbabilisticLabelsFile() {}

  /**
   * Writes (replaces) {@code file}, creating its directory when needed.
   *
   * @param ids item ids, row order of {@code labels}
   */
  public static void write(Path file, List<String> ids, ProbabilisticLabels labels) throws IOException {
    if (ids.size() != labels.n()) {
      throw new IllegalArgumentException(ids.size() + " ids for " + labels.n() + " rows of probabilistic labels");
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < labels.n(); i++) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", ids.get(i));
        ArrayNode a = o.putArray("probs");
        for (double x : labels.row(i)) {
          a.add(x);
        }
        w.write(MAPPER.writeValueAsString(o));
        w.newLine();
      }
    }
  }
}
