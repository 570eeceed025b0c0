package dev.prism.core.auth;

import java.util.Locale;

/**
 * What an API token may do. Scopes are ordered: {@code ADMIN} includes {@code WRITE}, which
 * includes {@code READ}, so one token per client is enough.
 */
public enum Scope {
  /** Read signals, contracts and other read-only endpoints. */
  READ,
  /** Everything {@code READ} may, plus endpoints that change stored state (each one is audited). */
  WRITE,
  /** Everything, including managing tokens. */
  ADMIN;

  /** True when a token of this scope may call an endpoint that needs {@code required}. */
  public boolean includes(Scope required) {
    return compareTo(required) >= 0;
  }

  /** The lower-case name used on the command line, in the database and in messages. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code read}, {@code write} or {@code admin} (any case). */
  public static Scope parse(String text) {
    for (Scope s : values()) {
      if (s.id().equalsIgnoreCase(text == null ? "" : text.strip())) {
        return s;
      }
    }
    throw new IllegalArgumentException("scope must be one of read, write, admin; got '" + text + "'");
  }
}
