package dev.prism.core.io;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 CSV reader: quoted fields may hold delimiters, doubled quotes and line
 * breaks. Each record remembers the physical line it started on, so errors can name it; CRLF, LF
 * and a bare CR all end a line. A UTF-8 byte-order mark at the start of the input is skipped
 * (spreadsheet exports write one, and it must not become part of the first column's name). A quote
 * inside an unquoted field is taken literally, as spreadsheets write it. Memory is bounded by the
 * longest record, which is capped (a runaway quote must not swallow a whole file).
 */
public final class CsvReader implements AutoCloseable {
  /** Longest record accepted, in characters. */
  public static final int MAX_RECORD_CHARS = 1 << 20;

  private static final char BOM = '\uFEFF';

  /** One record and the 1-based line it starts on. */
  public record Row(long line, List<String> fields) {
    /** A line with nothing on it but maybe spaces (one blank field); readers of tables skip it. */
    public boolean isBlank() {
      return fields.size() == 1 && fields.get(0).isBlank();
    }
  }

  private final Reader in;
  private final char delimiter;
  private long line = 1;
  private int peeked = -2;
  private boolean started;

  /**
   * @throws IllegalArgumentException when {@code delimiter} is a quote or a line break, which
   *     would make records ambiguous
   */
  public CsvReader(Reader in, char delimiter) {
    if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
      throw new IllegalArgumentException("CSV delimiter must not be a quote or a line break");
    }
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

  /**
   * The next record, or null at end of input. Throws {@link CsvException} on a malformed record;
   * the reader then stands at the start of the next line, so the caller may skip the record and
   * go on (after an unterminated quote that is the end of input).
   */
  public Row next() throws IOException {
    int c = read();
    if (!started) {
      started = true;
      if (c == BOM) {
        c = read();
      }
    }
    if (c == -1) {
      return null;
    }
    long start = line;
    long quoteLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    int total = 0;
    while (true) {
      if (++total > MAX_RECORD_CHARS) {
        // Resynchronise on the next line end so that a runaway quote costs one error, not a cascade
        // of records parsed from the middle of a line.
        if (c == '\n' || c == '\r') {
          endLine(c);
        } else if (c != -1) {
          skipRestOfLine();
        }
        throw new CsvException(start, "record longer than " + MAX_RECORD_CHARS + " characters (unbalanced quote?)");
      }
      if (quoted) {
        if (c == -1) {
          throw new CsvException(start, "unterminated quoted field starting on line " + quoteLine);
        }
        if (c == '"') {
          if (peek() == '"') {
            read();
            field.append('"');
          } else {
            quoted = false;
          }
        } else {
          // A line break inside a quoted field is kept as is, but still counts as a physical line
          // (a CR LF pair once, at its LF), so later records keep their true line numbers.
          if (c == '\n' || (c == '\r' && peek() != '\n')) {
            line++;
          }
          field.append((char) c);
        }
      } else if (c == '"' && field.isEmpty() && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
        quoteLine = line;
      } else if (c == delimiter) {
        fields.add(field.toString());
        field.setLength(0);
        wasQuoted = false;
      } else if (c == '\r' || c == '\n' || c == -1) {
        if (c != -1) {
          endLine(c);
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

  /** Counts the line end {@code c} (just read), consuming the LF of a CR LF pair. */
  private void endLine(int c) throws IOException {
    if (c == '\r' && peek() == '\n') {
      read();
    }
    line++;
  }

  /** Resynchronises after a malformed record so the caller can skip it and go on. */
  private void skipRestOfLine() throws IOException {
    int c;
    while ((c = read()) != -1) {
      if (c == '\n' || c == '\r') {
        endLine(c);
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
    private final String problem;

    public CsvException(long line, String problem) {
      super("line " + line + ": " + problem);
      this.line = line;
      this.problem = problem;
    }

    /** The 1-based line the malformed record starts on. */
    public long line() {
      return line;
    }

    /** The message without the line, for callers that name the file and line themselves. */
    public String problem() {
      return problem;
    }
  }
}
