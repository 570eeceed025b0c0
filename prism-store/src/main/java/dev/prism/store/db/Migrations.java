package dev.prism.store.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds migration scripts under a classpath folder, in every jar and directory that has one, so a
 * later module can ship its own {@code db/migration/V7__registry.sql} beside this module's.
 *
 * <p>Folders are found with {@link ClassLoader#getResources}, which sees a folder inside a jar only
 * when the jar has an entry for it. The maven-jar-plugin writes those entries; a jar built by a
 * tool that omits them (some shading setups) hides its migrations.
 */
public final class Migrations {

  /** The classpath folder that holds Prism's metadata migrations. */
  public static final String DEFAULT_LOCATION = "db/migration";

  private Migrations() {}

  /** The migrations in {@link #DEFAULT_LOCATION}, ordered by version. */
  public static List<Migration> fromClasspath() {
    return fromClasspath(DEFAULT_LOCATION, Migrations.class.getClassLoader());
  }

  /**
   * The migrations under {@code location} on {@code loader}'s classpath, ordered by version.
   *
   * @throws MigrationException for a badly named {@code .sql} file or two files with one version
   */
  public static List<Migration> fromClasspath(String location, ClassLoader loader) {
    String folder = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
    TreeMap<Integer, Migration> byVersion = new TreeMap<>();
    try {
      Enumeration<URL> roots = loader.getResources(folder);
      for (URL root : Collections.list(roots)) {
        for (Migration m : readRoot(root, folder)) {
          Migration previous = byVersion.putIfAbsent(m.version(), m);
          // the same file reachable twice (a jar listed twice) is harmless; two different files are not
          if (previous != null && !previous.checksum().equals(m.checksum())) {
            throw new MigrationException("two migration files have version " + m.version() + ": "
                + previous.resource() + " and " + m.resource() + "; versions must be unique across modules");
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list migrations under classpath folder " + folder, e);
    }
    return List.copyOf(byVersion.values());
  }

  private static List<Migration> readRoot(URL root, String folder) throws IOException {
    List<Migration> out = new ArrayList<>();
    switch (root.getProtocol()) {
      case "file" -> {
        Path dir;
        try {
          dir = Path.of(root.toURI());
        } catch (URISyntaxException e) {
          throw new IOException("bad classpath URL " + root, e);
        }
        try (Stream<Path> files = Files.list(dir)) {
          for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".sql"))
              .sorted(Comparator.naturalOrder()).toList()) {
            String name = p.getFileName().toString();
            out.add(Migration.of(folder + "/" + name + " (" + root + ")", name, Files.readString(p, StandardCharsets.UTF_8)));
          }
        }
      }
      case "jar" -> {
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
          for (JarEntry entry : Collections.list(jar.entries())) {
            String entryName = entry.getName();
            if (entry.isDirectory() || !entryName.startsWith(folder + "/") || !entryName.endsWith(".sql")) {
              continue;
            }
            String name = entryName.substring(folder.length() + 1);
            if (name.contains("/")) {
              continue; // sub-folders are not part of this location
            }
            try (InputStream in = jar.getInputStream(entry)) {
              out.add(Migration.of(entryName + " (" + jar.getName() + ")", name,
                  new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
          }
        }
      }
      default -> throw new MigrationException(
          "cannot list migrations at " + root + ": only directories and jar files are supported");
    }
    return out;
  }
}
