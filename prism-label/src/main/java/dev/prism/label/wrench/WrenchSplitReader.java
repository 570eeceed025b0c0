package dev.prism.label.wrench;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.label.io.LabelDataException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Streams the items of one WRENCH split file ({@code {id: {"data": {"text": …}, "label": int,
 * "weak_labels": [m votes]}, …}}) one at a time, so memory is bounded by one item. This is the one
 * WRENCH item parser: {@link WrenchReader} builds whole datasets from it, the label store imports
 * with it.
 *
 * <p>Each item is checked for shape: an object; a {@code weak_labels} array of integers {@code >=
 * -1} as long as every other item's (the LF count is fixed by the first item, or given); a {@code
 * label} that is present and an integer {@code >= -1} or null. A bad item is a {@link
 * WrenchEntry.Invalid} and reading goes on; a file that cannot be read on (malformed JSON, not an
 * object at the top level) is a {@link LabelDataException} naming the file and line.
 */
public final class WrenchSplitReader implements AutoCloseable {

  /** The shape every split file has, for messages. */
  static final String SHAPE = "a WRENCH JSON object {id: {data, label, weak_labels}}";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path file;
  private final JsonParser parser;
  private final String lfCountSource;
  private int lfCount;
  private String firstId;
  private long firstLine;
  private boolean done;

  private WrenchSplitReader(Path file, JsonParser parser, int lfCount, String lfCountSource) {
    this.file = file;
    this.parser = parser;
    this.lfCount = lfCount;
    this.lfCountSource = lfCountSource;
  }

  /** Opens a split whose LF count is fixed by its first item. */
  public static WrenchSplitReader open(Path file) throws IOException {
    return open(file, -1, null);
  }

  /**
   * Opens a split and reads up to its first item.
   *
   * @param lfCount the number of votes every item must have, or {@code -1} to take it from the first item
   * @param lfCountSource where {@code lfCount} comes from, for messages (e.g. {@code train.json}); ignored when it is -1
   * @throws LabelDataException when the file is empty, malformed or not a JSON object
   * @throws IOException when it cannot be read
   */
  public static WrenchSplitReader open(Path file, int lfCount, String lfCountSource) throws IOException {
    JsonParser p = MAPPER.createParser(file.toFile());
    try {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new LabelDataException(file, -1, null, "empty file: expected " + SHAPE);
      }
      if (first != JsonToken.START_OBJECT) {
        throw new LabelDataException(file, line(p.currentTokenLocation()), null, "expected " + SHAPE + ", found " + first.asString());
      }
    } catch (JsonProcessingException e) {
      p.close();
      throw malformed(file, e);
    } catch (LabelDataException e) {
      p.close();
      throw e;
    }
    return new WrenchSplitReader(file, p, lfCount, lfCountSource);
  }

  /**
   * The next item, or null after the last.
   *
   * @throws LabelDataException when the JSON is malformed from here on (entries returned so far stand)
   * @throws IOException when the file cannot be read
   */
  public WrenchEntry next() throws IOException {
    if (done) {
      return null;
    }
    try {
      JsonToken t = parser.nextToken();
      if (t == JsonToken.END_OBJECT) {
        done = true;
        return null;
      }
      if (t != JsonToken.FIELD_NAME) {
        throw new LabelDataException(file, line(parser.currentTokenLocation()), null, "expected an item id or '}'");
      }
      String id = parser.currentName();
      long line = line(parser.currentTokenLocation());
      parser.nextToken();
      JsonNode item = parser.readValueAsTree();
      return check(id, line, item);
    } catch (JsonProcessingException e) {
      done = true;
      throw malformed(file, e);
    }
  }

  /** The LF count every item must have: given, or fixed by the first item with a weak_labels array; -1 before that. */
  public int lfCount() {
    return lfCount;
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }

  private WrenchEntry check(String id, long line, JsonNode item) {
    if (id.isBlank()) {
      return new WrenchEntry.Invalid(id, line, "blank item id");
    }
    if (item == null || !item.isObject()) {
      return new WrenchEntry.Invalid(id, line, "expected an object {data, label, weak_labels}");
    }
    JsonNode wl = item.get("weak_labels");
    if (wl == null || !wl.isArray()) {
      return new WrenchEntry.Invalid(id, line, "missing \"weak_labels\" array");
    }
    if (lfCount < 0) {
      lfCount = wl.size();
      firstId = id;
      firstLine = line;
    } else if (wl.size() != lfCount) {
      String other = firstId != null ? "item " + firstId : lfCountSource;
      String where = firstId != null ? "; item " + firstId + " is on line " + firstLine : "";
      return new WrenchEntry.Invalid(id, line, "has " + wl.size() + " weak labels but " + other + " has " + lfCount
          + " (every item needs one vote per labeling function" + where + ")");
    }
    int[] votes = new int[wl.size()];
    for (int j = 0; j < votes.length; j++) {
      JsonNode x = wl.get(j);
      if (!isClassOrMinusOne(x)) {
        return new WrenchEntry.Invalid(id, line, "weak_labels[" + j + "] = " + x + " is not -1 (abstain) or a class index >= 0");
      }
      votes[j] = x.asInt();
    }
    JsonNode lab = item.get("label");
    int label;
    if (lab == null) {
      return new WrenchEntry.Invalid(id, line, "missing label (use null or -1 for an unlabelled item)");
    } else if (lab.isNull()) {
      label = -1;
    } else if (!isClassOrMinusOne(lab)) {
      return new WrenchEntry.Invalid(id, line, "label " + lab + " is not a class index >= 0 (or null / -1 for an unlabelled item)");
    } else {
      label = lab.asInt();
    }
    JsonNode text = item.path("data").get("text");
    return new WrenchEntry.Item(id, line, text == null || text.isNull() ? "" : text.asText(), label, votes);
  }

  /** An integer (1.0 counts: some writers emit floats) that fits an int and is >= -1. */
  private static boolean isClassOrMinusOne(JsonNode x) {
    return x.isNumber() && x.canConvertToExactIntegral() && x.canConvertToInt() && x.asInt() >= -1;
  }

  private static long line(JsonLocation location) {
    return location == null ? -1 : location.getLineNr();
  }

  static LabelDataException malformed(Path file, JsonProcessingException e) {
    return new LabelDataException(file, line(e.getLocation()), null, "malformed JSON: " + e.getOriginalMessage(), e);
  }
}
