package dev.prism.label.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** Shared handling: data errors print one precise line and exit with {@link #DATA_ERROR}. */
final class CliErrors {

  /** Exit code for unusable input files or arguments: the shared {@link dev.prism.core.cli.ExitCodes#ERROR}. */
  static final int DATA_ERROR = dev.prism.core.cli.ExitCodes.ERROR;

  private CliErrors() {}

  static int run(PrintWriter err, Callable<Integer> body) throws Exception {
    try {
      return body.call();
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return DATA_ERROR;
    }
  }
}
