package dev.prism.cli.store;

import dev.prism.cli.support.ExitCodes;
import dev.prism.store.db.MetadataDb;
import dev.prism.store.label.LabelStore;
import dev.prism.store.label.TaskStats;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code prism labels tasks}: the labeling tasks and their label counts. */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "List labeling tasks with label, item and source counts.")
public final class TasksCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  DbOption db;

  @Override
  public Integer call() {
    List<TaskStats> stats;
    try (MetadataDb metadata = db.open()) {
      stats = new LabelStore(metadata).taskStats();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (stats.isEmpty()) {
      out.println("no labeling tasks in " + db.url);
    } else {
      out.printf(Locale.ROOT, "%-20s %-28s %9s %8s %6s %4s %6s  %-20s %s%n", "task", "labels", "n_labels", "items", "humans",
          "lfs", "models", "created", "description");
      for (TaskStats s : stats) {
        out.printf(Locale.ROOT, "%-20s %-28s %9d %8d %6d %4d %6d  %-20s %s%n", s.task().name(), String.join(",", s.task().labelSet()),
            s.labels(), s.items(), s.humanAnnotators(), s.labelingFunctions(), s.models(),
            s.task().createdAt().toString().replaceFirst("\\.\\d+Z$", "Z"), s.task().description());
      }
    }
    out.flush();
    return ExitCodes.OK;
  }
}
