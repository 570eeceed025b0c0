package dev.prism.core.signal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The Prism code version stamped into provenance: the Maven project version plus the git commit
 * the build was made from, e.g. {@code 0.1.0-SNAPSHOT+ebb9b47} or {@code 0.1.0-SNAPSHOT+ebb9b47-dirty}
 * (tracked files had uncommitted changes). {@code prism-version.properties} is filtered at build
 * time: every Maven build runs {@code git describe} in the project root (prism-core's pom), and
 * {@code -Dprism.commit=...} overrides it. A build without git metadata (a source tarball, an IDE
 * build that skips resource filtering) says {@value #UNKNOWN_COMMIT}.
 */
public final class CodeVersion {
  /** The commit part when the build could not tell which commit it was made from. */
  public static final String UNKNOWN_COMMIT = "unknown";

  private static final String VALUE = load();

  private CodeVersion() {}

  public static String get() {
    return VALUE;
  }

  /** The commit part of {@link #get()}: a short hash, optionally with {@code -dirty}, or {@value #UNKNOWN_COMMIT}. */
  public static String commit() {
    int plus = VALUE.indexOf('+');
    return plus < 0 ? UNKNOWN_COMMIT : VALUE.substring(plus + 1);
  }

  private static String load() {
    try (InputStream in = CodeVersion.class.getResourceAsStream("/prism-version.properties")) {
      if (in == null) {
        return "unknown+" + UNKNOWN_COMMIT;
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      if (v.startsWith("$")) {
        v = "unknown";
      }
      String commit = p.getProperty("commit", "").strip();
      // an unfiltered resource still holds the ${...} placeholder
      return v + "+" + (commit.isEmpty() || commit.startsWith("$") ? UNKNOWN_COMMIT : commit);
    } catch (IOException e) {
      return "unknown+" + UNKNOWN_COMMIT;
    }
  }
}
