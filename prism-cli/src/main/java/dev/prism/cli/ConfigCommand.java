package dev.prism.cli;

import dev.prism.core.config.Config;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Show configuration: every key with its default, environment variable and meaning, "
        + "or (with --effective) the values after --config, PRISM_* variables and --set are applied.")
final class ConfigCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Option(names = "--effective", description = "Print resolved values instead of the documentation table.")
  boolean effective;

  @Option(names = "--markdown-doc", description = "Print the whole docs/configuration.md page.")
  boolean doc;

  @Override
  public Integer call() {
    if (doc) {
      System.out.print("""
          # Configuration

          Generated from the key constants (`ModelsConfig`, `HeadNodeProvider`, `MediaConfig`, `ServerConfig`, ...) by
          `./prism config --markdown-doc > docs/configuration.md`; a test fails when it is stale.

          Precedence, lowest first: the default below, a properties file (`--config FILE`), the
          environment variable, `--set key=value` on the command line. Every value is validated at
          start-up; an unknown key is an error.

          """);
      System.out.print(Config.markdown(ConfigOptions.allKeys()));
    } else if (effective) {
      // secrets are not printed: a terminal's scrollback and CI logs keep what is shown
      config.load().asStrings().forEach((k, v) -> System.out.println(k + "="
          + (k.endsWith("password") && !v.isEmpty() ? "***" : v)));
    } else {
      System.out.print(Config.markdown(ConfigOptions.allKeys()));
    }
    return Prism.EXIT_OK;
  }
}
