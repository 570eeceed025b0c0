package dev.prism.learn.cli;

import java.util.List;

/**
 * The prism-learn commands for the {@code prism} launcher: {@code train}, {@code eval} and
 * {@code labels} (with subcommands {@code errors} and {@code sample}). A launcher that already
 * has a {@code labels} command (e.g. from prism-label) can add {@link #labelsSubcommands()} to it
 * instead of registering {@link LabelsCommand}.
 */
public final class LearnCommands {
  private LearnCommands() {}

  /** Fresh command instances (picocli keeps option state in them). */
  public static List<Object> commands() {
    return List.of(new TrainCommand(), new EvalCommand(), new LabelsCommand());
  }

  public static List<Object> labelsSubcommands() {
    return List.of(new LabelErrorsCommand(), new LabelSampleCommand());
  }
}
