package dev.prism.cli;

import dev.prism.core.config.Config;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "config", mixinStandardHelpOptions = true,
    description = {"Show configuration: every key with its default, environment variable and meaning,",
        "or (with --effective) the values after --config, PRISM_* variables and --set are applied."})
final class ConfigCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Option(names = "--effective", description = "Print resolved values instead of the documentation table.")
  boolean effective;

  @Override
  public Integer call() {
    if (effective) {
      config.load().asStrings().forEach((k, v) -> System.out.println(k + "=" + v));
    } else {
      System.out.print(Config.markdown(ConfigOptions.allKeys()));
    }
    return Prism.EXIT_OK;
  }
}
