package dev.prism.cli;

import dev.prism.cli.label.LabelModelCommand;
import dev.prism.cli.label.LfCommand;
import dev.prism.cli.learn.EvalCommand;
import dev.prism.cli.learn.TrainCommand;
import dev.prism.cli.support.ExitCodes;
import dev.prism.core.signal.CodeVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code prism} command. Every subcommand is registered here; the libraries below (runtime,
 * server, bench, models, label, learn, store) have no command-line code.
 */
@Command(
    name = "prism",
    mixinStandardHelpOptions = true,
    versionProvider = Prism.Version.class,
    description = {
        "Prism: content-understanding signals (embeddings, language, text features, learned heads) "
            + "under versioned contracts, computed the same way in the CLI, the server and batch jobs.", ""},
    subcommands = {DemoCommand.class, ScoreCommand.class, NearDuplicatesCommand.class, SnapshotCommand.class, ServeCommand.class, ContractsCommand.class,
        ConfigCommand.class, CommandLine.HelpCommand.class, LabelModelCommand.class, LfCommand.class, TrainCommand.class,
        EvalCommand.class, LabelsCommand.class, BenchCommand.class, LangIdCommand.class,
        dev.prism.cli.store.TokensCommand.class, dev.prism.cli.registry.ModelsCommand.class,
        MonitorCommand.class, dev.prism.cli.monitor.PrevalenceCommand.class, dev.prism.cli.registry.RolloutCommand.class},
    footer = {"", "Exit codes: 0 success; 1 error (bad file, bad configuration); 2 usage error; "
        + "3 completed, but some rows or signals failed (each reported with its line).", "",
        "Configuration: defaults < --config FILE < PRISM_* environment variables < --set key=value. "
            + "See `prism config` and docs/configuration.md."})
public final class Prism implements Runnable {
  public static final int EXIT_OK = ExitCodes.OK;
  public static final int EXIT_ERROR = ExitCodes.ERROR;
  public static final int EXIT_USAGE = ExitCodes.USAGE;
  public static final int EXIT_PARTIAL = ExitCodes.PARTIAL;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Prism());
    // after every subcommand is added: picocli copies these settings down the tree when they are set
    CliErrors errors = new CliErrors();
    cl.setExecutionExceptionHandler(errors);
    cl.setParameterExceptionHandler(errors);
    cl.setHelpFactory(new HelpLayout());
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
