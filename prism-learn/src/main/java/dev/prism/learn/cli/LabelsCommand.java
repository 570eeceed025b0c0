package dev.prism.learn.cli;

import picocli.CommandLine.Command;

/** {@code prism labels}: label quality and what to label next. */
@Command(name = "labels", mixinStandardHelpOptions = true,
    description = "Label quality and active sampling.",
    subcommands = {LabelErrorsCommand.class, LabelSampleCommand.class})
public final class LabelsCommand {}
