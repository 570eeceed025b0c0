package dev.prism.store.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code prism labels …}: labeling tasks and labels in the metadata database. */
@Command(name = "labels", mixinStandardHelpOptions = true,
    description = "Labeling tasks and labels: import, export, annotator agreement, task list.",
    subcommands = {ImportCommand.class, ExportCommand.class, AgreementCommand.class, TasksCommand.class})
public final class LabelsCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: import, export, agreement or tasks");
  }
}
