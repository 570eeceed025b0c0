package dev.prism.spark;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.io.SignalJson;
import dev.prism.core.item.ContentItem;
import dev.prism.core.item.ItemJson;
import dev.prism.runtime.item.ItemMapping;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Turns one input row into a {@link ContentItem} through {@link ItemJson}, the mapping {@code prism
 * score} and the HTTP API use, so a row means the same item everywhere:
 *
 * <ul>
 *   <li>JSONL: the job reads lines as text; each line is parsed as {@code prism score} parses it
 *       (one object per line, text after the object refused, a byte-order mark dropped, blank lines
 *       skipped).
 *   <li>CSV and Parquet: the row's columns become a JSON object (strings, numbers, booleans,
 *       structs as objects, binary as base64) read leniently with the column mapping; as in
 *       {@code prism score}'s CSV reader the id is stripped, every unmapped column is metadata when
 *       none are named, and a string image column means what {@code imageKind} says.
 * </ul>
 */
public final class RowItems implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Spark's column for CSV rows it could not split into the header's fields. */
  public static final String CORRUPT = "_corrupt_record";

  /** What a row became. */
  public sealed interface Parsed {
    /** A blank JSONL line: nothing, not an error. */
    record Blank() implements Parsed {}

    record Item(ContentItem item) implements Parsed {}

    /** @param id the item's id when readable, else null */
    record Bad(String id, String reason) implements Parsed {}
  }

  private final String format;
  /** The mapping's parts: {@link ItemMapping} is a record of prism-runtime, not {@link Serializable}. */
  private final String[] mappingParts;
  private final List<String> metaColumns;
  private final long maxInlineBytes;
  private transient ItemMapping mapping;

  /** @param format {@code jsonl}, {@code csv} or {@code parquet} */
  public RowItems(String format, ItemMapping mapping, long maxInlineBytes) {
    if (!List.of("jsonl", "csv", "parquet").contains(format)) {
      throw new IllegalArgumentException("input format must be jsonl, csv or parquet, got '" + format + "'");
    }
    this.format = format;
    this.mappingParts = new String[] {mapping.id(), mapping.text(), mapping.title(), mapping.link(), mapping.image(),
        mapping.imageKind()};
    this.metaColumns = new ArrayList<>(mapping.metaColumns());
    this.mapping = mapping;
    this.maxInlineBytes = maxInlineBytes;
  }

  public String format() {
    return format;
  }

  /** Reads one row; never throws for bad content. {@code schema}: the input's columns. */
  public Parsed parse(Row row, StructType schema) {
    if (mapping == null) { // deserialised on an executor
      String[] m = mappingParts;
      mapping = new ItemMapping(m[0], m[1], m[2], m[3], m[4], m[5], metaColumns);
    }
    return format.equals("jsonl") ? line(row.getString(0)) : columns(row, schema);
  }

  Parsed line(String s) {
    if (s == null || s.isBlank()) {
      return new Parsed.Blank();
    }
    if (s.startsWith("\uFEFF")) {
      s = s.substring(1); // a byte-order mark is not part of the record
    }
    JsonNode n;
    try (JsonParser p = SignalJson.MAPPER.createParser(s)) {
      n = SignalJson.MAPPER.readTree(p);
      if (p.nextToken() != null) {
        return new Parsed.Bad(null, "malformed JSON: more text after the object at column "
            + p.currentTokenLocation().getColumnNr() + " (one object per line)");
      }
    } catch (JsonProcessingException e) {
      return new Parsed.Bad(null, "malformed JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      return new Parsed.Bad(null, "unreadable line: " + e.getMessage());
    }
    return item(n, mapping.jsonFields());
  }

  private Parsed columns(Row row, StructType schema) {
    boolean csv = format.equals("csv");
    ObjectNode o = SignalJson.MAPPER.createObjectNode();
    List<String> unmapped = new ArrayList<>();
    String idGuess = null;
    String image = null;
    for (int i = 0; i < schema.fields().length; i++) {
      StructField f = schema.fields()[i];
      String name = f.name();
      if (name.equals(CORRUPT)) {
        if (!row.isNullAt(i)) {
          String id = o.path(mapping.id()).asText(null);
          return new Parsed.Bad(id, "malformed CSV record: its fields do not match the header");
        }
        continue;
      }
      if (!isMapped(name)) {
        unmapped.add(name);
      }
      if (row.isNullAt(i)) {
        continue;
      }
      Object v = row.get(i);
      if (csv && name.equals(mapping.id())) {
        v = v.toString().strip();
        idGuess = (String) v;
        if (idGuess.isEmpty()) {
          return new Parsed.Bad(null, "empty id in column '" + name + "'");
        }
      }
      if (name.equals(mapping.image()) && v instanceof String str) {
        image = str; // a string image column means what --image-kind says (as in CSV)
        continue;
      }
      o.set(name, json(v));
    }
    List<String> meta = mapping.metaColumns().isEmpty() && csv ? unmapped : mapping.metaColumns();
    ItemJson.Fields fields = new ItemJson.Fields(mapping.id(), mapping.text(), mapping.title(), mapping.link(),
        mapping.image(), meta);
    Parsed p = item(o, fields);
    if (p instanceof Parsed.Item it && image != null && !image.isBlank()) {
      try {
        ContentItem c = it.item();
        var ref = ItemJson.mediaOf(mapping.imageKind(), image.strip(), mapping.image(), c.id(), maxInlineBytes);
        return new Parsed.Item(new ContentItem(c.id(), c.title(), c.description(), c.link(), ref, c.metadata()));
      } catch (ItemJson.ItemException e) {
        return new Parsed.Bad(it.item().id(), "item '" + it.item().id() + "': " + e.getMessage());
      }
    }
    return p;
  }

  private boolean isMapped(String name) {
    return name.equals(mapping.id()) || name.equals(mapping.text()) || name.equals(mapping.title())
        || name.equals(mapping.link()) || name.equals(mapping.image());
  }

  private Parsed item(JsonNode n, ItemJson.Fields fields) {
    try {
      return new Parsed.Item(ItemJson.parse(n, fields, ItemJson.Mode.LENIENT, maxInlineBytes));
    } catch (ItemJson.ItemException e) {
      return new Parsed.Bad(e.itemId(), (e.itemId() == null ? "" : "item '" + e.itemId() + "': ") + e.getMessage());
    }
  }

  /** A Spark cell as JSON: structs become objects, arrays arrays, binary base64. */
  static JsonNode json(Object v) {
    var f = SignalJson.MAPPER.getNodeFactory();
    return switch (v) {
      case null -> f.nullNode();
      case String s -> f.textNode(s);
      case Boolean b -> f.booleanNode(b);
      case Integer x -> f.numberNode(x);
      case Long x -> f.numberNode(x);
      case Short x -> f.numberNode(x);
      case Byte x -> f.numberNode(x);
      case Double x -> f.numberNode(x);
      case Float x -> f.numberNode(x);
      case java.math.BigDecimal x -> f.numberNode(x);
      case byte[] b -> f.objectNode().put("base64", Base64.getEncoder().encodeToString(b));
      case Row r -> {
        ObjectNode o = f.objectNode();
        StructType st = r.schema();
        for (int i = 0; i < r.length(); i++) {
          String name = st == null ? Integer.toString(i) : st.fields()[i].name();
          if (!r.isNullAt(i)) {
            o.set(name, json(r.get(i)));
          }
        }
        yield o;
      }
      case scala.collection.Seq<?> seq -> {
        ArrayNode a = f.arrayNode();
        seq.foreach(x -> a.add(json(x)));
        yield a;
      }
      default -> f.textNode(v.toString()); // dates, timestamps, decimals Spark gives as objects
    };
  }
}
