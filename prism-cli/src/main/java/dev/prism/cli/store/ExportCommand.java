package dev.prism.cli.store;

import dev.prism.cli.support.ExitCodes;
import dev.prism.store.db.MetadataDb;
import dev.prism.store.io.ExportFormat;
import dev.prism.store.io.LabelExporter;
import dev.prism.store.label.LabelStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code prism labels export}: a task's labels to CSV or JSONL. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export a task's labels (all sources) as CSV or JSONL: item_id, label, annotator, source_kind, confidence, created_at.")
public final class ExportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  DbOption db;

  @Option(names = "--task", required = true, paramLabel = "NAME", description = "labeling task")
  String task;

  @Option(names = "--format", required = true, paramLabel = "csv|jsonl", description = "file format")
  String format;

  @Option(names = "--output", required = true, paramLabel = "FILE", description = "file to write (replaced)")
  Path output;

  @Override
  public Integer call() {
    ExportFormat fmt = ExportFormat.parse(format);
    try (MetadataDb metadata = db.open()) {
      long n = new LabelExporter(new LabelStore(metadata)).export(task, fmt, output);
      spec.commandLine().getOut().println("wrote " + n + " labels of task '" + task + "' to " + output);
      spec.commandLine().getOut().flush();
    }
    return ExitCodes.OK;
  }
}
