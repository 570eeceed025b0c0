package dev.prism.runtime.item;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.core.io.CsvReader;
import dev.prism.core.io.SignalJson;
import dev.prism.core.item.ContentItem;
import dev.prism.core.item.ItemJson;
import dev.prism.core.item.MediaRef;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams {@link ContentItem}s out of a JSONL or CSV file, one record at a time, with the line each
 * came from. A malformed record becomes a {@link Record.Bad} with its line and reason; reading goes
 * on with the next record. JSON objects are mapped by {@link ItemJson}, the same mapping as the
 * HTTP API's.
 */
public abstract sealed class ItemReader implements AutoCloseable {

  /** What one input record turned into. */
  public sealed interface Record {
    long line();

    record Good(long line, ContentItem item) implements Record {}

    record Bad(long line, String reason) implements Record {}
  }

  /** Next record, or null at end of input. */
  public abstract Record next() throws IOException;

  @Override
  public abstract void close() throws IOException;

  /**
   * @param format {@code jsonl} or {@code csv}
   * @param maxInlineMediaBytes largest base64 image accepted inline
   */
  public static ItemReader open(InputStream in, String format, ItemMapping mapping, String source, long maxInlineMediaBytes)
      throws IOException {
    return switch (format) {
      case "jsonl" -> new Jsonl(in, mapping, maxInlineMediaBytes);
      case "csv" -> new Csv(in, mapping, source, maxInlineMediaBytes);
      default -> throw new IllegalArgumentException("unknown input format '" + format + "' (jsonl or csv)");
    };
  }

  /** Reads everything, keeping good items and the bad records' reasons (small files, tests). */
  public List<Record> readAll() throws IOException {
    List<Record> out = new ArrayList<>();
    for (Record r = next(); r != null; r = next()) {
      out.add(r);
    }
    return out;
  }

  // ---- JSONL --------------------------------------------------------------------------------

  static final class Jsonl extends ItemReader {
    /** Room for text fields and metadata besides the largest inline image, in chars. */
    static final int LINE_SLACK_CHARS = 1 << 20;

    private final BoundedLines reader;
    private final ItemJson.Fields fields;
    private final long maxInline;
    private long line;

    Jsonl(InputStream in, ItemMapping m, long maxInline) {
      // A line may carry one inline image (base64: 4 chars per 3 bytes) plus text; anything longer
      // is refused as a record instead of being buffered whole (a file without newlines would
      // otherwise exhaust the heap).
      long maxChars = Math.min(Integer.MAX_VALUE - 8L, maxInline / 3 * 4 + 4 + LINE_SLACK_CHARS);
      this.reader = new BoundedLines(in, (int) maxChars); // base64 and JSON syntax are ASCII: chars ~ bytes
      this.fields = m.jsonFields();
      this.maxInline = maxInline;
    }

    @Override
    public Record next() throws IOException {
      String s;
      do {
        s = reader.readLine();
        line++;
        if (s == null) {
          return null;
        }
        if (s == BoundedLines.TOO_LONG) {
          return new Record.Bad(line, "line longer than " + reader.maxChars() + " bytes (one inline image of at most "
              + "media.max_bytes plus text); skipped without reading it into memory");
        }
        if (s == BoundedLines.INVALID_UTF8) {
          return new Record.Bad(line, "not UTF-8: " + reader.invalidUtf8() + "; the line is skipped rather than scored "
              + "with replacement characters");
        }
        if (line == 1 && s.startsWith("\uFEFF")) {
          s = s.substring(1); // a UTF-8 byte-order mark is not part of the first record
        }
      } while (s.isBlank());
      JsonNode n;
      try (JsonParser p = SignalJson.MAPPER.createParser(s)) {
        n = SignalJson.MAPPER.readTree(p);
        // readTree stops after the first value: text after it (two records glued together by a
        // missing newline) would otherwise be dropped without a word.
        if (p.nextToken() != null) {
          return new Record.Bad(line, "malformed JSON: more text after the object at column "
              + p.currentTokenLocation().getColumnNr() + " (one object per line)");
        }
      } catch (JsonProcessingException e) {
        return new Record.Bad(line, "malformed JSON: " + e.getOriginalMessage());
      }
      try {
        return new Record.Good(line, ItemJson.parse(n, fields, ItemJson.Mode.LENIENT, maxInline));
      } catch (ItemJson.ItemException e) {
        return new Record.Bad(line, (e.itemId() == null ? "" : "item '" + e.itemId() + "': ") + e.getMessage());
      }
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }

  /**
   * Lines of at most {@code maxBytes} bytes ({@code \n} or {@code \r\n} terminated), split on the
   * byte level (a newline byte never occurs inside a UTF-8 multi-byte sequence) and decoded
   * strictly: a line that is not valid UTF-8 is reported as {@link #invalidUtf8} with the offset,
   * not silently turned into U+FFFD replacement characters that would then be scored as text. A
   * longer line is consumed to its end without being kept and reported as {@link #TOO_LONG}.
   */
  static final class BoundedLines implements AutoCloseable {
    /** Returned (by identity) for a line over the limit. */
    static final String TOO_LONG = new String("\u0000line too long");
    /** Returned (by identity) for a line that is not valid UTF-8; {@link #invalidUtf8()} says where. */
    static final String INVALID_UTF8 = new String("\u0000invalid UTF-8");

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buf = new byte[1 << 16];
    private final java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    private int pos;
    private int len;
    private String invalidUtf8 = "";

