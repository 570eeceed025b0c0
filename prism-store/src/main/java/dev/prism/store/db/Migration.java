package dev.prism.store.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned schema migration, read from a classpath file named {@code V<version>__<words>.sql}.
 *
 * @param version positive, unique across all migration files on the classpath
 * @param description the file name's words with underscores as spaces
 * @param resource the classpath path it came from, for error messages
 * @param sql the script text
 * @param checksum SHA-256 (hex) of the script with line endings normalised to LF, so a Windows
 *     checkout does not look like an edited migration
 */
public record Migration(int version, String description, String resource, String sql, String checksum) {

  /** {@code V12__add_registry.sql}: the version, two underscores, words. */
  public static final Pattern FILE_NAME = Pattern.compile("V([0-9]+)__([A-Za-z0-9_]+)\\.sql");

  public Migration {
    if (version <= 0) {
      throw new IllegalArgumentException("migration version must be positive, got " + version + " in " + resource);
    }
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(checksum, "checksum");
  }

  /** Builds a migration from a file name (without directories) and its text. */
  public static Migration of(String resource, String fileName, String sql) {
    Matcher m = FILE_NAME.matcher(fileName);
    if (!m.matches()) {
      throw new MigrationException(
          "migration file " + resource + " is not named V<version>__<description>.sql (e.g. V2__add_registry.sql)");
    }
    int version;
    try {
      version = Integer.parseInt(m.group(1));
    } catch (NumberFormatException e) {
      throw new MigrationException("migration file " + resource + " has a version that is not an int", e);
    }
    return new Migration(version, m.group(2).replace('_', ' '), resource, sql, checksumOf(sql));
  }

  /** SHA-256 hex of the script with CRLF/CR normalised to LF. */
  public static String checksumOf(String sql) {
    String normalised = sql.replace("\r\n", "\n").replace('\r', '\n');
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
