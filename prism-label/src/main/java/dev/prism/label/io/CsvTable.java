package dev.prism.label.io;

import dev.prism.core.io.CsvReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole CSV file in memory, for data sets small enough to index by row: the first record is the
 * header, blank lines are skipped, and every other record must have as many fields as the header.
 * Parsing (RFC 4180 quoting, CRLF/LF/CR line ends, a leading byte-order mark) is core's {@link
 * CsvReader}; this class only adds the table shape and errors that name the file.
 *
 * @param header the column names
 * @param headerLine the 1-based line of the header (after any leading blank lines)
 * @param rows the records after the header, each with exactly header.size() fields
 * @param lines for each record, the 1-based line on which it starts (for error messages)
 */
public record CsvTable(Path file, List<String> header, long headerLine, List<List<String>> rows, List<Long> lines) {

  /** Reads and validates a whole UTF-8 file; any malformed record fails the whole table. */
  public static CsvTable read(Path file) {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(file, reader);
    } catch (IOException e) {
      // only opening or closing the file gets here: read(Path, Reader) reports its own read errors
      throw LabelDataException.unreadable(file, "CSV", e);
    }
  }

  /**
   * Reads from {@code reader}, which stays open (the file name is only used in messages).
   *
   * @throws LabelDataException for malformed CSV, a record whose field count differs from the
   *     header's, an input without a header, or a read error
   */
  public static CsvTable read(Path file, Reader reader) {
    // not closed: the caller owns the reader, and closing CsvReader would close it
    CsvReader csv = new CsvReader(reader);
    List<String> header = null;
    long headerLine = 1;
    List<List<String>> rows = new ArrayList<>();
    List<Long> lines = new ArrayList<>();
    try {
      for (CsvReader.Row row = csv.next(); row != null; row = csv.next()) {
        if (row.isBlank()) {
          continue; // a blank line is not a record
        }
        if (header == null) {
          header = row.fields();
          headerLine = row.line();
        } else if (row.fields().size() != header.size()) {
          throw new LabelDataException(file, row.line(), null,
              "record has " + row.fields().size() + " fields but the header has " + header.size());
        } else {
          rows.add(List.copyOf(row.fields()));
          lines.add(row.line());
        }
      }
    } catch (CsvReader.CsvException e) {
      throw new LabelDataException(file, e.line(), null, e.problem(), e);
    } catch (IOException e) {
      throw LabelDataException.unreadable(file, "CSV", e);
    }
    if (header == null) {
      throw new LabelDataException(file, 1, null, "empty CSV: no header");
    }
    return new CsvTable(file, List.copyOf(header), headerLine, List.copyOf(rows), List.copyOf(lines));
  }

  /** Index of a column; throws naming the file and the available columns. */
  public int column(String name) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new LabelDataException(file, headerLine, null, "missing column '" + name + "'; columns are " + header);
    }
    return i;
  }
}
