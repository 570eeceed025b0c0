package dev.prism.cli;

import dev.prism.core.config.Config;
import dev.prism.core.config.ConfigKey;
import dev.prism.runtime.config.PrismConfig;
import dev.prism.server.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --set}, shared by every command that builds models or a server. */
public final class ConfigOptions {
  /**
   * Every configuration key Prism knows, in documentation order: those of the node providers on the
   * class path (models, heads), the runtime's (media) and the server's.
   */
  public static List<ConfigKey<?>> allKeys() {
    List<ConfigKey<?>> runner = new ArrayList<>(ServerConfig.KEYS);
    runner.addAll(dev.prism.monitor.MonitorConfig.KEYS);
    runner.addAll(dev.prism.rollout.RolloutConfig.KEYS); // prism serve --db: signals served through the registry
    return PrismConfig.allKeys(runner);
  }

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file with configuration keys (see `prism config`).")
  Path file;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key; repeatable.")
  Map<String, String> overrides = new LinkedHashMap<>();

  public Config load() {
    return Config.load(allKeys(), file, System.getenv(), overrides);
  }

  /**
   * Like {@link #load()}, with this command's own defaults for some keys (a key of the same name
   * with another default, {@link ConfigKey#withDefault}); files, environment and --set still win.
   */
  public Config load(ConfigKey<?>... commandDefaults) {
    List<ConfigKey<?>> keys = new ArrayList<>(allKeys());
    for (ConfigKey<?> d : commandDefaults) {
      int i = keys.stream().map(ConfigKey::name).toList().indexOf(d.name());
      if (i < 0) {
        throw new IllegalArgumentException("no config key " + d.name());
      }
      keys.set(i, d);
    }
    return Config.load(keys, file, System.getenv(), overrides);
  }
}
