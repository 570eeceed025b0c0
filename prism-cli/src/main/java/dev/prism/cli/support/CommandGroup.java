package dev.prism.cli.support;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * A command that only groups subcommands ({@code prism lf}, {@code prism labelmodel},
 * {@code prism labels}): run without one, it is a usage error that names them.
 */
public abstract class CommandGroup implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing subcommand: " + String.join(", ", spec.subcommands().keySet()));
  }
}
