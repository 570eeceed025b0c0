package dev.prism.core.signal;

import java.util.OptionalInt;

/**
 * What a client asks for: a signal name with or without a major version ({@code lang} or
 * {@code lang@1}). A bare name means the newest major the platform serves.
 */
public record SignalRef(String name, OptionalInt major) {

  public static SignalRef parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty signal name");
    }
    String t = text.strip();
    int at = t.indexOf('@');
    if (at < 0) {
      new SignalSpec(t, 1); // validates the name
      return new SignalRef(t, OptionalInt.empty());
    }
    String name = t.substring(0, at);
    String version = t.substring(at + 1);
    int major;
    try {
      major = Integer.parseInt(version);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad major version '" + version + "' in signal '" + t + "'");
    }
    new SignalSpec(name, major); // validates
    return new SignalRef(name, OptionalInt.of(major));
  }

  @Override
  public String toString() {
    return major.isPresent() ? name + "@" + major.getAsInt() : name;
  }
}
