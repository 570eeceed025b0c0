package dev.prism.core.cli;

import java.util.List;

/**
 * Contributes subcommands to the {@code prism} command. Modules register an implementation in
 * {@code META-INF/services/dev.prism.core.cli.CommandProvider}; the launcher discovers them with
 * {@link java.util.ServiceLoader}, so the CLI module does not need to depend on every module that
 * has commands (the label and learn modules sit beside it, not below it).
 */
public interface CommandProvider {
  /** picocli {@code @Command}-annotated objects, one per top-level subcommand. */
  List<Object> commands();
}
