package dev.prism.store.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.core.io.CsvReader;
import dev.prism.core.io.JsonlReader;
import dev.prism.label.io.LabelDataException;
import dev.prism.label.wrench.WrenchEntry;
import dev.prism.label.wrench.WrenchSplitReader;
import dev.prism.store.label.Label;
import dev.prism.store.label.LabelSource;
import dev.prism.store.label.LabelStore;
import dev.prism.store.label.LabelTask;
import dev.prism.store.label.SourceKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports label files into a task: streaming (a row at a time, never the whole file in memory)
 * and batched (one transaction, one JDBC batch per {@code batchSize} labels).
 *
 * <p>Bad rows are skipped with an error naming the file and line; the rest is imported, and the
 * {@link ImportReport} counts both. A row is all or nothing: a WRENCH row with one bad weak label
 * writes none of its labels. Labels are upserts keyed by (task, item, source), so re-running an
 * import after fixing the bad rows is safe. A batch committed before a crash stays committed.
 */
public final class LabelImporter {
  private static final Logger log = LoggerFactory.getLogger(LabelImporter.class);

  /** Labels per transaction: large enough to amortise the commit, small enough to bound memory. */
  public static final int DEFAULT_BATCH_SIZE = 5_000;
  /** Errors kept in the report; the rest are only counted. */
  public static final int MAX_REPORTED_ERRORS = 100;
  /** Rows between progress log lines. */
  public static final int PROGRESS_EVERY_ROWS = 100_000;

  private final LabelStore store;
  private final Clock clock;
  private final int batchSize;
  private final ObjectMapper json;

