package dev.prism.core.io;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 CSV reader: quoted fields may hold commas, doubled quotes and line breaks.
 * Each record remembers the physical line it started on, so errors can name it. Memory is bounded
 * by the longest record, which is capped (a runaway quote must not swallow a whole file).
 */
public final class CsvReader implements AutoCloseable {
  /** Longest record accepted, in characters. */
  public static final int MAX_RECORD_CHARS = 1 << 20;

  /** One record and the 1-based line it starts on. */
  public record Row(long line, List<String> fields) {}

  private final Reader in;
  private final char delimiter;
  private long line = 1;
  private int peeked = -2;

  public CsvReader(Reader in, char delimiter) {
    this.in = in;
    this.delimiter = delimiter;
  }

  public CsvReader(Reader in) {
    this(in, ',');
  }

  private int read() throws IOException {
    if (peeked != -2) {
      int c = peeked;
      peeked = -2;
      return c;
    }
    return in.read();
  }

  private int peek() throws IOException {
    if (peeked == -2) {
      peeked = in.read();
    }
    return peeked;
  }

  /** The next record, or null at end of input. Throws {@link CsvException} on malformed input. */
  public Row next() throws IOException {
    int c = read();
    if (c == -1) {
      return null;
    }
    long start = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    int total = 0;
    while (true) {
      if (++total > MAX_RECORD_CHARS) {
        throw new CsvException(start, "record longer than " + MAX_RECORD_CHARS + " characters (unbalanced quote?)");
      }
      if (quoted) {
        if (c == -1) {
          throw new CsvException(start, "unterminated quoted field");
        }
        if (c == '"') {
          if (peek() == '"') {
            read();
            field.append('"');
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append((char) c);
        }
      } else if (c == '"' && field.isEmpty() && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == delimiter) {
        fields.add(field.toString());
        field.setLength(0);
        wasQuoted = false;
      } else if (c == '\r' || c == '\n' || c == -1) {
        if (c == '\r' && peek() == '\n') {
          read();
        }
        if (c != -1) {
          line++;
        }
        fields.add(field.toString());
        return new Row(start, fields);
      } else if (wasQuoted) {
        skipRestOfLine();
        throw new CsvException(start, "unexpected character '" + (char) c + "' after a closing quote");
      } else {
        field.append((char) c);
      }
      c = read();
    }
  }

  /** Resynchronises after a malformed record so the caller can skip it and go on. */
  private void skipRestOfLine() throws IOException {
    int c;
    while ((c = read()) != -1) {
      if (c == '\n') {
        line++;
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Malformed CSV at a given line. */
  public static final class CsvException extends IOException {
    private final long line;

    public CsvException(long line, String message) {
      super("line " + line + ": " + message);
      this.line = line;
    }

    public long line() {
      return line;
    }
  }
}
