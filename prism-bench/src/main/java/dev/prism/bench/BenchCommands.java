package dev.prism.bench;

import dev.prism.core.cli.CommandProvider;
import java.util.List;

/** Registers {@code prism bench}. */
public final class BenchCommands implements CommandProvider {
  @Override
  public List<Object> commands() {
    return List.of(new BenchCommand());
  }
}
