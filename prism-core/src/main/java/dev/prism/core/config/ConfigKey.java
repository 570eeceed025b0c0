package dev.prism.core.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One documented configuration key: name, type, default, validator and documentation, in the style
 * of Kafka's {@code ConfigDef}. Every setting Prism reads is declared as a constant of this type so
 * that defaults live in one place and {@code docs/configuration.md} is generated from the code.
 *
 * @param parser turns the textual form (properties file, env, command line) into a value; throws
 *     IllegalArgumentException with a reason on bad input
 * @param validator returns null when the value is acceptable, else the reason it is not
 */
public record ConfigKey<T>(
    String name, Class<T> type, T defaultValue, Function<String, T> parser, Function<T, String> validator, String doc) {

  public ConfigKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(doc, "doc of " + name);
    String why = validator.apply(defaultValue);
    if (why != null) {
      throw new IllegalArgumentException("default of " + name + " is invalid: " + why);
    }
  }

  public static ConfigKey<Integer> intKey(String name, int def, int min, int max, String doc) {
    return new ConfigKey<>(name, Integer.class, def, s -> {
      try {
        return Integer.parseInt(s.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not an integer: '" + s + "'");
      }
    }, v -> v < min || v > max ? "must be in [" + min + ", " + max + "], got " + v : null, doc);
  }

  public static ConfigKey<Long> longKey(String name, long def, long min, long max, String doc) {
    return new ConfigKey<>(name, Long.class, def, s -> {
      try {
        return Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not an integer: '" + s + "'");
      }
    }, v -> v < min || v > max ? "must be in [" + min + ", " + max + "], got " + v : null, doc);
  }

  public static ConfigKey<Double> doubleKey(String name, double def, double min, double max, String doc) {
    return new ConfigKey<>(name, Double.class, def, s -> {
      try {
        return Double.parseDouble(s.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number: '" + s + "'");
      }
    }, v -> !(v >= min && v <= max) ? "must be in [" + min + ", " + max + "], got " + v : null, doc);
  }

  public static ConfigKey<String> stringKey(String name, String def, String doc) {
    return new ConfigKey<>(name, String.class, def, s -> s, v -> null, doc);
  }

  public static ConfigKey<String> enumKey(String name, String def, java.util.List<String> allowed, String doc) {
    return new ConfigKey<>(name, String.class, def, String::strip,
        v -> allowed.contains(v) ? null : "must be one of " + allowed + ", got '" + v + "'", doc);
  }

  /** {@code true} or {@code false} (any case); anything else is an error, never a silent false. */
  public static ConfigKey<Boolean> boolKey(String name, boolean def, String doc) {
    return new ConfigKey<>(name, Boolean.class, def, s -> switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false, got '" + s + "'");
    }, v -> null, doc);
  }

  /**
   * The same key with another default: a command whose purpose needs a different default (e.g.
   * deterministic ONNX settings for snapshots) passes this in place of the original, and files,
   * the environment and {@code --set} still override it.
   */
  public ConfigKey<T> withDefault(T def) {
    return new ConfigKey<>(name, type, def, parser, validator, doc);
  }

  /** Parses and validates; the message names the key. */
  public T parse(String text) {
    T v;
    try {
      v = parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("config " + name + ": " + e.getMessage(), e);
    }
    String why = validator.apply(v);
    if (why != null) {
      throw new IllegalArgumentException("config " + name + ": " + why);
    }
    return v;
  }

  /** Environment variable that overrides this key: {@code PRISM_} + upper snake case. */
  public String envName() {
    return "PRISM_" + name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
