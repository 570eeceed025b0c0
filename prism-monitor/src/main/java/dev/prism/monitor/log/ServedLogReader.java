package dev.prism.monitor.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * Reads the served-signal log: the committed files ({@code part-*.parquet}) of the partitions that
 * overlap a time window; hidden files (a leading {@code .} or {@code _}: files being written, or
 * left by a crash) are skipped.
 */
public final class ServedLogReader {
  private ServedLogReader() {}

  /**
   * Rows served in {@code [from, to)} for the signals {@code wantSignal} accepts ({@code name@major}).
   *
   * @throws IllegalArgumentException when {@code dir} is not a directory or a file is unreadable,
   *     naming the file
   */
  public static List<ServedRow> read(Path dir, Predicate<String> wantSignal, Instant from, Instant to) throws IOException {
    return read(dir, wantSignal, from, to, problem -> {
      throw new IllegalArgumentException(problem);
    });
  }

  /**
   * {@link #read(Path, Predicate, Instant, Instant)}, but a committed file that does not parse (a disk
   * error, a file copied in by hand) is handed to {@code unreadable} with its name and reason and skipped,
   * so one bad file does not stop a drift check over the rest of the window.
   */
  public static List<ServedRow> read(Path dir, Predicate<String> wantSignal, Instant from, Instant to,
      java.util.function.Consumer<String> unreadable) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("served-signal log " + dir + " is not a directory");
    }
    List<ServedRow> out = new ArrayList<>();
    try (Stream<Path> signals = Files.list(dir)) {
      for (Path s : signals.sorted().toList()) {
        String signal = value(s, "signal");
        if (signal == null || !wantSignal.test(signal)) {
          continue;
        }
        for (Path d : list(s)) {
          String date = value(d, "date");
          if (date == null) {
            continue;
          }
          for (Path h : list(d)) {
            String hour = value(h, "hour");
            if (hour == null || !overlaps(date, hour, from, to)) {
              continue;
            }
            for (Path f : list(h)) {
              String name = f.getFileName().toString();
              if (name.startsWith(".") || name.startsWith("_") || !name.endsWith(".parquet")) {
                continue;
              }
              List<ServedRow> rows = new ArrayList<>();
              try {
                readFile(f, from, to, rows);
              } catch (IllegalArgumentException e) {
                unreadable.accept(e.getMessage());
                continue; // none of a bad file's rows: a half-read file would bias the window
              }
              out.addAll(rows);
            }
          }
        }
      }
    }
    return out;
  }

  private static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  /** {@code key=value} directory name's value, or null for any other name. */
  private static String value(Path p, String key) {
    String n = p.getFileName().toString();
    return n.startsWith(key + "=") && Files.isDirectory(p) ? n.substring(key.length() + 1) : null;
  }

  private static boolean overlaps(String date, String hour, Instant from, Instant to) {
    Instant start;
    try {
      start = LocalDate.parse(date).atTime(Integer.parseInt(hour), 0).toInstant(ZoneOffset.UTC);
    } catch (RuntimeException e) {
      return false; // not a partition of ours
    }
    Instant end = start.plusSeconds(3600);
    return start.isBefore(to) && end.isAfter(from);
  }

  static void readFile(Path f, Instant from, Instant to, List<ServedRow> out) throws IOException {
    long lo = from.toEpochMilli();
    long hi = to.toEpochMilli();
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(f))) {
      MessageType schema = r.getFileMetaData().getSchema();
      PageReadStore rows;
      while ((rows = r.readNextRowGroup()) != null) {
        RecordReader<Group> rr = new ColumnIOFactory().getColumnIO(schema).getRecordReader(rows, new GroupRecordConverter(schema));
        for (long i = 0; i < rows.getRowCount(); i++) {
          ServedRow row = LogSchema.fromGroup(rr.read(), f.toString());
          if (row.servedAtMillis() >= lo && row.servedAtMillis() < hi) {
            out.add(row);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()
          .replaceAll("org\\.apache\\.parquet\\.io\\.LocalInputFile@\\p{XDigit}+", "the file"); // Parquet names it by identity hash
      throw new IllegalArgumentException("served-signal log file " + f + " is unreadable: " + why, e);
    }
  }
}
