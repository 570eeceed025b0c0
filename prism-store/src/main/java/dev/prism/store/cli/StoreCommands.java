package dev.prism.store.cli;

import dev.prism.store.db.StoreException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** The store's commands for the {@code prism} launcher, and their shared exit codes. */
public final class StoreCommands {
  /** Everything worked. */
  public static final int EXIT_OK = dev.prism.core.cli.ExitCodes.OK;
  /** The command ran but some input rows failed (they are listed on stderr). */
  public static final int EXIT_ROWS_FAILED = dev.prism.core.cli.ExitCodes.PARTIAL;
  /** The command could not run: bad arguments, unknown task, unreadable file, database error. */
  public static final int EXIT_ERROR = dev.prism.core.cli.ExitCodes.ERROR;

  private StoreCommands() {}

  /** Fresh command instances to register as subcommands of {@code prism}: {@code labels …}. */
  public static List<Object> commands() {
    return List.of(new LabelsCommand());
  }

  /**
   * Runs a command body, turning the errors a user can fix into one {@code error:} line and
   * {@link #EXIT_ERROR} instead of a stack trace.
   */
  static int run(CommandLine.Model.CommandSpec spec, Callable<Integer> body) {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return body.call();
    } catch (IllegalArgumentException | StoreException | UncheckedIOException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return EXIT_ERROR;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
