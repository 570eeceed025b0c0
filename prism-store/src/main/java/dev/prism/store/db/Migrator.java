package dev.prism.store.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database's schema up to date: each pending migration runs in its own transaction
 * together with its {@code schema_history} row, so a failed migration leaves no half-applied
 * schema (both SQLite and PostgreSQL have transactional DDL).
 *
 * <p>Concurrent starts (several processes opening one database) apply each migration once:
 * PostgreSQL serialises migrators with an advisory lock, SQLite with its write lock.
 *
 * <p>Startup errors, all precise: an applied migration whose file changed (checksum mismatch), an
 * applied version this build does not have (the database is newer than the code), and a pending
 * version lower than the highest applied one (out of order).
 */
public final class Migrator {
  private static final Logger log = LoggerFactory.getLogger(Migrator.class);

  /** Table recording applied migrations. Created by the migrator itself, not by a migration. */
  public static final String HISTORY_TABLE = "schema_history";

  private static final String CREATE_HISTORY = "CREATE TABLE IF NOT EXISTS " + HISTORY_TABLE + " ("
      + "version INTEGER NOT NULL PRIMARY KEY, "
      + "description TEXT NOT NULL, "
      + "checksum TEXT NOT NULL, "
      + "applied_at BIGINT NOT NULL, "
      + "execution_ms BIGINT NOT NULL)";

  /** PostgreSQL advisory lock key of the migrator (any constant shared by all Prism processes). */
  static final long POSTGRES_LOCK_KEY = 0x50524953_4D4D4947L; // "PRISMMIG"

  private final Connection connection;
  private final Dialect dialect;
  private final Clock clock;

  public Migrator(Connection connection, Dialect dialect, Clock clock) {
    this.connection = connection;
    this.dialect = dialect;
    this.clock = clock;
  }

  /** The migrations applied so far, by version. */
  public List<AppliedMigration> history() throws SQLException {
    ensureHistoryTable();
    List<AppliedMigration> out = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT version, description, checksum, applied_at, execution_ms FROM "
            + HISTORY_TABLE + " ORDER BY version")) {
      while (rs.next()) {
        out.add(new AppliedMigration(rs.getInt(1), rs.getString(2), rs.getString(3),
            Instant.ofEpochMilli(rs.getLong(4)), rs.getLong(5)));
      }
    }
    return out;
  }

  /**
   * Validates applied migrations against {@code available} and applies the pending ones in order.
   *
   * @return the migrations applied by this call (empty when the schema was up to date)
   */
  public List<Migration> migrate(List<Migration> available) throws SQLException {
    if (dialect != Dialect.POSTGRESQL) {
      return migrateLocked(available);
    }
    // PostgreSQL: one migrator per database at a time, from before the history table is created
    // (concurrent CREATE TABLE IF NOT EXISTS races on the catalog) to the last commit
    try (Statement st = connection.createStatement()) {
      st.execute("SELECT pg_advisory_lock(" + POSTGRES_LOCK_KEY + ")");
    }
    try {
      return migrateLocked(available);
    } finally {
      try (Statement st = connection.createStatement()) {
        st.execute("SELECT pg_advisory_unlock(" + POSTGRES_LOCK_KEY + ")");
      }
    }
  }

  private List<Migration> migrateLocked(List<Migration> available) throws SQLException {
    Map<Integer, Migration> byVersion = new TreeMap<>();
    for (Migration m : available) {
      byVersion.put(m.version(), m);
    }
    List<AppliedMigration> applied = history();
    validate(applied, byVersion);
    int highest = applied.isEmpty() ? 0 : applied.get(applied.size() - 1).version();
    List<Migration> done = new ArrayList<>();
    for (Migration m : byVersion.values()) {
      if (applied.stream().anyMatch(a -> a.version() == m.version())) {
        continue;
      }
      if (m.version() < highest) {
        throw new MigrationException("migration V" + m.version() + " (" + m.resource() + ") is older than V" + highest
            + ", the highest applied; a new migration needs a version above " + highest);
      }
      if (apply(m)) {
        done.add(m);
      }
    }
    return done;
  }

  private static void validate(List<AppliedMigration> applied, Map<Integer, Migration> available) {
    for (AppliedMigration a : applied) {
      Migration m = available.get(a.version());
      if (m == null) {
        throw new MigrationException("the database has migration V" + a.version() + " (" + a.description()
            + ") applied, which this build does not have: the database is newer than this Prism version");
      }
      if (!m.checksum().equals(a.checksum())) {
        throw new MigrationException("checksum mismatch for migration V" + a.version() + " (" + m.resource()
            + "): applied with " + a.checksum() + " at " + a.appliedAt() + ", the file now has " + m.checksum()
            + "; an applied migration must never change, add a new migration instead");
      }
    }
  }

  /** Applies one migration in a transaction; false when another process applied it meanwhile. */
  private boolean apply(Migration m) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    long start = System.nanoTime();
    try {
      // another process may have applied it since history() was read. PostgreSQL cannot get here
      // concurrently (advisory lock); SQLite transactions are IMMEDIATE (see MetadataDb), so this
      // one holds the write lock from its first statement and the re-check is exact
      if (isApplied(m.version())) {
        connection.rollback();
        log.info("migration V{} was applied by another process meanwhile", m.version());
        return false;
      }
      List<String> statements = SqlScript.split(m.sql());
      int index = 0;
      for (String sql : statements) {
        index++;
        try (Statement st = connection.createStatement()) {
          st.execute(sql);
        } catch (SQLException e) {
          throw new MigrationException("migration V" + m.version() + " (" + m.resource() + ") failed at statement "
              + index + " of " + statements.size() + " on " + dialect + ": " + e.getMessage() + "\n" + sql, e);
        }
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + HISTORY_TABLE
          + " (version, description, checksum, applied_at, execution_ms) VALUES (?, ?, ?, ?, ?)")) {
        ps.setInt(1, m.version());
        ps.setString(2, m.description());
        ps.setString(3, m.checksum());
        ps.setLong(4, clock.millis());
        ps.setLong(5, millis);
        ps.executeUpdate();
      }
      connection.commit();
      log.info("applied migration V{} ({}) in {} ms", m.version(), m.description(), millis);
      return true;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private boolean isApplied(int version) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM " + HISTORY_TABLE + " WHERE version = ?")) {
      ps.setInt(1, version);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private void ensureHistoryTable() throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(CREATE_HISTORY);
    }
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
  }
}
