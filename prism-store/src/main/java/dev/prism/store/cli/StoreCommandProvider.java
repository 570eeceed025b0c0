package dev.prism.store.cli;

import dev.prism.core.cli.CommandProvider;
import java.util.List;

/** Contributes {@code labels} (import, export, agreement, tasks) to the {@code prism} command (ServiceLoader). */
public final class StoreCommandProvider implements CommandProvider {
  @Override
  public List<Object> commands() {
    return StoreCommands.commands();
  }
}
