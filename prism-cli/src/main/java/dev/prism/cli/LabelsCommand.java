package dev.prism.cli;

import dev.prism.cli.learn.LabelErrorsCommand;
import dev.prism.cli.learn.LabelSampleCommand;
import dev.prism.cli.store.AgreementCommand;
import dev.prism.cli.store.ExportCommand;
import dev.prism.cli.store.ImportCommand;
import dev.prism.cli.store.TasksCommand;
import dev.prism.cli.support.CommandGroup;
import picocli.CommandLine.Command;

/**
 * {@code prism labels …}: labels in the label store (prism-store: import, export, agreement,
 * tasks) and label quality on training snapshots (prism-learn: errors, sample).
 */
@Command(name = "labels", mixinStandardHelpOptions = true,
    description = "Labels: import, export, annotator agreement and the task list of the label store; "
        + "likely label errors and the next items to label in a training snapshot.",
    subcommands = {LabelErrorsCommand.class, LabelSampleCommand.class, ImportCommand.class, ExportCommand.class,
        AgreementCommand.class, TasksCommand.class})
public final class LabelsCommand extends CommandGroup {}
