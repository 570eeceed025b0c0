package dev.prism.store.db;

import java.util.Locale;

/** The SQL databases the metadata store runs on. Migrations are written once for both. */
public enum Dialect {
  /** Embedded, one file, the default for one machine. */
  SQLITE("jdbc:sqlite:"),
  /** Shared server database for several machines. */
  POSTGRESQL("jdbc:postgresql:");

  private final String urlPrefix;

  Dialect(String urlPrefix) {
    this.urlPrefix = urlPrefix;
  }

  /** The JDBC URL prefix that selects this dialect. */
  public String urlPrefix() {
    return urlPrefix;
  }

  /** The dialect of a JDBC URL; anything but SQLite or PostgreSQL is a precise error. */
  public static Dialect ofUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("metadata database URL must not be blank");
    }
    String lower = url.toLowerCase(Locale.ROOT);
    for (Dialect d : values()) {
      if (lower.startsWith(d.urlPrefix)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unsupported metadata database URL '" + url + "': expected jdbc:sqlite:<file> or jdbc:postgresql://host:port/db");
  }
}
