package dev.prism.label.lf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.core.io.JsonlReader;
import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.label.io.CsvTable;
import dev.prism.label.io.LabelDataException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Items to apply labeling functions to, read from a CSV or JSONL file, with optional gold labels.
 *
 * <p>JSONL lines are objects; besides the text, label and id fields they may carry {@code
 * "signals": {"text_stats@1": {"url_count": 2, …}, "spam_score@1": 0.7}}: an object becomes a
 * {@link SignalValue.Features}, a number a {@link SignalValue.Score}; a signal without {@code @major}
 * is major 1. This lets threshold LFs run on signals computed elsewhere (e.g. a Prism backfill).
 *
 * @param gold per item the class index, or -1 when the item has no label; all -1 without a label
 *     column
 */
public record LfDataset(Path file, List<LfInput> inputs, int[] gold, boolean hasGold) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Reads {@code .jsonl}/{@code .ndjson} as JSON lines, anything else as CSV. */
  public static LfDataset read(Path file, String textColumn, String labelColumn, String idColumn,
      List<String> classNames) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return readJsonl(file, textColumn, labelColumn, idColumn, classNames);
    }
    return readCsv(file, textColumn, labelColumn, idColumn, classNames);
  }

  public static LfDataset readCsv(Path file, String textColumn, String labelColumn, String idColumn,
      List<String> classNames) {
    CsvTable t = CsvTable.read(file);
    int text = t.column(textColumn);
    int label = labelColumn == null ? -1 : t.column(labelColumn);
    int id = idColumn == null ? -1 : t.column(idColumn);
    List<LfInput> inputs = new ArrayList<>();
    int[] gold = new int[t.rows().size()];
    for (int r = 0; r < t.rows().size(); r++) {
      List<String> row = t.rows().get(r);
      long line = t.lines().get(r);
      String itemId = id >= 0 ? row.get(id) : Integer.toString(r);
      if (itemId.isBlank()) {
        throw new LabelDataException(file, line, null, "empty id in column '" + idColumn + "'");
      }
      inputs.add(new LfInput(ContentItem.ofText(itemId, row.get(text)), Map.of()));
      gold[r] = label >= 0 ? parseLabel(row.get(label), classNames, file, line, itemId) : -1;
    }
    return new LfDataset(file, inputs, gold, label >= 0);
  }

  public static LfDataset readJsonl(Path file, String textField, String labelField, String idField,
      List<String> classNames) {
    List<LfInput> inputs = new ArrayList<>();
    List<Integer> gold = new ArrayList<>();
    try (JsonlReader r = JsonlReader.open(file)) { // the one JSON Lines loop: BOM, blank lines, line numbers
      while (true) {
        JsonlReader.Line l;
        try {
          l = r.next();
        } catch (JsonlReader.JsonlException e) {
          throw new LabelDataException(file, e.line(), null, e.problem(), e);
        }
        if (l == null) {
          break;
        }
        long line = l.number();
        JsonNode o = l.value();
        if (!o.isObject()) {
          throw new LabelDataException(file, line, null, "expected a JSON object per line");
        }
        String itemId = idField != null && o.hasNonNull(idField) ? o.get(idField).asText() : Long.toString(line);
        if (idField != null && !o.hasNonNull(idField)) {
          throw new LabelDataException(file, line, null, "missing id field '" + idField + "'");
        }
        JsonNode t = o.get(textField);
        if (t == null || !t.isTextual()) {
          throw new LabelDataException(file, line, itemId, "missing text field '" + textField + "'");
        }
        int g = -1;
        if (labelField != null) {
          JsonNode lb = o.get(labelField);
          if (lb == null || lb.isNull()) {
            throw new LabelDataException(file, line, itemId, "missing label field '" + labelField + "'");
          }
          g = parseLabel(lb.asText(), classNames, file, line, itemId);
        }
        inputs.add(new LfInput(ContentItem.ofText(itemId, t.asText()), signals(o.get("signals"), file, line, itemId)));
        gold.add(g);
      }
    } catch (IOException e) {
      throw LabelDataException.unreadable(file, "items", e);
    }
    if (inputs.isEmpty()) {
      throw new LabelDataException(file, -1, null, "no items");
    }
    return new LfDataset(file, inputs, gold.stream().mapToInt(Integer::intValue).toArray(), labelField != null);
  }

  private static Map<SignalSpec, SignalValue> signals(JsonNode s, Path file, long line, String id) {
    if (s == null || s.isNull()) {
      return Map.of();
    }
    if (!s.isObject()) {
      throw new LabelDataException(file, line, id, "\"signals\" must be an object");
    }
    Map<SignalSpec, SignalValue> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : s.properties()) {
      SignalSpec spec;
      try {
        spec = e.getKey().contains("@") ? SignalSpec.parse(e.getKey()) : new SignalSpec(e.getKey(), 1);
      } catch (IllegalArgumentException ex) {
        throw new LabelDataException(file, line, id, "bad signal name: " + ex.getMessage());
      }
      JsonNode v = e.getValue();
      if (v.isNumber()) {
        out.put(spec, new SignalValue.Score(v.asDouble()));
      } else if (v.isObject()) {
        Map<String, Double> f = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> fe : v.properties()) {
          if (!fe.getValue().isNumber()) {
            throw new LabelDataException(file, line, id,
                "signal " + e.getKey() + " feature " + fe.getKey() + " is not a number");
          }
          f.put(fe.getKey(), fe.getValue().asDouble());
        }
        out.put(spec, new SignalValue.Features(f));
      } else {
        throw new LabelDataException(file, line, id,
            "signal " + e.getKey() + " must be a number or an object of numeric features");
      }
    }
    return out;
  }

  /** A class name from {@code classNames} (case-insensitive) or a class index. */
  static int parseLabel(String value, List<String> classNames, Path file, long line, String id) {
    String v = value.strip();
    for (int c = 0; c < classNames.size(); c++) {
      if (classNames.get(c).equalsIgnoreCase(v)) {
        return c;
      }
    }
    try {
      int c = Integer.parseInt(v);
      if (c >= 0 && c < classNames.size()) {
        return c;
      }
    } catch (NumberFormatException ignored) {
      // fall through to the error below
    }
    throw new LabelDataException(file, line, id,
        "unknown label value '" + value + "' (expected one of " + classNames + " or an index 0.." + (classNames.size() - 1) + ")");
  }
}
