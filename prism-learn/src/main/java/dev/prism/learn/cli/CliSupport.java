package dev.prism.learn.cli;

import dev.prism.core.signal.SignalSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** Shared CLI plumbing: one error style for every command, list parsing. */
final class CliSupport {
  /** Exit code for bad input (files, values): the shared {@link dev.prism.core.cli.ExitCodes#ERROR}. */
  static final int EXIT_BAD_INPUT = dev.prism.core.cli.ExitCodes.ERROR;

  private CliSupport() {}

  /** Runs a command body, turning input errors into one precise line on stderr and exit code 1 (ExitCodes.ERROR). */
  static int run(CommandLine.Model.CommandSpec spec, Callable<Integer> body) {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return body.call();
    } catch (NoSuchFileException e) {
      err.println(spec.qualifiedName() + ": no such file: " + e.getFile());
    } catch (IllegalArgumentException | IOException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
    } catch (Exception e) {
      err.println(spec.qualifiedName() + ": unexpected error: " + e);
      e.printStackTrace(err);
      return 1;
    }
    err.flush();
    return EXIT_BAD_INPUT;
  }

  static List<String> splitList(String s) {
    return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
  }

  static List<SignalSpec> specs(String s) {
    return s == null ? null : splitList(s).stream().map(SignalSpec::parse).toList();
  }
}
