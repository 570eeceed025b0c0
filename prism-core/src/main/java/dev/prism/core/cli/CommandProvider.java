package dev.prism.core.cli;

import java.util.List;

/**
 * Contributes subcommands to the {@code prism} command from a module that sits above prism-cli
 * (today only prism-bench's {@code bench}); prism-cli registers its own commands statically. Such a
 * module registers an implementation in
 * {@code META-INF/services/dev.prism.core.cli.CommandProvider}; the launcher discovers it with
 * {@link java.util.ServiceLoader}, so prism-cli does not depend on the module.
 */
public interface CommandProvider {
  /** picocli {@code @Command}-annotated objects, one per top-level subcommand. */
  List<Object> commands();
}
