package dev.prism.store.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.store.DatabaseTestBase;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Migration behaviour that must hold on every backend. */
abstract class MigrationContract extends DatabaseTestBase {
  private static final Clock T0 = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Clock T1 = Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);

  private static List<Migration> location(String name) {
    return Migrations.fromClasspath("db/" + name, MigrationContract.class.getClassLoader());
  }

  /** SHA-256 of a classpath resource, computed here rather than by the code under test. */
  private static String sha256OfResource(String path) throws Exception {
    try (InputStream in = MigrationContract.class.getClassLoader().getResourceAsStream(path)) {
      byte[] bytes = in.readAllBytes();
      String text = new String(bytes, StandardCharsets.UTF_8);
      assertThat(text).doesNotContain("\r"); // so hashing the raw bytes equals the normalised checksum
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
  }

  @Test
  void freshDatabaseGetsEveryMigrationAndUsableLabelTables() throws Exception {
    try (MetadataDb db = MetadataDb.open(newDatabaseUrl(), Migrations.fromClasspath(), T0)) {
      List<AppliedMigration> history = db.history();
      assertThat(history).extracting(AppliedMigration::version).startsWith(1);
      AppliedMigration v1 = history.get(0);
      assertThat(v1.description()).isEqualTo("labels");
      assertThat(v1.checksum()).isEqualTo(sha256OfResource("db/migration/V1__labels.sql"));
      assertThat(v1.appliedAt()).isEqualTo(T0.instant());
      int tables = db.withConnection(c -> {
        int n = 0;
        for (String t : List.of("label_task", "label_task_value", "label")) {
          try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t)) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
            n++;
          }
        }
        return n;
      });
      assertThat(tables).isEqualTo(3);
    }
  }

  @Test
  void reopeningAppliesNothingAndKeepsHistory() {
    String url = newDatabaseUrl();
    List<AppliedMigration> first;
    try (MetadataDb db = MetadataDb.open(url, location("test-migrations-a"), T0)) {
      first = db.history();
    }
    try (MetadataDb db = MetadataDb.open(url, location("test-migrations-a"), T1)) {
      assertThat(db.history()).isEqualTo(first); // applied_at still T0: nothing re-ran
      // the INSERT ran once: a second run would have violated the primary key, or doubled the row
      String note = db.withConnection(c -> {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*), MAX(note) FROM t_one")) {
          rs.next();
          assertThat(rs.getInt(1)).isEqualTo(1);
          return rs.getString(2);
        }
      });
      assertThat(note).isEqualTo("x; y");
    }
    assertThat(first).hasSize(1);
    assertThat(first.get(0).appliedAt()).isEqualTo(T0.instant());
  }

  @Test
  void concurrentStartsApplyEachMigrationOnce() throws Exception {
    String url = newDatabaseUrl();
    int processes = 4;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(processes);
    try {
      var start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
      for (int i = 0; i < processes; i++) {
        results.add(pool.submit(() -> {
          start.await();
          try (MetadataDb db = MetadataDb.open(url, location("test-migrations-a"), T0)) {
            return db.history().size();
          }
        }));
      }
      start.countDown();
      for (var r : results) {
        assertThat(r.get()).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
    try (MetadataDb db = MetadataDb.open(url, location("test-migrations-a"), T1)) {
      long rows = db.withConnection(c -> {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t_one")) {
          rs.next();
          return rs.getLong(1);
        }
      });
      assertThat(rows).as("V1's INSERT ran exactly once").isEqualTo(1);
    }
  }

  @Test
  void changedAppliedMigrationIsAPreciseStartupError() {
    String url = newDatabaseUrl();
    String appliedChecksum;
    try (MetadataDb db = MetadataDb.open(url, location("test-migrations-a"), T0)) {
      appliedChecksum = db.history().get(0).checksum();
    }
    String changedChecksum = location("test-migrations-b").get(0).checksum();
    assertThat(changedChecksum).isNotEqualTo(appliedChecksum);
    assertThatThrownBy(() -> MetadataDb.open(url, location("test-migrations-b"), T1))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("checksum mismatch for migration V1")
        .hasMessageContaining("V1__one.sql")
        .hasMessageContaining("applied with " + appliedChecksum)
        .hasMessageContaining("now has " + changedChecksum);
  }

  @Test
  void failedMigrationRollsBackItsOwnStatementsOnly() throws SQLException {
    String url = newDatabaseUrl();
    assertThatThrownBy(() -> MetadataDb.open(url, location("test-migrations-c"), T0))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("migration V2")
        .hasMessageContaining("statement 2 of 2")
        .hasMessageContaining("t_missing_table");
    try (MetadataDb db = MetadataDb.open(url, location("test-migrations-a"), T1)) {
      assertThat(db.history()).extracting(AppliedMigration::version).containsExactly(1);
      boolean twoExists = db.withConnection(c -> {
        try (Statement st = c.createStatement()) {
          st.executeQuery("SELECT COUNT(*) FROM t_two").close();
          return true;
        } catch (SQLException e) {
          return false;
        }
      });
      assertThat(twoExists).as("t_two from the failed V2 must have been rolled back").isFalse();
    }
  }

  @Test
  void databaseNewerThanTheCodeIsAnError() {
    String url = newDatabaseUrl();
    List<Migration> both = List.of(location("test-migrations-a").get(0),
        Migration.of("inline V2", "V2__more.sql", "CREATE TABLE t_more (id TEXT)"));
    MetadataDb.open(url, both, T0).close();
    assertThatThrownBy(() -> MetadataDb.open(url, location("test-migrations-a"), T1))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("has migration V2 (more) applied, which this build does not have");
  }

  @Test
  void migrationOlderThanTheHighestAppliedIsRefused() {
    String url = newDatabaseUrl();
    Migration v1 = location("test-migrations-a").get(0);
    Migration v3 = Migration.of("inline V3", "V3__late.sql", "CREATE TABLE t_late (id TEXT)");
    Migration v2 = Migration.of("inline V2", "V2__forgotten.sql", "CREATE TABLE t_forgotten (id TEXT)");
    MetadataDb.open(url, List.of(v1, v3), T0).close();
    assertThatThrownBy(() -> MetadataDb.open(url, List.of(v1, v2, v3), T1))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("V2")
        .hasMessageContaining("older than V3");
  }
}