  public LabelImporter(LabelStore store, Clock clock, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("import batch size must be >= 1, got " + batchSize);
    }
    this.store = store;
    this.clock = clock;
    this.batchSize = batchSize;
    this.json = new ObjectMapper();
  }

  public LabelImporter(LabelStore store) {
    this(store, Clock.systemUTC(), DEFAULT_BATCH_SIZE);
  }

  /**
   * Imports {@code file} into the existing task {@code taskName}.
   *
   * @throws IllegalArgumentException when the task does not exist
   * @throws UncheckedIOException when the file cannot be opened
   */
  public ImportReport importFile(Path file, String taskName, ImportFormat format) {
    LabelTask task = store.task(taskName);
    Run run = new Run(file, task, format.name());
    try {
      switch (format) {
        case ImportFormat.Csv csv -> readCsv(run, csv);
        case ImportFormat.Jsonl jsonl -> readJsonl(run, jsonl.mapping());
        case ImportFormat.Wrench wrench -> readWrench(run, wrench);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    run.flush();
    if (run.rowsRead == 0 && run.fileError == null) {
      run.fileError = new ImportError(file, 0, "no label rows (empty file)");
    }
    ImportReport report = run.report();
    log.debug(report.summary()); // the CLI prints it; library callers get it returned
    return report;
  }

  // ---------------------------------------------------------------- CSV

  private void readCsv(Run run, ImportFormat.Csv format) throws IOException {
    ColumnMapping m = format.mapping();
    try (CsvReader csv = new CsvReader(Files.newBufferedReader(run.file, StandardCharsets.UTF_8), format.delimiter())) {
      CsvReader.Row header;
      try {
        header = csv.next();
        while (header != null && header.isBlank()) {
          header = csv.next();
        }
      } catch (CsvReader.CsvException e) {
        // without a header no row can be read: the whole file is at fault
        run.fileError = new ImportError(run.file, e.line(), e.problem());
        return;
      }
      if (header == null) {
        run.fileError = new ImportError(run.file, 0, "empty file: no header row (expected columns " + m.itemColumn()
            + ", " + m.labelColumn() + ", " + m.annotatorColumn() + ")");
        return;
      }
      Map<String, Integer> columns = new LinkedHashMap<>();
      for (int i = 0; i < header.fields().size(); i++) {
        String name = header.fields().get(i).strip();
        if (columns.putIfAbsent(name, i) != null) {
          run.fileError = new ImportError(run.file, header.line(), "header names column '" + name + "' twice");
          return;
        }
      }
      Columns cols;
      try {
        cols = Columns.resolve(m, columns.keySet()::contains, columns::get, "column");
      } catch (IllegalArgumentException e) {
        run.fileError = new ImportError(run.file, header.line(), e.getMessage() + " (header: " + columns.keySet() + ")");
        return;
      }
      while (true) {
        CsvReader.Row rec;
        try {
          rec = csv.next();
        } catch (CsvReader.CsvException e) {
          // The reader has skipped the malformed record; after an unterminated quote it is at the
          // end of the file (the quote swallowed the rest), so the next call ends the loop.
          run.rowsRead++;
          run.fail(e.line(), e.problem());
          continue;
        }
        if (rec == null) {
          return;
        }
        if (rec.isBlank()) {
          continue;
        }
        run.rowsRead++;
        if (rec.fields().size() != columns.size()) {
          run.fail(rec.line(), "expected " + columns.size() + " fields as in the header, found " + rec.fields().size());
          continue;
        }
        List<String> f = rec.fields();
        run.row(rec.line(), () -> List.of(labelOf(run, m, cols, name -> f.get(cols.index().get(name)))));
      }
    }
  }

  // ---------------------------------------------------------------- JSONL

  private void readJsonl(Run run, ColumnMapping m) throws IOException {
    try (JsonlReader in = new JsonlReader(Files.newBufferedReader(run.file, StandardCharsets.UTF_8), run.file.toString(), json)) {
      while (true) {
        JsonlReader.Line line;
        try {
          line = in.next();
        } catch (JsonlReader.JsonlException e) {
          // the reader has moved past the bad line: count it and go on
          run.rowsRead++;
          run.fail(e.line(), e.problem());
          continue;
        }
        if (line == null) {
          return;
        }
        run.rowsRead++;
        JsonNode node = line.value();
        if (!node.isObject()) {
          run.fail(line.number(), "expected a JSON object, found " + node.getNodeType().name().toLowerCase());
          continue;
        }
        final JsonNode obj = node;
        run.row(line.number(), () -> {
          Columns cols = Columns.resolve(m, name -> obj.has(name) && !obj.get(name).isNull(), null, "field");
          return List.of(labelOf(run, m, cols, field -> jsonText(obj, field)));
        });
      }
    }
  }

  private static String jsonText(JsonNode obj, String field) {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isContainerNode()) {
      throw new IllegalArgumentException("field '" + field + "' must be a string or number, found " + v.getNodeType().name().toLowerCase());
    }
    return v.asText();
  }

  // ---------------------------------------------------------------- shared CSV / JSONL row logic

  /**
   * The columns a file provides, resolved against the mapping once per file (CSV) or per row
   * (JSONL, where each object may have different fields). A missing required column is an error.
   * {@code index} maps a CSV column name to its position; empty for JSONL (read by name).
   */
  private record Columns(String item, String label, String annotator, String confidence, String time, String kind,
      Map<String, Integer> index) {

    static Columns resolve(ColumnMapping m, Predicate<String> has,
        Function<String, Integer> indexOf, String what) {
      List<String> missing = new ArrayList<>();
      if (!has.test(m.itemColumn())) {
        missing.add(m.itemColumn());
      }
      if (!has.test(m.labelColumn())) {
        missing.add(m.labelColumn());
      }
      boolean hasAnnotator = has.test(m.annotatorColumn());
      if (!hasAnnotator && m.fixedSourceName() == null) {
        missing.add(m.annotatorColumn());
      }
      String confidence = optional(m, m.confidenceColumn(), has, missing);
      String time = optional(m, m.timeColumn(), has, missing);
      String kind = optional(m, m.sourceKindColumn(), has, missing);
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException((missing.size() == 1 ? "missing " + what + " '" + missing.get(0) + "'"
            : "missing " + what + "s " + missing.stream().map(c -> "'" + c + "'").toList()));
      }
      Map<String, Integer> index = new HashMap<>();
      for (String c : indexOf == null ? new String[0] : new String[] {m.itemColumn(), m.labelColumn(), hasAnnotator ? m.annotatorColumn() : null, confidence, time, kind}) {
        if (c != null) {
          index.put(c, indexOf.apply(c));
        }
      }
      return new Columns(m.itemColumn(), m.labelColumn(), hasAnnotator ? m.annotatorColumn() : null, confidence, time, kind, index);
    }

    private static String optional(ColumnMapping m, String name, Predicate<String> has, List<String> missing) {
      if (name == null) {
        return null;
      }
      if (has.test(name)) {
        return name;
      }
      if (m.optionalColumnsRequired()) {
        missing.add(name);
      }
      return null;
    }
  }

  /**
   * Builds the one label of a CSV/JSONL row; any problem is an IllegalArgumentException naming the
   * field. {@code field} reads a resolved column by name (never called with an unresolved one).
   */
  private static Label labelOf(Run run, ColumnMapping m, Columns cols, Function<String, String> field) {
    Function<String, String> f = name -> name == null ? null : field.apply(name);
    String item = strip(f.apply(cols.item()));
    if (item == null || item.isEmpty()) {
      throw new IllegalArgumentException("empty " + cols.item());
    }
    String value = strip(f.apply(cols.label()));
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("empty " + cols.label() + " for item '" + item + "'");
    }
    if (run.task.indexOf(value) < 0) {
      throw new IllegalArgumentException(run.task.unknownValueMessage(value) + " for item '" + item + "'");
    }
    String sourceName = cols.annotator() == null ? null : strip(f.apply(cols.annotator()));
    if (sourceName == null || sourceName.isEmpty()) {
      sourceName = m.fixedSourceName();
    }
    if (sourceName == null) {
      throw new IllegalArgumentException("empty " + m.annotatorColumn() + " for item '" + item + "'");
    }
    SourceKind kind = m.defaultKind();
    String kindText = strip(f.apply(cols.kind()));
    if (kindText != null && !kindText.isEmpty()) {
      kind = SourceKind.parse(kindText);
    }
    Double confidence = null;
    String confText = strip(f.apply(cols.confidence()));
    if (confText != null && !confText.isEmpty()) {
      try {
        confidence = Double.parseDouble(confText);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(cols.confidence() + " '" + confText + "' is not a number");
      }
      if (!(confidence >= 0 && confidence <= 1)) {
        throw new IllegalArgumentException(cols.confidence() + " " + confText + " is outside [0, 1]");
      }
    }
    Instant created = run.importTime;
    String timeText = strip(f.apply(cols.time()));
    if (timeText != null && !timeText.isEmpty()) {
      created = parseTime(cols.time(), timeText);
    }
    return new Label(run.task.name(), item, value, new LabelSource(kind, sourceName), confidence, created);
  }

  private static String strip(String s) {
    return s == null ? null : s.strip();
  }

  /** ISO-8601 instant, ISO offset date-time, or epoch milliseconds. */
  static Instant parseTime(String column, String text) {
    if (text.chars().allMatch(Character::isDigit)) {
      try {
        return Instant.ofEpochMilli(Long.parseLong(text));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(column + " '" + text + "' is too large for epoch milliseconds");
      }
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException(column + " '" + text
            + "' is not a time: expected ISO-8601 like 2024-05-01T10:00:00Z, or epoch milliseconds");
      }
    }
  }

  // ---------------------------------------------------------------- WRENCH

  /**
   * Items are parsed and shape-checked by prism-label's {@link WrenchSplitReader} (the same parser
   * as {@code WrenchReader}); an invalid item is a failed row, malformed JSON stops the file with the
   * rows before it kept. Only the class range is checked here, against the task's label set.
   */
  private void readWrench(Run run, ImportFormat.Wrench format) throws IOException {
    try (WrenchSplitReader in = WrenchSplitReader.open(run.file)) {
      for (WrenchEntry e = in.next(); e != null; e = in.next()) {
        run.rowsRead++;
        switch (e) {
          case WrenchEntry.Invalid bad ->
              run.fail(bad.line(), bad.id().isBlank() ? bad.problem() : "item '" + bad.id() + "': " + bad.problem());
          case WrenchEntry.Item item -> run.row(item.line(), () -> wrenchLabels(run, format, item));
        }
      }
    } catch (LabelDataException e) {
      run.fileError = new ImportError(run.file, Math.max(0, e.line()), e.problem());
    }
  }

  private List<Label> wrenchLabels(Run run, ImportFormat.Wrench format, WrenchEntry.Item item) {
    LabelTask task = run.task;
    String id = item.id();
    int classes = task.labelSet().size();
    int[] weak = item.weakLabels();
    List<Label> out = new ArrayList<>(weak.length + 1);
    int gold = inLabelSet(item.label(), "label", id, classes, task);
    if (gold >= 0) {
      out.add(new Label(task.name(), id, task.labelSet().get(gold), LabelSource.human(format.goldSource()), null, run.importTime));
    }
    for (int j = 0; j < weak.length; j++) {
      int v = inLabelSet(weak[j], "weak_labels[" + j + "]", id, classes, task);
      if (v >= 0) {
        out.add(new Label(task.name(), id, task.labelSet().get(v),
            LabelSource.labelingFunction(ImportFormat.Wrench.LF_PREFIX + j), null, run.importTime));
      }
    }
    return out;
  }

  /** A class index in [-1, classes); -1 means abstain / unlabelled (the reader has ruled out anything below). */
  private static int inLabelSet(int c, String field, String id, int classes, LabelTask task) {
    if (c >= classes) {
      throw new IllegalArgumentException("item '" + id + "': " + field + " = " + c + " is outside the task '" + task.name()
          + "' label set " + task.labelSet() + " (indices 0.." + (classes - 1) + ", -1 for abstain)");
    }
    return c;
  }

  // ---------------------------------------------------------------- bookkeeping

  @FunctionalInterface
  private interface RowParser {
    List<Label> parse();
  }

  /** State of one import: counts, errors, the pending batch. */
  private final class Run {
    final Path file;
    final LabelTask task;
    final String format;
    final Instant importTime;
    final long startNanos = System.nanoTime();
    final List<Label> batch = new ArrayList<>();
    final List<ImportError> errors = new ArrayList<>();
    long rowsRead;
    long rowsImported;
    long rowsFailed;
    long labelsWritten;
    ImportError fileError;

    Run(Path file, LabelTask task, String format) {
      this.file = file;
      this.task = task;
      this.format = format;
      this.importTime = Instant.ofEpochMilli(clock.millis());
    }

    void row(long line, RowParser parser) {
      List<Label> labels;
      try {
        labels = parser.parse();
      } catch (IllegalArgumentException e) {
        fail(line, e.getMessage());
        return;
      }
      rowsImported++;
      batch.addAll(labels);
      if (batch.size() >= batchSize) {
        flush();
      }
      if (rowsRead % PROGRESS_EVERY_ROWS == 0) {
        log.info("{}: {} rows read, {} labels written, {} failed", file, rowsRead, labelsWritten + batch.size(), rowsFailed);
      }
    }

    void fail(long line, String message) {
      rowsFailed++;
      if (errors.size() < MAX_REPORTED_ERRORS) {
        errors.add(new ImportError(file, line, message));
      }
    }

    void flush() {
      if (!batch.isEmpty()) {
        labelsWritten += store.addLabels(batch);
        batch.clear();
      }
    }

    ImportReport report() {
      return new ImportReport(file, task.name(), format, rowsRead, rowsImported, rowsFailed, labelsWritten, errors, fileError,
          Duration.ofNanos(System.nanoTime() - startNanos));
    }
  }
}
