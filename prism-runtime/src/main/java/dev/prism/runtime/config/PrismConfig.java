package dev.prism.runtime.config;

import dev.prism.core.config.Config;
import dev.prism.core.config.ConfigKey;
import dev.prism.core.graph.NodeProvider;
import dev.prism.runtime.graph.GraphAssembly;
import dev.prism.runtime.media.ImageDecoders;
import dev.prism.runtime.media.MediaConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key of a Prism process: those of the node providers on the class path (in
 * discovery order), the media stage's and its image decoder's, and the runner's own (the server's, say). The CLI's
 * {@code prism config} and docs/configuration.md are generated from this one list.
 */
public final class PrismConfig {
  private PrismConfig() {}

  /** The keys of the runtime itself (media stage) and of the image decoder it found on the class path. */
  public static List<ConfigKey<?>> runtimeKeys() {
    List<ConfigKey<?>> keys = new ArrayList<>(MediaConfig.KEYS);
    keys.addAll(ImageDecoders.configKeys());
    return keys;
  }

  /** Provider keys + runtime keys + {@code runnerKeys}, duplicates refused. */
  public static List<ConfigKey<?>> allKeys(List<NodeProvider> providers, List<ConfigKey<?>> runnerKeys) {
    Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();
    List<ConfigKey<?>> all = new ArrayList<>();
    providers.forEach(p -> all.addAll(p.configKeys()));
    all.addAll(runtimeKeys());
    all.addAll(runnerKeys);
    for (ConfigKey<?> k : all) {
      ConfigKey<?> prev = keys.putIfAbsent(k.name(), k);
      if (prev != null && prev != k) {
        throw new IllegalStateException("configuration key " + k.name() + " is defined twice");
      }
    }
    return List.copyOf(keys.values());
  }

  /** Keys of the providers found on the class path, the runtime's, and {@code runnerKeys}. */
  public static List<ConfigKey<?>> allKeys(List<ConfigKey<?>> runnerKeys) {
    return allKeys(GraphAssembly.discoverProviders(), runnerKeys);
  }

  /** Loads configuration: defaults &lt; file &lt; PRISM_* environment &lt; overrides. */
  public static Config load(List<ConfigKey<?>> runnerKeys, Path file, Map<String, String> env, Map<String, String> overrides) {
    return Config.load(allKeys(runnerKeys), file, env, overrides);
  }
}
