package dev.prism.core.io;

import java.util.Objects;

/** Writing side of {@link CsvReader}: RFC 4180 field quoting. */
public final class CsvWriter {
  private CsvWriter() {}

  /**
   * {@code field} as it must appear in a CSV record (RFC 4180 section 2.6 and 2.7): quoted when it
   * holds the delimiter, a quote, a CR or an LF, with inner quotes doubled; otherwise as is. Edge
   * spaces are left unquoted: RFC 4180 makes spaces part of the field, and {@link CsvReader} keeps
   * them.
   *
   * @throws IllegalArgumentException when {@code delimiter} is a quote or a line break (no quoting
   *     could make such a record unambiguous)
   */
  public static String quote(String field, char delimiter) {
    Objects.requireNonNull(field, "CSV field must not be null");
    if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
      throw new IllegalArgumentException("CSV delimiter must not be a quote or a line break");
    }
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == delimiter || c == '"' || c == '\r' || c == '\n') {
        return '"' + field.replace("\"", "\"\"") + '"';
      }
    }
    return field;
  }
}
