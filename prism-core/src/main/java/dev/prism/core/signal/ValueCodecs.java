package dev.prism.core.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The value codecs known to this process: the built-ins plus every {@link ValueCodec} registered
 * with {@link ServiceLoader}. Immutable; {@link #standard()} is discovered once per class loader.
 * Lookups walk the class hierarchy so a codec registered for an interface also covers its records.
 */
public final class ValueCodecs {
  private final Map<String, ValueCodec<?, ?>> byKind;
  private final Map<Class<?>, ValueCodec<?, ?>> byValue;
  private final Map<Class<?>, ValueCodec<?, ?>> byType;

  public ValueCodecs(Collection<? extends ValueCodec<?, ?>> codecs) {
    Map<String, ValueCodec<?, ?>> k = new LinkedHashMap<>();
    Map<Class<?>, ValueCodec<?, ?>> v = new LinkedHashMap<>();
    Map<Class<?>, ValueCodec<?, ?>> t = new LinkedHashMap<>();
    for (ValueCodec<?, ?> c : codecs) {
      if (k.putIfAbsent(c.kind(), c) != null) {
        throw new IllegalArgumentException("two value codecs for kind '" + c.kind() + "': "
            + k.get(c.kind()).getClass().getName() + " and " + c.getClass().getName());
      }
      if (v.putIfAbsent(c.valueClass(), c) != null) {
        throw new IllegalArgumentException("two value codecs for value class " + c.valueClass().getName());
      }
      if (t.putIfAbsent(c.typeClass(), c) != null) {
        throw new IllegalArgumentException("two value codecs for type class " + c.typeClass().getName());
      }
    }
    this.byKind = Map.copyOf(k);
    this.byValue = Map.copyOf(v);
    this.byType = Map.copyOf(t);
  }

  /**
   * Discovered once per class loader. A bad registration (two codecs for one kind, a codec that
   * cannot be instantiated) is kept and reported on every call with its reason, instead of
   * surfacing once as an {@code ExceptionInInitializerError} and then as a bare
   * {@code NoClassDefFoundError}.
   */
  private static final class Holder {
    static final ValueCodecs STANDARD;
    static final RuntimeException PROBLEM;

    static {
      ValueCodecs codecs = null;
      RuntimeException problem = null;
      try {
        codecs = discover(ValueCodecs.class.getClassLoader());
      } catch (RuntimeException | java.util.ServiceConfigurationError e) {
        problem = new IllegalStateException("the registered value codecs (META-INF/services/"
            + ValueCodec.class.getName() + ") are unusable: " + e.getMessage(), e);
      }
      STANDARD = codecs;
      PROBLEM = problem;
    }
  }

  /** Built-ins plus the codecs registered with {@link ServiceLoader} on Prism's class path. */
  public static ValueCodecs standard() {
    if (Holder.PROBLEM != null) {
      throw new IllegalStateException(Holder.PROBLEM.getMessage(), Holder.PROBLEM.getCause());
    }
    return Holder.STANDARD;
  }

  /** Built-ins plus the codecs {@code loader} can find. */
  @SuppressWarnings("rawtypes")
  public static ValueCodecs discover(ClassLoader loader) {
    List<ValueCodec<?, ?>> all = new ArrayList<>(BuiltinCodecs.all());
    for (ValueCodec c : ServiceLoader.load(ValueCodec.class, loader)) {
      all.add(c);
    }
    return new ValueCodecs(all);
  }

  /** The kinds known, e.g. for an error message. */
  public List<String> kinds() {
    return List.copyOf(byKind.keySet()).stream().sorted().toList();
  }

  public ValueCodec<?, ?> forKind(String kind) {
    ValueCodec<?, ?> c = byKind.get(kind);
    if (c == null) {
      throw new IllegalArgumentException("unknown type kind '" + kind + "' (known: " + kinds() + ")");
    }
    return c;
  }

  @SuppressWarnings("unchecked")
  public <V extends SignalValue> ValueCodec<V, ValueType> forValue(V value) {
    ValueCodec<?, ?> c = lookup(byValue, value.getClass());
    if (c == null) {
      throw new IllegalArgumentException("no value codec for " + value.getClass().getName()
          + " (register a dev.prism.core.signal.ValueCodec)");
    }
    return (ValueCodec<V, ValueType>) c;
  }

  @SuppressWarnings("unchecked")
  public ValueCodec<SignalValue, ValueType> forType(ValueType type) {
    ValueCodec<?, ?> c = lookup(byType, type.getClass());
    if (c == null) {
      throw new IllegalArgumentException("no value codec for type " + type.getClass().getName());
    }
    return (ValueCodec<SignalValue, ValueType>) c;
  }

  private static ValueCodec<?, ?> lookup(Map<Class<?>, ValueCodec<?, ?>> m, Class<?> cls) {
    for (Class<?> c = cls; c != null; c = c.getSuperclass()) {
      ValueCodec<?, ?> hit = m.get(c);
      if (hit != null) {
        return hit;
      }
      for (Class<?> i : c.getInterfaces()) {
        hit = m.get(i);
        if (hit != null) {
          return hit;
        }
      }
    }
    return null;
  }

  // ---- conveniences used across modules --------------------------------------------------

  /** A value's JSON form. */
  public JsonNode toJson(SignalValue v) {
    ValueCodec<SignalValue, ValueType> c = forValue(v);
    return c.toJson(v);
  }

  /** Reads a value of a contract type from JSON; precise IAE when the JSON does not fit. */
  public SignalValue fromJson(JsonNode json, ValueType type) {
    ValueCodec<SignalValue, ValueType> c = forType(type);
    return c.fromJson(json, type);
  }

  /** Parses a contract's {@code type} object. */
  public ValueType parseType(JsonNode type) {
    if (type == null || !type.isObject()) {
      throw new IllegalArgumentException("'type' must be an object with a 'kind'");
    }
    return forKind(type.path("kind").asText("")).parseType(type);
  }

  /** Writes a contract type as {@code {"kind": ..., params...}}. */
  public void writeType(ValueType type, ObjectNode out) {
    ValueCodec<SignalValue, ValueType> c = forType(type);
    out.put("kind", c.kind());
    c.writeType(type, out);
  }
}
