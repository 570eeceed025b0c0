package dev.prism.cli;

import dev.prism.cli.support.ExitCodes;
import dev.prism.store.db.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The one error handler of every {@code prism} command, so that every failure reads the same:
 *
 * <ul>
 *   <li>A failure the user can fix prints one line, {@code prism <command> <subcommand>: <message>},
 *       on stderr and exits {@link ExitCodes#ERROR}. That is what the code throws for bad input and
 *       environments: {@link IllegalArgumentException} (bad values and files, including
 *       {@code LabelDataException} with file, line and item, unknown signals, graph and
 *       configuration errors), {@link IOException} and {@link UncheckedIOException} (missing,
 *       unreadable or malformed files), {@link StoreException} (metadata database errors,
 *       migrations) and {@link IllegalStateException} (a model resource missing from the classpath,
 *       ONNX Runtime that cannot load, the demo's server answering with an error). The stack trace
 *       goes to the debug log.
 *   <li>A bad command line (unknown or missing option, bad option value, missing subcommand) prints
 *       {@code prism <command>: <message>}, picocli's suggestions, a pointer to {@code --help}, and
 *       exits {@link ExitCodes#USAGE}.
 *   <li>Anything else is a bug: one line saying so, then picocli prints the stack trace and exits
 *       {@link ExitCodes#ERROR}.
 * </ul>
 *
 * Commands that finish with some rows or signals failed return {@link ExitCodes#PARTIAL} themselves.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(CliErrors.class);

  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) throws Exception {
    String command = cl.getCommandSpec().qualifiedName();
    PrintWriter err = cl.getErr();
    Optional<String> message = expectedFailure(ex);
    if (message.isEmpty()) {
      err.println(command + ": unexpected error (a bug in prism; the stack trace follows)");
      err.flush();
      throw ex; // picocli prints the stack trace and exits with ExitCodes.ERROR
    }
    err.println(command + ": " + message.get());
    err.flush();
    LOG.debug("{} failed", command, ex);
    return ExitCodes.ERROR;
  }

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    String command = cl.getCommandSpec().qualifiedName();
    PrintWriter err = cl.getErr();
    err.println(command + ": " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Try '" + command + " --help' for more information.");
    err.flush();
    return ExitCodes.USAGE;
  }

  /** The one-line message for a failure the user can fix; empty for a bug. */
  static Optional<String> expectedFailure(Throwable e) {
    return Optional.ofNullable(switch (e) {
      // the file systems' own messages are only the path
      case NoSuchFileException f -> "no such file: " + f.getFile();
      case AccessDeniedException f -> "permission denied: " + f.getFile();
      case FileAlreadyExistsException f -> "file already exists: " + f.getFile();
      case NotDirectoryException f -> "not a directory: " + f.getFile();
      case UncheckedIOException u when u.getCause() != null && String.valueOf(u.getMessage()).equals(u.getCause().toString()) ->
          expectedFailure(u.getCause()).orElse(u.getMessage());
      case IOException x -> message(x);
      case UncheckedIOException x -> message(x);
      case IllegalArgumentException x -> message(x);
      case StoreException x -> message(x);
      case IllegalStateException x -> message(x);
      default -> null;
    });
  }

  private static String message(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
