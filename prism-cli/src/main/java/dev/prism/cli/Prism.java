package dev.prism.cli;

import dev.prism.core.cli.CommandProvider;
import dev.prism.core.signal.CodeVersion;
import java.util.ServiceLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code prism} command. Subcommands of other modules arrive through {@link CommandProvider}. */
@Command(
    name = "prism",
    mixinStandardHelpOptions = true,
    versionProvider = Prism.Version.class,
    description = {
        "Prism: content-understanding signals (embeddings, language, text features, learned heads)",
        "under versioned contracts, computed the same way in the CLI, the server and batch jobs.", ""},
    subcommands = {DemoCommand.class, ScoreCommand.class, SnapshotCommand.class, ServeCommand.class, ContractsCommand.class,
        ConfigCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 success; 1 error (bad file, bad configuration); 2 usage error;",
        "3 completed, but some rows or signals failed (each reported with its line).", "",
        "Configuration: defaults < --config FILE < PRISM_* environment variables < --set key=value.",
        "See `prism config` and docs/configuration.md."})
public final class Prism implements Runnable {
  public static final int EXIT_OK = dev.prism.core.cli.ExitCodes.OK;
  public static final int EXIT_ERROR = dev.prism.core.cli.ExitCodes.ERROR;
  public static final int EXIT_USAGE = dev.prism.core.cli.ExitCodes.USAGE;
  public static final int EXIT_PARTIAL = dev.prism.core.cli.ExitCodes.PARTIAL;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Prism());
    for (CommandProvider p : ServiceLoader.load(CommandProvider.class)) {
      for (Object c : p.commands()) {
        CommandLine sub = new CommandLine(c);
        CommandLine existing = cl.getSubcommands().get(sub.getCommandName());
        if (existing == null) {
          cl.addSubcommand(sub);
        } else {
          // Two modules contribute to one command group (e.g. `labels`: import/export from the
          // store, errors/sample from learn): merge the groups' subcommands.
          sub.getSubcommands().forEach((name, child) -> {
            if (existing.getSubcommands().containsKey(name)) {
              throw new IllegalStateException("two modules define `prism " + sub.getCommandName() + " " + name + "`");
            }
            existing.addSubcommand(name, child);
          });
        }
      }
    }
    cl.setExecutionExceptionHandler((ex, line, parse) -> {
      // Expected failures (bad files, bad config) get one precise line, not a stack trace.
      if (ex instanceof IllegalArgumentException || ex instanceof java.io.IOException
          || ex instanceof java.io.UncheckedIOException || ex instanceof IllegalStateException) {
        line.getErr().println(line.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
        org.slf4j.LoggerFactory.getLogger(Prism.class).debug("command failed", ex);
        return EXIT_ERROR;
      }
      throw ex;
    });
    return cl;
  }

  /**
   * Whether stderr/stdout go to a terminal. Since JDK 22 {@code System.console()} is non-null even
   * when output is redirected, so ask {@code Console.isTerminal()} (JDK 22+, called reflectively
   * because Prism compiles for 21).
   */
  public static boolean isTerminal() {
    java.io.Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 21: a console exists only when attached to a terminal
    }
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"prism " + CodeVersion.get(), "java " + Runtime.version()};
    }
  }
}
