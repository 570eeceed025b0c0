package dev.prism.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolved configuration values. Precedence, lowest first: the key's default, a properties file,
 * environment variables ({@link ConfigKey#envName()}), explicit overrides (command-line
 * {@code --set key=value}). Every value is validated eagerly when the config is built, and unknown
 * keys are an error so a typo never silently falls back to a default.
 */
public final class Config {
  private final Map<String, Object> values;
  private final Map<String, ConfigKey<?>> keys;

  private Config(Map<String, ConfigKey<?>> keys, Map<String, Object> values) {
    this.keys = keys;
    this.values = values;
  }

  public static Config defaults(Collection<ConfigKey<?>> keys) {
    return build(keys, Map.of(), Map.of());
  }

  /**
   * @param file properties file (may be null)
   * @param env the environment (pass {@code System.getenv()})
   * @param overrides explicit key=value overrides
   */
  public static Config load(Collection<ConfigKey<?>> keys, Path file, Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> fromFile = new LinkedHashMap<>();
    if (file != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
      }
      p.stringPropertyNames().forEach(k -> fromFile.put(k, p.getProperty(k)));
    }
    Map<String, String> merged = new LinkedHashMap<>(fromFile);
    for (ConfigKey<?> k : keys) {
      String v = env.get(k.envName());
      if (v != null) {
        merged.put(k.name(), v);
      }
    }
    merged.putAll(overrides);
    return build(keys, merged, Map.of());
  }

  private static Config build(Collection<ConfigKey<?>> keyList, Map<String, String> raw, Map<String, Object> ignored) {
    Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();
    keyList.forEach(k -> keys.put(k.name(), k));
    Set<String> unknown = new TreeSet<>(raw.keySet());
    unknown.removeAll(keys.keySet());
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown config keys " + unknown + "; known keys: " + keys.keySet());
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (ConfigKey<?> k : keys.values()) {
      String s = raw.get(k.name());
      values.put(k.name(), s == null ? k.defaultValue() : k.parse(s));
    }
    return new Config(keys, values);
  }

  public <T> T get(ConfigKey<T> key) {
    Object v = values.get(key.name());
    if (v == null && !keys.containsKey(key.name())) {
      throw new IllegalArgumentException("config key " + key.name() + " is not part of this configuration");
    }
    return key.type().cast(v);
  }

  /** All values as strings, for provenance and the startup log. */
  public Map<String, String> asStrings() {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  /** Markdown table of the keys, their defaults, env names and docs (docs/configuration.md). */
  public static String markdown(Collection<ConfigKey<?>> keys) {
    StringBuilder sb = new StringBuilder("| key | default | env | description |\n| --- | --- | --- | --- |\n");
    for (ConfigKey<?> k : keys) {
      sb.append("| `").append(k.name()).append("` | `").append(k.defaultValue()).append("` | `")
          .append(k.envName()).append("` | ").append(k.doc().replace("|", "\\|")).append(" |\n");
    }
    return sb.toString();
  }
}
