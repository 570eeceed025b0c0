package dev.prism.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of the two line readers on arbitrary bytes, decoded as UTF-8
 * the way the file readers decode them (malformed bytes become U+FFFD). A normal test run replays
 * the committed seeds in {@code src/test/resources/dev/prism/core/io/ReadersFuzzTestInputs/<method>/};
 * {@code JAZZER_FUZZ=1} fuzzes (docs/FUZZING.md).
 *
 * <p>The oracle for "every line accounted for" is an independent line splitter written here (CR,
 * LF and CR LF end a line, as {@link java.io.BufferedReader#readLine()} and RFC 4180 say), not the
 * readers' own bookkeeping.
 */
class ReadersFuzzTest {

  /** A physical line of {@code text}: its 1-based number and its content without the line end. */
  record PhysicalLine(long number, String text) {}

  /** Lines ended by CR LF, CR or LF; a last line without a line end counts when it is not empty. */
  static List<PhysicalLine> physicalLines(String text) {
    List<PhysicalLine> out = new ArrayList<>();
    int start = 0;
    long number = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        out.add(new PhysicalLine(number++, text.substring(start, i)));
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    if (start < text.length()) {
      out.add(new PhysicalLine(number, text.substring(start)));
    }
    return out;
  }

  @FuzzTest(maxDuration = "60s")
  void jsonl(byte[] input) throws IOException {
    String text = new String(input, StandardCharsets.UTF_8);
    List<PhysicalLine> expected = new ArrayList<>();
    for (PhysicalLine l : physicalLines(text)) {
      String s = l.number() == 1 && l.text().startsWith("\uFEFF") ? l.text().substring(1) : l.text();
      if (!s.isBlank()) {
        expected.add(new PhysicalLine(l.number(), s));
      }
    }
    try (JsonlReader r = new JsonlReader(new StringReader(text), "fuzz.jsonl")) {
      for (PhysicalLine want : expected) {
        try {
          JsonlReader.Line got = r.next();
          assertThat(got).as("line %d: %s", want.number(), want.text()).isNotNull();
          assertThat(got.number()).isEqualTo(want.number());
          assertThat(got.value()).isNotNull();
        } catch (JsonlReader.JsonlException e) {
          assertThat(e.line()).as(e.getMessage()).isEqualTo(want.number());
          assertThat(e.source()).isEqualTo("fuzz.jsonl");
          assertThat(e.problem()).isNotBlank();
        }
      }
      assertThat(r.next()).as("no record beyond the non-blank lines").isNull();
      assertThat(r.lineNumber()).isEqualTo(physicalLines(text).size());
    }
  }

  @FuzzTest(maxDuration = "60s")
  void csv(byte[] input) throws IOException {
    String text = new String(input, StandardCharsets.UTF_8);
    List<PhysicalLine> lines = physicalLines(text);
    List<CsvReader.Row> rows = new ArrayList<>();
    List<Long> starts = new ArrayList<>();
    try (CsvReader r = new CsvReader(new StringReader(text))) {
      // Every call consumes at least one character, so more calls than characters is a loop.
      for (int calls = 0; ; calls++) {
        assertThat(calls).as("calls to next() on %d characters", text.length()).isLessThanOrEqualTo(text.length() + 1);
        CsvReader.Row row;
        try {
          row = r.next();
        } catch (CsvReader.CsvException e) {
          assertThat(e.problem()).isNotBlank();
          starts.add(e.line());
          continue;
        }
        if (row == null) {
          break;
        }
        rows.add(row);
        starts.add(row.line());
      }
    }
    // Records start on strictly increasing physical lines that exist.
    for (int k = 0; k < starts.size(); k++) {
      assertThat(starts.get(k)).isBetween(1L, (long) Math.max(1, lines.size()));
      if (k > 0) {
        assertThat(starts.get(k)).isGreaterThan(starts.get(k - 1));
      }
    }
    if (text.indexOf('"') < 0) {
      // Without quotes a record is exactly a physical line split at the delimiter.
      String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
      List<PhysicalLine> want = physicalLines(body);
      assertThat(rows).hasSize(want.size());
      for (int k = 0; k < want.size(); k++) {
        assertThat(rows.get(k).line()).isEqualTo(want.get(k).number());
        assertThat(rows.get(k).fields()).isEqualTo(Arrays.asList(want.get(k).text().split(",", -1)));
      }
    }
    // What was read is written back by CsvWriter and read again unchanged (a first line keeps a
    // leading byte-order mark in a field from being taken for the file's).
    StringBuilder again = new StringBuilder("x\n");
    for (CsvReader.Row row : rows) {
      again.append(String.join(",", row.fields().stream().map(f -> CsvWriter.quote(f, ',')).toList())).append("\r\n");
    }
    try (CsvReader r = new CsvReader(new StringReader(again.toString()))) {
      r.next();
      for (CsvReader.Row row : rows) {
        CsvReader.Row back = r.next();
        if (back == null) {
          fail("row at line %d lost when written back: %s", row.line(), row.fields());
        }
        assertThat(back.fields()).isEqualTo(row.fields());
      }
      assertThat(r.next()).isNull();
    }
  }
}
