package dev.prism.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CsvWriterTest {
  @Test
  void quotesOnlyWhereRfc4180Requires() {
    assertThat(CsvWriter.quote("plain", ',')).isEqualTo("plain");
    assertThat(CsvWriter.quote("", ',')).isEqualTo("");
    assertThat(CsvWriter.quote(" padded ", ',')).isEqualTo(" padded ");
    assertThat(CsvWriter.quote("a,b", ',')).isEqualTo("\"a,b\"");
    assertThat(CsvWriter.quote("say \"x\"", ',')).isEqualTo("\"say \"\"x\"\"\"");
    assertThat(CsvWriter.quote("\"", ',')).isEqualTo("\"\"\"\"");
    assertThat(CsvWriter.quote("two\nlines", ',')).isEqualTo("\"two\nlines\"");
    assertThat(CsvWriter.quote("cr\rhere", ',')).isEqualTo("\"cr\rhere\"");
    assertThat(CsvWriter.quote("crlf\r\nhere", ',')).isEqualTo("\"crlf\r\nhere\"");
  }

  @Test
  void theDelimiterDecidesWhatNeedsQuoting() {
    assertThat(CsvWriter.quote("a,b", '\t')).isEqualTo("a,b");
    assertThat(CsvWriter.quote("a\tb", '\t')).isEqualTo("\"a\tb\"");
    assertThat(CsvWriter.quote("a;b", ';')).isEqualTo("\"a;b\"");
  }

  @Test
  void rejectsNullFieldsAndAmbiguousDelimiters() {
    assertThatThrownBy(() -> CsvWriter.quote(null, ',')).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> CsvWriter.quote("x", '"'))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("CSV delimiter must not be a quote or a line break");
    assertThatThrownBy(() -> CsvWriter.quote("x", '\n')).isInstanceOf(IllegalArgumentException.class);
  }
}
