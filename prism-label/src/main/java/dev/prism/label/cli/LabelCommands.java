package dev.prism.label.cli;

import java.util.List;

/** The label commands, for registration in the {@code prism} launcher. */
public final class LabelCommands {

  private LabelCommands() {}

  /** New instances of the top-level commands: {@code labelmodel} and {@code lf}. */
  public static List<Object> commands() {
    return List.of(new LabelModelCommand(), new LfCommand());
  }
}
