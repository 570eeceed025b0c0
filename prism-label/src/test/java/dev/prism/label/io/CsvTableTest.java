package dev.prism.label.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table shape and file-naming errors; the CSV syntax itself is tested in core's CsvReaderTest. */
class CsvTableTest {

  private static final Path F = Path.of("t.csv");

  private static CsvTable parse(String text) {
    return CsvTable.read(F, new StringReader(text));
  }

  @Test
  void rfc4180QuotedCommasNewlinesAndQuotes() {
    String text = "id,text,label\r\n1,\"Hello, world\",0\r\n2,\"two\nlines \"\"quoted\"\"\",1\n3,plain,0";
    CsvTable t = parse(text);
    assertThat(t.header()).containsExactly("id", "text", "label");
    assertThat(t.rows()).containsExactly(
        List.of("1", "Hello, world", "0"), List.of("2", "two\nlines \"quoted\"", "1"), List.of("3", "plain", "0"));
    // The third record starts on line 5: the second spans lines 3 and 4.
    assertThat(t.lines()).containsExactly(2L, 3L, 5L);
  }

  @Test
  void byteOrderMarkAndBlankLinesAreSkipped(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bom.csv");
    Files.write(file, "\uFEFFid,text\n\n1,a\n   \n2,b\n".getBytes(StandardCharsets.UTF_8));
    CsvTable t = CsvTable.read(file);
    assertThat(t.header()).containsExactly("id", "text");
    assertThat(t.column("id")).isZero();
    assertThat(t.rows()).containsExactly(List.of("1", "a"), List.of("2", "b"));
    assertThat(t.lines()).containsExactly(3L, 5L);
  }

  @Test
  void errorsNameFileAndLine() {
    assertThatThrownBy(() -> parse("a,b\n1,2\n3\n"))
        .isInstanceOf(LabelDataException.class)
        .hasMessage("t.csv:3: record has 1 fields but the header has 2")
        .satisfies(e -> assertThat(((LabelDataException) e).line()).isEqualTo(3));
    assertThatThrownBy(() -> parse("a,b\n1,\"open\n"))
        .isInstanceOf(LabelDataException.class)
        .hasMessage("t.csv:2: unterminated quoted field starting on line 2");
    assertThatThrownBy(() -> parse("a,b\n1,\"x\"y\n"))
        .isInstanceOf(LabelDataException.class)
        .hasMessage("t.csv:2: unexpected character 'y' after a closing quote");
    assertThatThrownBy(() -> parse("a\n").column("text"))
        .hasMessage("t.csv:1: missing column 'text'; columns are [a]");
    assertThatThrownBy(() -> parse("\n\na\n").column("text"))
        .hasMessage("t.csv:3: missing column 'text'; columns are [a]");
    assertThatThrownBy(() -> parse("\n \n"))
        .isInstanceOf(LabelDataException.class).hasMessage("t.csv:1: empty CSV: no header");
    assertThatThrownBy(() -> CsvTable.read(Path.of("no", "such.csv")))
        .isInstanceOf(LabelDataException.class).hasMessageStartingWith(Path.of("no", "such.csv") + ": cannot read CSV: ");
  }

  @Test
  void readsTheYoutubeCsvRowCountsFromTheDatasetReadme() {
    // datasets/README: Youtube01-Psy.csv has 350 comments (175 spam), Youtube05-Shakira.csv 370 (174 spam).
    CsvTable psy = CsvTable.read(Path.of("..", "datasets", "youtube_spam_collection", "Youtube01-Psy.csv"));
    assertThat(psy.rows()).hasSize(350);
    int cls = psy.column("CLASS");
    assertThat(psy.rows().stream().filter(r -> r.get(cls).equals("1")).count()).isEqualTo(175);
    CsvTable shakira = CsvTable.read(Path.of("..", "datasets", "youtube_spam_collection", "Youtube05-Shakira.csv"));
    assertThat(shakira.rows()).hasSize(370);
    assertThat(shakira.rows().stream().filter(r -> r.get(cls).equals("1")).count()).isEqualTo(174);
  }
}
