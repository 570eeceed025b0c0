package dev.prism.cli.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.core.io.CsvReader;
import dev.prism.core.io.SignalJson;
import dev.prism.core.item.ContentItem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams {@link ContentItem}s out of a JSONL or CSV file, one record at a time, with the line each
 * came from. A malformed record becomes a {@link Record.Bad} with its line and reason; reading goes
 * on with the next record.
 */
public abstract sealed class ItemReader implements AutoCloseable {

  /** What one input record turned into. */
  public sealed interface Record {
    long line();

    record Good(long line, ContentItem item) implements Record {}

    record Bad(long line, String reason) implements Record {}
  }

  /** Which fields/columns hold what. {@code metaColumns} empty = every column not mapped otherwise. */
  public record Mapping(String id, String text, String title, String link, String imageRef, List<String> metaColumns) {
    public static Mapping defaults() {
      return new Mapping("id", "text", "title", "link", "image_ref", List.of());
    }
  }

  /** Next record, or null at end of input. */
  public abstract Record next() throws IOException;

  public static ItemReader open(InputStream in, String format, Mapping mapping, String source) throws IOException {
    return switch (format) {
      case "jsonl" -> new Jsonl(in, mapping);
      case "csv" -> new Csv(in, mapping, source);
      default -> throw new IllegalArgumentException("unknown input format '" + format + "' (jsonl or csv)");
    };
  }

  static ContentItem item(String id, String title, String text, String link, String image, Map<String, String> meta) {
    return new ContentItem(id, title, text, link, image, meta);
  }

  // ---- JSONL --------------------------------------------------------------------------------

  static final class Jsonl extends ItemReader {
    private final BufferedReader reader;
    private final Mapping m;
    private long line;

    Jsonl(InputStream in, Mapping m) {
      this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
      this.m = m;
    }

    @Override
    public Record next() throws IOException {
      String s;
      do {
        s = reader.readLine();
        line++;
        if (s == null) {
          return null;
        }
      } while (s.isBlank());
      JsonNode n;
      try {
        n = SignalJson.MAPPER.readTree(s);
      } catch (JsonProcessingException e) {
        return new Record.Bad(line, "malformed JSON: " + e.getOriginalMessage());
      }
      if (!n.isObject()) {
        return new Record.Bad(line, "expected a JSON object, got " + n.getNodeType().name().toLowerCase());
      }
      JsonNode id = n.get(m.id());
      if (id == null || id.isNull() || id.isContainerNode() || id.asText().isBlank()) {
        return new Record.Bad(line, "missing or empty id field '" + m.id() + "'");
      }
      String text = str(n, m.text());
      if (text.isEmpty() && !m.text().equals("description")) {
        text = str(n, "description");
      }
      Map<String, String> meta = new HashMap<>();
      JsonNode md = n.get("metadata");
      if (md != null && md.isObject()) {
        md.fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
      }
      for (String c : m.metaColumns()) {
        if (n.has(c)) {
          meta.put(c, n.get(c).asText());
        }
      }
      return new Record.Good(line, item(id.asText(), str(n, m.title()), text, str(n, m.link()), str(n, m.imageRef()), meta));
    }

    private static String str(JsonNode n, String field) {
      JsonNode v = n.get(field);
      return v == null || v.isNull() ? "" : v.isTextual() ? v.asText() : v.toString();
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }

  // ---- CSV ----------------------------------------------------------------------------------

  static final class Csv extends ItemReader {
    private final CsvReader reader;
    private final List<String> header;
    private final int id;
    private final int text;
    private final int title;
    private final int link;
    private final int image;
    private final List<Integer> meta = new ArrayList<>();

    Csv(InputStream in, Mapping m, String source) throws IOException {
      this.reader = new CsvReader(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16));
      CsvReader.Row h = reader.next();
      if (h == null) {
        throw new IllegalArgumentException(source + ": empty file, expected a header row");
      }
      this.header = h.fields().stream().map(s -> s.replace("\uFEFF", "").strip()).toList();
      this.id = header.indexOf(m.id());
      this.text = header.indexOf(m.text());
      if (id < 0) {
        throw new IllegalArgumentException(source + ":1: no id column '" + m.id() + "' in header " + header + " (use --id-column)");
      }
      if (text < 0) {
        throw new IllegalArgumentException(source + ":1: no text column '" + m.text() + "' in header " + header + " (use --text-column)");
      }
      this.title = header.indexOf(m.title());
      this.link = header.indexOf(m.link());
      this.image = header.indexOf(m.imageRef());
      if (m.metaColumns().isEmpty()) {
        for (int i = 0; i < header.size(); i++) {
          if (i != id && i != text && i != title && i != link && i != image) {
            meta.add(i);
          }
        }
      } else {
        for (String c : m.metaColumns()) {
          int i = header.indexOf(c);
          if (i < 0) {
            throw new IllegalArgumentException(source + ":1: no metadata column '" + c + "' in header " + header);
          }
          meta.add(i);
        }
      }
    }

    @Override
    public Record next() throws IOException {
      CsvReader.Row row;
      try {
        row = reader.next();
      } catch (CsvReader.CsvException e) {
        return new Record.Bad(e.line(), e.getMessage().replaceFirst("^line \\d+: ", ""));
      }
      if (row == null) {
        return null;
      }
      List<String> f = row.fields();
      if (f.size() == 1 && f.get(0).isEmpty()) {
        return next(); // blank line
      }
      if (f.size() != header.size()) {
        return new Record.Bad(row.line(), f.size() + " fields, header has " + header.size());
      }
      String idv = f.get(id).strip();
      if (idv.isEmpty()) {
        return new Record.Bad(row.line(), "empty id in column '" + header.get(id) + "'");
      }
      Map<String, String> md = new HashMap<>();
      for (int i : meta) {
        md.put(header.get(i), f.get(i));
      }
      return new Record.Good(row.line(), item(idv, title < 0 ? "" : f.get(title), f.get(text),
          link < 0 ? "" : f.get(link), image < 0 ? "" : f.get(image), md));
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}
