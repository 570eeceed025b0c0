package dev.prism.store.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite specifics, URL handling, migration discovery and script splitting. */
class MetadataDbTest {
  @TempDir
  Path tmp;

  private static String pragma(MetadataDb db, String name) {
    return db.withConnection(c -> {
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
        rs.next();
        return rs.getString(1);
      }
    });
  }

  @Test
  void sqliteIsOpenedWithWalAndForeignKeysAndItsDirectoryIsCreated() {
    Path file = tmp.resolve("nested/dir/prism.db");
    try (MetadataDb db = MetadataDb.open("jdbc:sqlite:" + file)) {
      assertThat(db.dialect()).isEqualTo(Dialect.SQLITE);
      assertThat(pragma(db, "journal_mode")).isEqualToIgnoringCase("wal");
      assertThat(pragma(db, "foreign_keys")).isEqualTo("1");
      assertThat(pragma(db, "busy_timeout")).isEqualTo(Integer.toString(MetadataDb.SQLITE_BUSY_TIMEOUT_MS));
    }
    assertThat(file).isRegularFile();
  }

  @Test
  void aBarePathIsASqliteFileAndTheDefaultIsDocumented() {
    assertThat(MetadataDb.DEFAULT_URL).isEqualTo("jdbc:sqlite:.prism/prism.db");
    Path file = tmp.resolve("bare.db");
    try (MetadataDb db = MetadataDb.open(file.toString())) {
      assertThat(db.url()).isEqualTo("jdbc:sqlite:" + file);
    }
    assertThat(file).isRegularFile();
  }

  @Test
  void unsupportedUrlsArePreciseErrors() {
    assertThatThrownBy(() -> MetadataDb.open("jdbc:mysql://localhost/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported metadata database URL 'jdbc:mysql://localhost/x'");
    assertThatThrownBy(() -> MetadataDb.open(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be blank");
  }

  @Test
  void passwordsAreRedactedFromUrls() {
    assertThat(MetadataDb.redact("jdbc:postgresql://h/db?user=u&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
  }

  @Test
  void transactionsRollBackWhenTheWorkThrows() {
    try (MetadataDb db = MetadataDb.open(tmp.resolve("tx.db").toString(),
        List.of(Migration.of("inline", "V1__t.sql", "CREATE TABLE t (id TEXT NOT NULL PRIMARY KEY)")), Clock.systemUTC())) {
      assertThatThrownBy(() -> db.inTransaction(c -> {
        try (Statement st = c.createStatement()) {
          st.execute("INSERT INTO t (id) VALUES ('a')");
        }
        throw new IllegalStateException("boom");
      })).hasMessage("boom");
      long rows = db.withConnection(c -> {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
          rs.next();
          return rs.getLong(1);
        }
      });
      assertThat(rows).isZero();
    }
  }

  @Test
  void badlyNamedMigrationFileIsAnError() {
    assertThatThrownBy(() -> Migrations.fromClasspath("db/test-migrations-bad-name", getClass().getClassLoader()))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("V1_missing_underscore.sql")
        .hasMessageContaining("is not named V<version>__<description>.sql");
  }

  @Test
  void migrationsAreFoundInJarsAndDirectoriesAndSortedNumerically() throws Exception {
    Path jar = tmp.resolve("extra.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      // directory entries as the maven-jar-plugin writes them: ClassLoader.getResources finds folders by them
      out.putNextEntry(new JarEntry("db/"));
      out.closeEntry();
      out.putNextEntry(new JarEntry("db/mixed/"));
      out.closeEntry();
      for (String name : List.of("V10__ten.sql", "V2__two.sql")) {
        out.putNextEntry(new JarEntry("db/mixed/" + name));
        out.write(("CREATE TABLE t" + name.charAt(1) + " (id TEXT)").getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    Path dir = tmp.resolve("classes/db/mixed");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("V9__nine.sql"), "CREATE TABLE t9 (id TEXT)");
    Files.writeString(dir.resolve("README.txt"), "not a migration");
    try (URLClassLoader loader = new URLClassLoader(
        new URL[] {jar.toUri().toURL(), tmp.resolve("classes").toUri().toURL()}, null)) {
      List<Migration> found = Migrations.fromClasspath("db/mixed", loader);
      assertThat(found).extracting(Migration::version).containsExactly(2, 9, 10);
      assertThat(found).extracting(Migration::description).containsExactly("two", "nine", "ten");
    }
  }

  @Test
  void duplicateVersionsAcrossLocationsAreAnError() throws Exception {
    for (String root : List.of("r1", "r2")) {
      Path dir = tmp.resolve(root + "/db/dup");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("V1__" + root + ".sql"), "CREATE TABLE " + root + " (id TEXT)");
    }
    try (URLClassLoader loader = new URLClassLoader(
        new URL[] {tmp.resolve("r1").toUri().toURL(), tmp.resolve("r2").toUri().toURL()}, null)) {
      assertThatThrownBy(() -> Migrations.fromClasspath("db/dup", loader))
          .isInstanceOf(MigrationException.class)
          .hasMessageContaining("two migration files have version 1");
    }
  }

  @Test
  void checksumIgnoresLineEndingStyle() {
    assertThat(Migration.checksumOf("a;\r\nb;\r\n")).isEqualTo(Migration.checksumOf("a;\nb;\n"));
    assertThat(Migration.checksumOf("a;\nb;\n")).isNotEqualTo(Migration.checksumOf("a;\nc;\n"));
  }

  @Test
  void scriptsSplitOnSemicolonsOutsideQuotesAndComments() {
    String script = """
        -- leading comment; with a semicolon
        CREATE TABLE a (x TEXT); /* block; comment */
        INSERT INTO a VALUES ('it''s; fine');
        INSERT INTO "odd;name" VALUES (1)
        """;
    assertThat(SqlScript.split(script)).containsExactly(
        "CREATE TABLE a (x TEXT)",
        "INSERT INTO a VALUES ('it''s; fine')",
        "INSERT INTO \"odd;name\" VALUES (1)");
    assertThatThrownBy(() -> SqlScript.split("SELECT 'open")).hasMessageContaining("unterminated ' quote");
  }
}
