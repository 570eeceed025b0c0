package dev.prism.core.signal;

import java.util.regex.Pattern;

/**
 * The identity of a signal: its name and contract major version, written {@code name@major}
 * (e.g. {@code text_embedding@1}). A change of type, dimension, range or meaning is a new major
 * version; both can be served side by side while consumers migrate.
 */
public record SignalSpec(String name, int major) implements Comparable<SignalSpec> {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  public SignalSpec {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "signal name must match " + NAME.pattern() + " (lower snake case), got: " + name);
    }
    if (major < 1) {
      throw new IllegalArgumentException("signal major version must be >= 1, got " + major + " for " + name);
    }
  }

  /**
   * Parses {@code name@major}. A bare {@code name} has no major and is resolved by the contract
   * registry to the newest major (see {@link SignalRef}).
   */
  public static SignalSpec parse(String text) {
    SignalRef ref = SignalRef.parse(text);
    if (ref.major().isEmpty()) {
      throw new IllegalArgumentException("expected name@major, got: " + text);
    }
    return new SignalSpec(ref.name(), ref.major().getAsInt());
  }

  @Override
  public int compareTo(SignalSpec o) {
    int c = name.compareTo(o.name);
    return c != 0 ? c : Integer.compare(major, o.major);
  }

  @Override
  public String toString() {
    return name + "@" + major;
  }
}
