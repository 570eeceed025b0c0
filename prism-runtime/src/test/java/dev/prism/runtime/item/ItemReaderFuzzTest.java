package dev.prism.runtime.item;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link ItemReader} on arbitrary file bytes: only {@link
 * ItemReader.Record.Good} and {@link ItemReader.Record.Bad} come out (no exception but {@link
 * IOException}; a CSV file without a usable header is refused at open with its documented
 * message), and every line is accounted for, checked against a line splitter written here. A
 * normal test run replays the committed seeds in {@code
 * src/test/resources/dev/prism/runtime/item/ItemReaderFuzzTestInputs/<method>/}; {@code
 * JAZZER_FUZZ=1} fuzzes (docs/FUZZING.md).
 */
class ItemReaderFuzzTest {
  /** Small, so the fuzzer reaches the inline image limit. */
  private static final long MAX_INLINE_BYTES = 64;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<ItemReader.Record> readAll(ItemReader r, int inputBytes) throws IOException {
    List<ItemReader.Record> out = new ArrayList<>();
    for (ItemReader.Record rec = r.next(); rec != null; rec = r.next()) {
      out.add(rec);
      // every record consumes at least one byte: more records than bytes is a loop
      assertThat(out.size()).isLessThanOrEqualTo(inputBytes);
      if (rec instanceof ItemReader.Record.Good g) {
        assertThat(g.item().id()).isNotBlank();
      } else if (rec instanceof ItemReader.Record.Bad b) {
        assertThat(b.reason()).isNotBlank();
      }
    }
    return out;
  }

  private static void assertIncreasing(List<ItemReader.Record> records, long firstAtLeast) {
    long last = firstAtLeast - 1;
    for (ItemReader.Record r : records) {
      assertThat(r.line()).as("records in line order: %s", r).isGreaterThan(last);
      last = r.line();
    }
  }

  @FuzzTest(maxDuration = "60s")
  void jsonl(byte[] input) throws IOException {
    List<ItemReader.Record> records;
    try (ItemReader r = ItemReader.open(new ByteArrayInputStream(input), "jsonl", ItemMapping.defaults(), "fuzz.jsonl",
        MAX_INLINE_BYTES)) {
      records = readAll(r, input.length);
    }
    assertIncreasing(records, 1);
    // The oracle: split at LF bytes (a CR before it belongs to the line end), decode strictly.
    List<Long> expectedLines = new ArrayList<>();
    List<String> expectedText = new ArrayList<>();
    int start = 0;
    long number = 0;
    for (int i = 0; i <= input.length; i++) {
      if (i < input.length && input[i] != '\n') {
        continue;
      }
      if (i == input.length && start == input.length) {
        break; // nothing after the last line end
      }
      number++;
      int end = i > start && input[i - 1] == '\r' ? i - 1 : i;
      String line;
      try {
        line = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(input, start, end - start)).toString();
      } catch (CharacterCodingException e) {
        line = null; // reported as a Bad record
      }
      if (line != null && number == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line == null || !line.isBlank()) {
        expectedLines.add(number);
        expectedText.add(line);
      }
      start = i + 1;
    }
    assertThat(records.stream().map(ItemReader.Record::line).toList()).as("one record per non-blank line")
        .isEqualTo(expectedLines);
    for (int k = 0; k < records.size(); k++) {
      String line = expectedText.get(k);
      if (line == null) {
        assertThat(records.get(k)).isInstanceOf(ItemReader.Record.Bad.class);
        assertThat(((ItemReader.Record.Bad) records.get(k)).reason()).startsWith("not UTF-8");
      } else if (records.get(k) instanceof ItemReader.Record.Good g) {
        JsonNode n = JSON.readTree(line);
        assertThat(g.item().id()).isEqualTo(n.get("id").asText());
      } else if (isPlainItem(line)) {
        // an object of a non-blank string id and a string text is an item, never a lost row
        assertThat(records.get(k)).as("plain item at line %d: %s", records.get(k).line(), line)
            .isInstanceOf(ItemReader.Record.Good.class);
      }
    }
  }

  /** Exactly one JSON object with only a non-blank string "id" and optionally a string "text". */
  private static boolean isPlainItem(String line) {
    JsonNode n;
    try {
      n = JSON.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(line);
    } catch (IOException e) {
      return false;
    }
    if (n == null || !n.isObject() || !n.path("id").isTextual() || n.get("id").asText().isBlank()) {
      return false;
    }
    for (var it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("id") && !(f.equals("text") && n.get(f).isTextual())) {
        return false;
      }
    }
    return true;
  }

  @FuzzTest(maxDuration = "60s")
  void csv(byte[] input) throws IOException {
    ItemReader r;
    try {
      r = ItemReader.open(new ByteArrayInputStream(input), "csv", ItemMapping.defaults(), "fuzz.csv", MAX_INLINE_BYTES);
    } catch (IllegalArgumentException e) {
      // a file without a usable header is refused as a whole, with the reason
      assertThat(e.getMessage()).matches("(?s)fuzz\\.csv:(1: no (id|text) column .*|\\d+: malformed header row: .+| empty file, expected a header row)");
      return;
    }
    List<ItemReader.Record> records;
    try (r) {
      records = readAll(r, input.length);
    }
    assertIncreasing(records, 2);
    String text = new String(input, StandardCharsets.UTF_8);
    if (text.indexOf('"') >= 0) {
      return; // quoted fields span lines: the core reader's fuzz test checks those
    }
    // Without quotes every non-empty physical line after the header is one record.
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    String[] lines = text.split("\r\n|\r|\n", -1);
    List<String> header = Arrays.stream(lines[0].split(",", -1)).map(h -> h.replace("\uFEFF", "").strip()).toList();
    int headerFields = header.size();
    int idColumn = header.indexOf("id");
    boolean plainHeader = !header.contains("image");
    List<Long> expectedLines = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (!lines[i].isEmpty()) {
        expectedLines.add(i + 1L);
      }
    }
    assertThat(records.stream().map(ItemReader.Record::line).toList()).as("one record per non-empty line")
        .isEqualTo(expectedLines);
    for (int k = 0; k < records.size(); k++) {
      String line = lines[(int) records.get(k).line() - 1];
      if (records.get(k) instanceof ItemReader.Record.Good) {
        assertThat(line.split(",", -1)).as("fields of a good row: %s", line).hasSize(headerFields);
      } else if (plainHeader && line.split(",", -1).length == headerFields && !line.split(",", -1)[idColumn].isBlank()) {
        // the header's field count and an id, and no image column to refuse: a row, never a lost one
        assertThat(records.get(k)).as("plain row at line %d: %s", records.get(k).line(), line)
            .isInstanceOf(ItemReader.Record.Good.class);
      } else if (line.split(",", -1).length != headerFields) {
        assertThat(((ItemReader.Record.Bad) records.get(k)).reason()).contains("fields, header has " + headerFields);
      }
    }
    assertThat(Arrays.stream(lines).skip(1).filter(l -> !l.isEmpty()).count()).isEqualTo(records.size());
  }
}
