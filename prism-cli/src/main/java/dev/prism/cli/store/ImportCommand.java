package dev.prism.cli.store;

import dev.prism.cli.support.ExitCodes;
import dev.prism.store.db.MetadataDb;
import dev.prism.store.io.ColumnMapping;
import dev.prism.store.io.ImportError;
import dev.prism.store.io.ImportFormat;
import dev.prism.store.io.ImportReport;
import dev.prism.store.io.LabelImporter;
import dev.prism.store.io.WrenchLabelSet;
import dev.prism.store.label.LabelStore;
import dev.prism.store.label.LabelTask;
import dev.prism.store.label.SourceKind;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code prism labels import}: a CSV, JSONL or WRENCH file into a task. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Import labels from a CSV, JSONL or WRENCH JSON file into a labeling task. "
        + "Bad rows are reported as FILE:LINE: message and skipped; the exit code is 3 when any row failed.")
public final class ImportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  DbOption db;

  @Option(names = "--task", required = true, paramLabel = "NAME", description = "labeling task")
  String task;

  @Option(names = "--labels", split = ",", paramLabel = "VALUE",
      description = "the task's label set, in class-index order (a,b,c); with --create it defines a new task,"
          + " otherwise it must match the existing one. WRENCH: defaults to the label.json beside FILE")
  List<String> labels;

  @Option(names = "--create", description = "create the task if it does not exist")
  boolean create;

  @Option(names = "--description", defaultValue = "", description = "description of a task created by --create")
  String description;

  @Option(names = "--format", required = true, paramLabel = "csv|jsonl|wrench", description = "file format")
  String format;

  @Parameters(index = "0", paramLabel = "FILE", description = "the file to import")
  Path file;

  @Option(names = "--item-column", defaultValue = ColumnMapping.ITEM, description = "item id column (default: ${DEFAULT-VALUE})")
  String itemColumn;

  @Option(names = "--label-column", defaultValue = ColumnMapping.LABEL, description = "label column (default: ${DEFAULT-VALUE})")
  String labelColumn;

  @Option(names = "--annotator-column", defaultValue = ColumnMapping.ANNOTATOR,
      description = "annotator / source name column (default: ${DEFAULT-VALUE})")
  String annotatorColumn;

  @Option(names = "--confidence-column", description = "confidence column, required in the file when given"
      + " (default: '" + ColumnMapping.CONFIDENCE + "' when present)")
  String confidenceColumn;

  @Option(names = "--time-column", description = "label time column (ISO-8601 or epoch ms), required in the file when given"
      + " (default: '" + ColumnMapping.CREATED_AT + "' when present)")
  String timeColumn;

  @Option(names = "--source-kind-column", description = "per-row source kind column, required in the file when given"
      + " (default: '" + ColumnMapping.SOURCE_KIND + "' when present)")
  String sourceKindColumn;

  @Option(names = "--source-kind", defaultValue = "HUMAN",
      description = "source kind of rows without one: HUMAN, LABELING_FUNCTION (LF) or MODEL (default: ${DEFAULT-VALUE})")
  String sourceKind;

  @Option(names = "--source-name", description = "source name for files without an annotator column (e.g. a model version)")
  String sourceName;

  @Option(names = "--delimiter", defaultValue = ",", description = "CSV delimiter, one character (default: '${DEFAULT-VALUE}')")
  String delimiter;

  @Option(names = "--gold-source", defaultValue = ImportFormat.Wrench.DEFAULT_GOLD_SOURCE,
      description = "WRENCH: source name of the ground-truth labels (default: ${DEFAULT-VALUE})")
  String goldSource;

  @Option(names = "--batch-size", defaultValue = "" + LabelImporter.DEFAULT_BATCH_SIZE,
      description = "labels per transaction (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no such file: " + file);
    }
    ImportFormat importFormat = importFormat();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (MetadataDb metadata = db.open()) {
      LabelStore store = new LabelStore(metadata);
      prepareTask(store, importFormat);
      ImportReport report = new LabelImporter(store, Clock.systemUTC(), batchSize).importFile(file, task, importFormat);
      for (ImportError e : report.errors()) {
        err.println(e);
      }
      if (report.rowsFailed() > report.errors().size()) {
        err.println("… and " + (report.rowsFailed() - report.errors().size()) + " more failed rows");
      }
      if (report.fileError() != null) {
        err.println(report.fileError());
      }
      out.println(report.summary());
      out.flush();
      err.flush();
      return report.ok() ? ExitCodes.OK : ExitCodes.PARTIAL;
    }
  }

  private void prepareTask(LabelStore store, ImportFormat importFormat) {
    List<String> labelSet = labels;
    if (labelSet == null && importFormat instanceof ImportFormat.Wrench) {
      labelSet = WrenchLabelSet.besides(file).orElse(null);
    }
    if (create) {
      if (labelSet == null) {
        throw new IllegalArgumentException("--create needs --labels a,b,… (the task's label set)");
      }
      store.ensureTask(task, labelSet.stream().map(String::strip).toList(), description);
    } else {
      LabelTask existing = store.findTask(task).orElseThrow(() -> new IllegalArgumentException(
          "no labeling task '" + task + "' in " + store.db().url() + "; pass --create --labels a,b,… to create it"));
      if (labels != null && !existing.labelSet().equals(labels.stream().map(String::strip).toList())) {
        throw new IllegalArgumentException("labeling task '" + task + "' has label set " + existing.labelSet() + ", not " + labels);
      }
    }
  }

  private ImportFormat importFormat() {
    boolean explicit = confidenceColumn != null || timeColumn != null || sourceKindColumn != null;
    ColumnMapping mapping = new ColumnMapping(itemColumn, labelColumn, annotatorColumn,
        explicit ? confidenceColumn : ColumnMapping.CONFIDENCE,
        explicit ? timeColumn : ColumnMapping.CREATED_AT,
        explicit ? sourceKindColumn : ColumnMapping.SOURCE_KIND,
        explicit, SourceKind.parse(sourceKind), sourceName);
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "csv" -> {
        if (delimiter.length() != 1) {
          throw new IllegalArgumentException("--delimiter must be one character, got '" + delimiter + "'");
        }
        yield new ImportFormat.Csv(mapping, delimiter.charAt(0));
      }
      case "jsonl" -> new ImportFormat.Jsonl(mapping);
      case "wrench" -> new ImportFormat.Wrench(goldSource);
      default -> throw new IllegalArgumentException("unknown --format '" + format + "': expected csv, jsonl or wrench");
    };
  }
}
