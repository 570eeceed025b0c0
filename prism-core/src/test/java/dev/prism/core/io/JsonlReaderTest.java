package dev.prism.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlReaderTest {
  @TempDir
  Path dir;

  @Test
  void byteOrderMarkAndBlankLinesAreSkippedAndLinesKeepTheirNumbers() throws Exception {
    String text = "\uFEFF{\"id\": 1}\r\n\n   \n{\"id\": 2}\n[3]";
    try (JsonlReader r = new JsonlReader(new StringReader(text), "in.jsonl")) {
      JsonlReader.Line first = r.next();
      assertThat(first.number()).isEqualTo(1);
      assertThat(first.value().path("id").asInt()).isEqualTo(1);
      JsonlReader.Line second = r.next();
      assertThat(second.number()).isEqualTo(4);
      assertThat(second.value().path("id").asInt()).isEqualTo(2);
      JsonlReader.Line third = r.next();
      assertThat(third.number()).isEqualTo(5);
      assertThat(third.value().isArray()).isTrue();
      assertThat(r.next()).isNull();
      assertThat(r.lineNumber()).isEqualTo(5);
    }
  }

  @Test
  void aByteOrderMarkIsOnlyDroppedAtTheStart() throws Exception {
    try (JsonlReader r = new JsonlReader(new StringReader("{}\n\uFEFF{}\n"), "in.jsonl")) {
      assertThat(r.next().number()).isEqualTo(1);
      assertThatThrownBy(r::next).isInstanceOf(JsonlReader.JsonlException.class).hasMessageStartingWith("in.jsonl:2: not valid JSON");
    }
  }

  @Test
  void malformedLineNamesItsLineAndReadingCanGoOn() throws Exception {
    try (JsonlReader r = new JsonlReader(new StringReader("{\"a\": 1}\n{\"a\": }\n{\"a\": 3}\n"), "x.jsonl")) {
      assertThat(r.next().value().path("a").asInt()).isEqualTo(1);
      JsonlReader.JsonlException e = org.junit.jupiter.api.Assertions.assertThrows(JsonlReader.JsonlException.class, r::next);
      assertThat(e.line()).isEqualTo(2);
      assertThat(e.source()).isEqualTo("x.jsonl");
      assertThat(e.problem()).startsWith("not valid JSON: Unexpected character ('}'");
      assertThat(e.getMessage()).isEqualTo("x.jsonl:2: " + e.problem());
      JsonlReader.Line third = r.next();
      assertThat(third.number()).isEqualTo(3);
      assertThat(third.value().path("a").asInt()).isEqualTo(3);
      assertThat(r.next()).isNull();
    }
  }

  @Test
  void twoValuesOnOneLineAreAnError() throws Exception {
    try (JsonlReader r = new JsonlReader(new StringReader("{\"a\": 1} {\"b\": 2}\n"), "x.jsonl")) {
      assertThatThrownBy(r::next).isInstanceOf(JsonlReader.JsonlException.class)
          .hasMessageStartingWith("x.jsonl:1: not valid JSON: more than one value on the line");
    }
  }

  @Test
  void forEachPrefixesTheHandlersErrorsWithFileAndLine() throws Exception {
    Path f = dir.resolve("items.jsonl");
    Files.writeString(f, "{\"id\": \"a\"}\n\n{\"name\": \"b\"}\n", StandardCharsets.UTF_8);
    List<String> seen = new ArrayList<>();
    IllegalArgumentException cause = new IllegalArgumentException("missing 'id'");
    assertThatThrownBy(() -> JsonlReader.forEach(f, line -> {
      if (!line.value().has("id")) {
        throw cause;
      }
      seen.add(line.value().get("id").asText());
    })).isInstanceOf(JsonlReader.JsonlException.class).hasMessage(f + ":3: missing 'id'").hasCause(cause);
    assertThat(seen).containsExactly("a");
  }

  @Test
  void emptyInputHasNoLines() throws Exception {
    try (JsonlReader r = new JsonlReader(new StringReader(""), "empty")) {
      assertThat(r.next()).isNull();
      assertThat(r.lineNumber()).isZero();
    }
  }
}
