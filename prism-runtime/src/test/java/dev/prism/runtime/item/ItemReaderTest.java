package dev.prism.runtime.item;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.item.ContentItem;
import dev.prism.core.item.MediaRef;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemReaderTest {

  static List<ItemReader.Record> read(String format, String text, ItemMapping m) throws Exception {
    try (ItemReader r = ItemReader.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), format, m, "f", 64)) {
      return r.readAll();
    }
  }

  @Test
  void jsonlItemsWithMediaAndAByteOrderMark() throws Exception {
    String b64 = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
    List<ItemReader.Record> rs = read("jsonl", "\uFEFF{\"id\": \"a\", \"text\": \"hi\", \"metadata\": {\"author\": null, \"n\": 3}}\n\n"
        + "{\"id\": \"b\", \"image\": {\"base64\": \"" + b64 + "\"}}\n"
        + "{\"id\": \"c\", \"image\": {\"path\": \"x/y.jpg\"}}\n"
        + "{\"id\": \"d\", \"image\": {\"url\": \"ftp://h/x\"}}\n"
        + "{\"id\": \"e\", \"image\": {\"base64\": \"" + "A".repeat(200) + "\"}}\n"
        + "{\"id\": \"f\", \"image\": {\"path\": \"a\", \"url\": \"http://h/\"}}\n"
        + "{\"id\": \"g\", \"text\": 5}\n"
        + "not json\n", ItemMapping.defaults());
    assertThat(rs).hasSize(8);
    ContentItem a = ((ItemReader.Record.Good) rs.get(0)).item();
    assertThat(a.id()).isEqualTo("a"); // the BOM did not eat the first record
    assertThat(a.text()).isEqualTo("hi");
    assertThat(a.metadata()).isEqualTo(java.util.Map.of("n", "3")); // a null value is absent, not "null"
    assertThat(rs.get(0).line()).isEqualTo(1);
    assertThat(rs.get(1).line()).isEqualTo(3);
    assertThat(((MediaRef.Inline) ((ItemReader.Record.Good) rs.get(1)).item().image()).bytes()).containsExactly(1, 2, 3);
    assertThat(((ItemReader.Record.Good) rs.get(2)).item().image()).isEqualTo(new MediaRef.LocalPath("x/y.jpg"));
    assertThat(((ItemReader.Record.Bad) rs.get(3)).reason()).contains("must be an http or https URL");
    assertThat(((ItemReader.Record.Bad) rs.get(4)).reason()).contains("the limit is 64 (media.max_bytes)");
    assertThat(((ItemReader.Record.Bad) rs.get(5)).reason()).contains("exactly one of");
    assertThat(((ItemReader.Record.Bad) rs.get(6)).reason()).isEqualTo("item 'g': 'text' must be a string, got number");
    assertThat(((ItemReader.Record.Bad) rs.get(7))).satisfies(b -> {
      assertThat(b.line()).isEqualTo(9);
      assertThat(b.reason()).startsWith("malformed JSON");
    });
  }

  @Test
  void base64IsDecodedStrictlyAndDataUrisAreAccepted() throws Exception {
    String b64 = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    List<ItemReader.Record> rs = read("jsonl",
        "{\"id\": \"a\", \"image\": {\"base64\": \"data:image/png;base64," + b64 + "\"}}\n"
        + "{\"id\": \"b\", \"image\": {\"base64\": \"" + b64.substring(0, 4) + "\\n" + b64.substring(4) + "\"}}\n"
        + "{\"id\": \"c\", \"image\": {\"base64\": \"!!!!not base64 at all!!!!\"}}\n"
        + "{\"id\": \"d\", \"image\": {\"base64\": \"data:image/png,rawbytes\"}}\n", ItemMapping.defaults());
    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
    assertThat(((MediaRef.Inline) ((ItemReader.Record.Good) rs.get(0)).item().image()).bytes()).isEqualTo(png);
    assertThat(((MediaRef.Inline) ((ItemReader.Record.Good) rs.get(1)).item().image()).bytes()).isEqualTo(png);
    assertThat(((ItemReader.Record.Bad) rs.get(2)).reason()).contains("is not valid base64");
    assertThat(((ItemReader.Record.Bad) rs.get(3)).reason()).contains("data URI without ';base64,'");
  }

  @Test
  void aLineLongerThanOneImageAndItsTextIsRefusedWithoutBufferingIt() throws Exception {
    // limit with media.max_bytes = 64: 64 / 3 * 4 + 4 + 1 MiB of chars
    int limit = 64 / 3 * 4 + 4 + ItemReader.Jsonl.LINE_SLACK_CHARS;
    String huge = "{\"id\": \"big\", \"text\": \"" + "x".repeat(limit) + "\"}";
    String fits = "{\"id\": \"ok\", \"text\": \"" + "y".repeat(limit - 40) + "\"}";
    List<ItemReader.Record> rs = read("jsonl", "{\"id\": \"a\", \"text\": \"before\"}\r\n" + huge + "\n" + fits
        + "\n{\"id\": \"b\", \"text\": \"after\"}", ItemMapping.defaults());
    assertThat(rs).hasSize(4);
    assertThat(((ItemReader.Record.Good) rs.get(0)).item().text()).isEqualTo("before"); // \r\n handled
    assertThat(((ItemReader.Record.Bad) rs.get(1)).reason()).startsWith("line longer than " + limit + " bytes");
    assertThat(rs.get(1).line()).isEqualTo(2);
    assertThat(((ItemReader.Record.Good) rs.get(2)).item().id()).isEqualTo("ok");
    assertThat(((ItemReader.Record.Good) rs.get(3)).item().text()).isEqualTo("after"); // last line without a newline
  }

  @Test
  void aLineThatIsNotUtf8IsABadRecordNotReplacementCharacters() throws Exception {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    b.writeBytes("{\"id\": \"a\", \"text\": \"caf\u00e9\"}\n".getBytes(StandardCharsets.UTF_8));
    // Latin-1 'é' (0xE9) followed by an ASCII quote: 0xE9 starts a 3-byte sequence that never completes
    b.writeBytes("{\"id\": \"b\", \"text\": \"caf".getBytes(StandardCharsets.US_ASCII));
    b.write(0xE9);
    b.writeBytes("\"}\n".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes("{\"id\": \"c\", \"text\": \"\u00fcber \ud83d\ude00\"}\n".getBytes(StandardCharsets.UTF_8));
    List<ItemReader.Record> rs;
    try (ItemReader r = ItemReader.open(new ByteArrayInputStream(b.toByteArray()), "jsonl", ItemMapping.defaults(), "f", 64)) {
      rs = r.readAll();
    }
    assertThat(rs).hasSize(3);
    assertThat(((ItemReader.Record.Good) rs.get(0)).item().text()).isEqualTo("caf\u00e9");
    ItemReader.Record.Bad bad = (ItemReader.Record.Bad) rs.get(1);
    assertThat(bad.line()).isEqualTo(2);
    // {"id": "b", "text": "caf is 24 bytes, so the bad byte is the 25th
    assertThat(bad.reason()).isEqualTo("not UTF-8: byte 25 of the line starts an invalid UTF-8 sequence (0xE9); "
        + "the line is skipped rather than scored with replacement characters");
    assertThat(((ItemReader.Record.Good) rs.get(2)).item().text()).isEqualTo("\u00fcber \ud83d\ude00");
  }

  @Test
  void csvImageColumnsSayWhatTheyHold() throws Exception {
    ItemMapping m = new ItemMapping("id", "text", "title", "link", "img", "url", List.of());
    List<ItemReader.Record> rs = read("csv", "id,text,img\n1,hello,https://cdn.example.com/a.jpg\n2,no image,\n3,bad,mailto:x\n", m);
    assertThat(((ItemReader.Record.Good) rs.get(0)).item().image()).isInstanceOf(MediaRef.Remote.class);
    assertThat(((ItemReader.Record.Good) rs.get(1)).item().image()).isEqualTo(MediaRef.NONE);
    assertThat(((ItemReader.Record.Bad) rs.get(2)).reason()).contains("item '3'").contains("http or https");
  }

  @Test
  void manyBlankCsvLinesAreSkippedWithoutExhaustingTheStack() throws Exception {
    // A CSV exported with a long run of empty lines (or padded with them) is still a valid file.
    String csv = "id,text\n1,first\n" + "\n".repeat(200_000) + "2,after the blank lines\n";
    List<ItemReader.Record> rs = read("csv", csv, ItemMapping.defaults());
    assertThat(rs).hasSize(2);
    assertThat(((ItemReader.Record.Good) rs.get(1)).item().id()).isEqualTo("2");
    assertThat(rs.get(1).line()).isEqualTo(200_003);
  }

  /** Found by ItemReaderFuzzTest: the header's CsvException escaped open() without the file's name. */
  @Test
  void aMalformedCsvHeaderRefusesTheFileNamingIt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> read("csv", "id,\"text\nmore,rows\n", ItemMapping.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("f:1: malformed header row: unterminated quoted field starting on line 1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> read("csv", "id,\"text\"x\n1,a\n", ItemMapping.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("f:1: malformed header row: unexpected character 'x' after a closing quote");
  }

  @Test
  void twoObjectsOnOneJsonlLineAreAnErrorNotASilentlyDroppedItem() throws Exception {
    // A missing newline when files are concatenated glues two records; Jackson's readTree would
    // read the first and ignore the rest, losing the second item without a word.
    List<ItemReader.Record> rs = read("jsonl", "{\"id\": \"1\", \"text\": \"a\"}{\"id\": \"2\", \"text\": \"b\"}\n"
        + "{\"id\": \"3\", \"text\": \"c\"} trailing\n"
        + "{\"id\": \"4\", \"text\": \"d\"}   \n", ItemMapping.defaults());
    assertThat(rs).hasSize(3);
    assertThat(rs.get(0)).isInstanceOf(ItemReader.Record.Bad.class);
    assertThat(((ItemReader.Record.Bad) rs.get(0)).reason()).startsWith("malformed JSON").contains("after the object");
    assertThat(rs.get(1)).isInstanceOf(ItemReader.Record.Bad.class);
    assertThat(((ItemReader.Record.Good) rs.get(2)).item().id()).isEqualTo("4"); // trailing spaces are fine
  }
}
