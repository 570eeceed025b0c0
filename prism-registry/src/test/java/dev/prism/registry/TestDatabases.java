package dev.prism.registry;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Database URLs for the registry's tests, the way prism-store's tests make them (that module does
 * not publish its test classes): a SQLite file in a temp dir, or a fresh schema on the PostgreSQL
 * server named by {@value #POSTGRES_ENV}; without it the PostgreSQL tests are skipped and say so.
 */
final class TestDatabases {
  static final String POSTGRES_ENV = "PRISM_TEST_POSTGRES_URL";
  static final String SKIP_REASON = POSTGRES_ENV
      + " is not set: PostgreSQL tests skipped (e.g. jdbc:postgresql://127.0.0.1:5432/prism_test?user=postgres)";

  private TestDatabases() {}

  static String sqliteUrl(Path dir) {
    return "jdbc:sqlite:" + dir.resolve("prism.db");
  }

  static String postgresBaseUrl() {
    String base = System.getenv(POSTGRES_ENV);
    assumeTrue(base != null && !base.isBlank(), SKIP_REASON);
    return base;
  }

  /** Creates an empty schema; returns its URL. */
  static String freshPostgresSchema(String schema) {
    String base = postgresBaseUrl();
    try (Connection c = DriverManager.getConnection(base); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema, e);
    }
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  static String newSchemaName() {
    return "prism_r_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  static void dropPostgresSchema(String schema) {
    String base = System.getenv(POSTGRES_ENV);
    try (Connection c = DriverManager.getConnection(base); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop schema " + schema, e);
    }
  }
}