    BoundedLines(InputStream in, int maxBytes) {
      this.in = in;
      this.maxBytes = maxBytes;
    }

    int maxChars() {
      return maxBytes;
    }

    /** Where the last {@link #INVALID_UTF8} line went wrong. */
    String invalidUtf8() {
      return invalidUtf8;
    }

    String readLine() throws IOException {
      java.io.ByteArrayOutputStream line = null;
      boolean overflow = false;
      boolean any = false;
      while (true) {
        if (pos == len) {
          len = in.read(buf, 0, buf.length);
          pos = 0;
          if (len <= 0) {
            len = 0;
            if (!any) {
              return null;
            }
            break;
          }
        }
        any = true;
        int start = pos;
        while (pos < len && buf[pos] != '\n') {
          pos++;
        }
        int n = pos - start;
        if (!overflow) {
          if (line == null) {
            line = new java.io.ByteArrayOutputStream(Math.min(Math.max(n, 16), 1 << 16));
          }
          if (line.size() + n > maxBytes) {
            overflow = true;
            line = null;
          } else {
            line.write(buf, start, n);
          }
        }
        if (pos < len) { // found the newline
          pos++;
          break;
        }
      }
      if (overflow) {
        return TOO_LONG;
      }
      byte[] bytes = line.toByteArray();
      int end = bytes.length;
      if (end > 0 && bytes[end - 1] == '\r') {
        end--;
      }
      java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(bytes, 0, end);
      try {
        return decoder.reset().decode(bb).toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        invalidUtf8 = "byte " + (bb.position() + 1) + " of the line starts an invalid UTF-8 sequence (0x"
            + String.format(java.util.Locale.ROOT, "%02X", bytes[bb.position()] & 0xFF) + ")";
        return INVALID_UTF8;
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  // ---- CSV ----------------------------------------------------------------------------------

  static final class Csv extends ItemReader {
    private final CsvReader reader;
    private final List<String> header;
    private final ItemMapping m;
    private final long maxInline;
    private final int id;
    private final int text;
    private final int title;
    private final int link;
    private final int image;
    private final List<Integer> meta = new ArrayList<>();

    Csv(InputStream in, ItemMapping m, String source, long maxInline) throws IOException {
      this.m = m;
      this.maxInline = maxInline;
      this.reader = new CsvReader(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16));
      CsvReader.Row h;
      try {
        h = reader.next();
      } catch (CsvReader.CsvException e) {
        // Without a header no row can be read: refuse the file like the other header problems, naming
        // it (the reader's own message names only the line). Found by ItemReaderFuzzTest.
        throw new IllegalArgumentException(source + ":" + e.line() + ": malformed header row: " + e.problem(), e);
      }
      if (h == null) {
        throw new IllegalArgumentException(source + ": empty file, expected a header row");
      }
      this.header = h.fields().stream().map(s -> s.replace("\uFEFF", "").strip()).toList();
      this.id = header.indexOf(m.id());
      this.text = header.indexOf(m.text());
      if (id < 0) {
        throw new IllegalArgumentException(source + ":1: no id column '" + m.id() + "' in header " + header + " (use --id-column)");
      }
      if (text < 0) {
        throw new IllegalArgumentException(source + ":1: no text column '" + m.text() + "' in header " + header + " (use --text-column)");
      }
      this.title = header.indexOf(m.title());
      this.link = header.indexOf(m.link());
      this.image = header.indexOf(m.image());
      if (m.metaColumns().isEmpty()) {
        for (int i = 0; i < header.size(); i++) {
          if (i != id && i != text && i != title && i != link && i != image) {
            meta.add(i);
          }
        }
      } else {
        for (String c : m.metaColumns()) {
          int i = header.indexOf(c);
          if (i < 0) {
            throw new IllegalArgumentException(source + ":1: no metadata column '" + c + "' in header " + header);
          }
          meta.add(i);
        }
      }
    }

    @Override
    public Record next() throws IOException {
      CsvReader.Row row;
      List<String> f;
      do { // a loop, not a recursive call: a long run of blank lines must not exhaust the stack
        try {
          row = reader.next();
        } catch (CsvReader.CsvException e) {
          return new Record.Bad(e.line(), e.getMessage().replaceFirst("^line \\d+: ", ""));
        }
        if (row == null) {
          return null;
        }
        f = row.fields();
      } while (f.size() == 1 && f.get(0).isEmpty()); // blank line
      if (f.size() != header.size()) {
        return new Record.Bad(row.line(), f.size() + " fields, header has " + header.size());
      }
      String idv = f.get(id).strip();
      if (idv.isEmpty()) {
        return new Record.Bad(row.line(), "empty id in column '" + header.get(id) + "'");
      }
      Map<String, String> md = new HashMap<>();
      for (int i : meta) {
        md.put(header.get(i), f.get(i));
      }
      MediaRef img = MediaRef.NONE;
      if (image >= 0 && !f.get(image).isBlank()) {
        try {
          img = ItemJson.mediaOf(m.imageKind(), f.get(image).strip(), header.get(image), idv, maxInline);
        } catch (ItemJson.ItemException e) {
          return new Record.Bad(row.line(), "item '" + idv + "': " + e.getMessage());
        }
      }
      return new Record.Good(row.line(), new ContentItem(idv, title < 0 ? "" : f.get(title), f.get(text),
          link < 0 ? "" : f.get(link), img, md));
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}
