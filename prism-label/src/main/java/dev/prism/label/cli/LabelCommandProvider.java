package dev.prism.label.cli;

import dev.prism.core.cli.CommandProvider;
import java.util.List;

/** Contributes {@code labelmodel} and {@code lf} to the {@code prism} command (ServiceLoader). */
public final class LabelCommandProvider implements CommandProvider {
  @Override
  public List<Object> commands() {
    return LabelCommands.commands();
  }
}
