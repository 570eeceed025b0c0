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
  void unterminatedQuote() {
    CsvReader r = new CsvReader(new StringReader("a\n\"never closed\nmore"));
    assertThatThrownBy(() -> { r.next(); r.next(); }).hasMessage("line 2: unterminated quoted field");
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
