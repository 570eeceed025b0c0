package dev.prism.learn.cli;

import dev.prism.core.cli.CommandProvider;
import java.util.List;

/**
 * Contributes {@code train}, {@code eval} and {@code labels errors|sample} to the {@code prism}
 * command (ServiceLoader). The launcher merges this {@code labels} group with the store's.
 */
public final class LearnCommandProvider implements CommandProvider {
  @Override
  public List<Object> commands() {
    return LearnCommands.commands();
  }
}
