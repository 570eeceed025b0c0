package dev.prism.core.signal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The Prism code version stamped into provenance: the Maven project version plus the git commit
 * the build was made from when known ({@code prism-version.properties} is filtered at build time).
 */
public final class CodeVersion {
  private static final String VALUE = load();

  private CodeVersion() {}

  public static String get() {
    return VALUE;
  }

  private static String load() {
    try (InputStream in = CodeVersion.class.getResourceAsStream("/prism-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      String commit = p.getProperty("commit", "");
      return commit.isBlank() || commit.startsWith("$") ? v : v + "+" + commit;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
