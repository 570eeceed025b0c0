package dev.prism.learn.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes rows (ordered column → value maps) as CSV (RFC 4180 quoting) or JSON Lines, chosen by
 * the file extension ({@code .csv}, else JSONL). Used for labelling batches and label-issue lists.
 */
public final class TableWriter {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TableWriter() {}

  public static void write(Path file, List<String> columns, List<Map<String, Object>> rows) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    boolean csv = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      if (csv) {
        w.write(String.join(",", columns.stream().map(TableWriter::csvField).toList()));
        w.write("\r\n");
        for (Map<String, Object> row : rows) {
          w.write(String.join(",", columns.stream().map(c -> csvField(String.valueOf(row.getOrDefault(c, "")))).toList()));
          w.write("\r\n");
        }
      } else {
        for (Map<String, Object> row : rows) {
          ObjectNode o = MAPPER.createObjectNode();
          for (String c : columns) {
            Object v = row.get(c);
            switch (v) {
              case null -> o.putNull(c);
              case Integer i -> o.put(c, i);
              case Long l -> o.put(c, l);
              case Double d -> {
                if (Double.isFinite(d)) {
                  o.put(c, d);
                } else {
                  o.putNull(c);
                }
              }
              default -> o.put(c, v.toString());
            }
          }
          w.write(MAPPER.writeValueAsString(o));
          w.write('\n');
        }
      }
    }
  }

  static String csvField(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  /** Convenience for building a row in column order. */
  public static Map<String, Object> row(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }
}
