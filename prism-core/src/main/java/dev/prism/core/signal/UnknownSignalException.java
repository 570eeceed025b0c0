package dev.prism.core.signal;

import java.util.Set;

/** A client asked for a signal this deployment does not serve. */
public final class UnknownSignalException extends IllegalArgumentException {
  private final String requested;

  public UnknownSignalException(String requested, Set<String> known) {
    super("unknown signal '" + requested + "'; served signals: " + known);
    this.requested = requested;
  }

  public String requested() {
    return requested;
  }
}
