package dev.prism.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
  @Test
  void quotedFieldsWithCommasQuotesAndNewlinesKeepLineNumbers() throws Exception {
    String csv = "id,text\r\n1,\"a, b\"\n2,\"he said \"\"hi\"\"\nand left\"\n3,plain\n";
    try (CsvReader r = new CsvReader(new StringReader(csv))) {
      assertThat(r.next()).isEqualTo(new CsvReader.Row(1, List.of("id", "text")));
      assertThat(r.next()).isEqualTo(new CsvReader.Row(2, List.of("1", "a, b")));
      assertThat(r.next()).isEqualTo(new CsvReader.Row(3, List.of("2", "he said \"hi\"\nand left")));
      assertThat(r.next()).isEqualTo(new CsvReader.Row(5, List.of("3", "plain")));
      assertThat(r.next()).isNull();
    }
  }

  @Test
  void malformedRecordIsReportedAndReadingResumes() throws Exception {
    String csv = "1,\"ok\"\n2,\"bad\"x,y\n3,fine\n";
    CsvReader r = new CsvReader(new StringReader(csv));
    assertThat(r.next().fields()).containsExactly("1", "ok");
    assertThatThrownBy(r::next).isInstanceOf(CsvReader.CsvException.class)
        .hasMessage("line 2: unexpected character 'x' after a closing quote");
    assertThat(r.next()).isEqualTo(new CsvReader.Row(3, List.of("3", "fine")));
  }

  @Test
  void unterminatedQuote() throws Exception {
    CsvReader r = new CsvReader(new StringReader("a\n\"never closed\nmore"));
    assertThat(r.next().fields()).containsExactly("a");
    assertThatThrownBy(r::next).isInstanceOf(CsvReader.CsvException.class)
        .hasMessage("line 2: unterminated quoted field starting on line 2")
        .satisfies(e -> assertThat(((CsvReader.CsvException) e).problem())
            .isEqualTo("unterminated quoted field starting on line 2"));
    // the quote swallowed the rest of the input: nothing is left to read
    assertThat(r.next()).isNull();
  }

  @Test
  void unterminatedQuoteNamesTheLineTheQuoteOpensOn() {
    // the record starts on line 2, its second quoted field opens on line 3 and never closes
    CsvReader r = new CsvReader(new StringReader("h1,h2,h3\n\"multi\nline\",\"open\nmore\n"));
    assertThatThrownBy(() -> { r.next(); r.next(); })
        .hasMessage("line 2: unterminated quoted field starting on line 3");
  }

  @Test
  void quoteInsideAnUnquotedFieldIsLiteral() throws Exception {
    // spreadsheets write 12" pipe unquoted; only a quote at the start of a field opens a quoted field
    CsvReader r = new CsvReader(new StringReader("a,12\" pipe,x\"y\"\n"));
    assertThat(r.next().fields()).containsExactly("a", "12\" pipe", "x\"y\"");
  }

  @Test
  void byteOrderMarkAtTheStartIsSkipped() throws Exception {
    CsvReader r = new CsvReader(new StringReader("\uFEFFid,text\n1,\uFEFFkept\n"));
    assertThat(r.next()).isEqualTo(new CsvReader.Row(1, List.of("id", "text")));
    // only the first character of the input is a byte-order mark; elsewhere U+FEFF is data
    assertThat(r.next()).isEqualTo(new CsvReader.Row(2, List.of("1", "\uFEFFkept")));
    assertThat(r.next()).isNull();

    // a BOM must not stop the first field from being a quoted one
    CsvReader quoted = new CsvReader(new StringReader("\uFEFF\"a,b\",c"));
    assertThat(quoted.next().fields()).containsExactly("a,b", "c");
    assertThat(new CsvReader(new StringReader("\uFEFF")).next()).isNull();
  }

  @Test
  void lineNumbersCountPhysicalLinesWhateverTheLineEnds() throws Exception {
    // CRLF, a quoted field spanning a CRLF, a bare CR, a bare LF, a quoted bare CR, no final newline
    String csv = "a,b\r\n\"x\r\ny\",z\r\nc,\"he said \"\"hi\"\"\"\rd,e\n\"p\rq\",r\nlast,row";
    CsvReader r = new CsvReader(new StringReader(csv));
    assertThat(r.next()).isEqualTo(new CsvReader.Row(1, List.of("a", "b")));
    assertThat(r.next()).isEqualTo(new CsvReader.Row(2, List.of("x\r\ny", "z")));
    assertThat(r.next()).isEqualTo(new CsvReader.Row(4, List.of("c", "he said \"hi\"")));
    assertThat(r.next()).isEqualTo(new CsvReader.Row(5, List.of("d", "e")));
    assertThat(r.next()).isEqualTo(new CsvReader.Row(6, List.of("p\rq", "r")));
    assertThat(r.next()).isEqualTo(new CsvReader.Row(8, List.of("last", "row")));
    assertThat(r.next()).isNull();
  }

  @Test
  void emptyFieldsBlankLinesAndOtherDelimiters() throws Exception {
    CsvReader r = new CsvReader(new StringReader("a\t\tc,d\n\n \n\t\n"), '\t');
    assertThat(r.next().fields()).containsExactly("a", "", "c,d");
    CsvReader.Row empty = r.next();
    assertThat(empty).isEqualTo(new CsvReader.Row(2, List.of("")));
    assertThat(empty.isBlank()).isTrue();
    assertThat(r.next().isBlank()).isTrue();
    CsvReader.Row twoEmptyFields = r.next();
    assertThat(twoEmptyFields.fields()).containsExactly("", "");
    assertThat(twoEmptyFields.isBlank()).isFalse();
    assertThat(r.next()).isNull();
  }

  @Test
  void delimiterMustNotBeAQuoteOrALineBreak() {
    for (char d : new char[] {'"', '\n', '\r'}) {
      assertThatThrownBy(() -> new CsvReader(new StringReader("x"), d))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("CSV delimiter must not be a quote or a line break");
    }
  }

  @Test
  void overlongRecordIsReportedAndReadingResumesOnTheNextLine() throws Exception {
    String runaway = "\"" + "x".repeat(CsvReader.MAX_RECORD_CHARS + 10);
    CsvReader r = new CsvReader(new StringReader("a,b\n" + runaway + "\nc,d\n"));
    assertThat(r.next().fields()).containsExactly("a", "b");
    assertThatThrownBy(r::next).isInstanceOf(CsvReader.CsvException.class)
        .hasMessage("line 2: record longer than " + CsvReader.MAX_RECORD_CHARS + " characters (unbalanced quote?)");
    assertThat(r.next()).isEqualTo(new CsvReader.Row(3, List.of("c", "d")));
    assertThat(r.next()).isNull();
  }

  @Test
  void randomizedRoundTrip() throws Exception {
    Random rnd = new Random(7);
    String alphabet = "ab,\"\n x";
    List<List<String>> rows = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      List<String> row = new ArrayList<>();
      int k = 1 + rnd.nextInt(4);
      for (int j = 0; j < k; j++) {
        StringBuilder f = new StringBuilder();
        int len = rnd.nextInt(6);
        for (int c = 0; c < len; c++) {
          f.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        row.add(f.toString());
        // independent writer: always quote, double inner quotes (RFC 4180 section 2.7)
        sb.append(j > 0 ? "," : "").append('"').append(f.toString().replace("\"", "\"\"")).append('"');
      }
      sb.append('\n');
      rows.add(row);
    }
    CsvReader r = new CsvReader(new StringReader(sb.toString()));
    for (List<String> expected : rows) {
      assertThat(r.next().fields()).isEqualTo(expected);
    }
    assertThat(r.next()).isNull();
  }
}
