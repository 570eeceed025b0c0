package dev.prism.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Database URLs for tests: a SQLite file in a temp dir, or a fresh schema in the PostgreSQL
 * server named by {@value #POSTGRES_ENV} (tests are skipped, with that reason, when it is unset).
 */
public final class Databases {
  public static final String POSTGRES_ENV = "PRISM_TEST_POSTGRES_URL";

  private Databases() {}

  public static String sqliteUrl(Path dir) {
    return "jdbc:sqlite:" + dir.resolve("prism.db");
  }

  private static final String SKIP_REASON = POSTGRES_ENV
      + " is not set: PostgreSQL tests skipped (e.g. jdbc:postgresql://127.0.0.1:5432/prism_test?user=postgres)";

  /** The base PostgreSQL URL, or a skipped test. */
  public static String postgresBaseUrl() {
    String base = System.getenv(POSTGRES_ENV);
    assumeTrue(base != null && !base.isBlank(), SKIP_REASON);
    return base;
  }

  /**
   * For a PostgreSQL test class's {@code @BeforeAll}: says on the console why its tests will be
   * skipped (Surefire keeps skip reasons in its XML reports only). Each test is then skipped by
   * {@link #postgresBaseUrl}, so Surefire counts them as skipped.
   */
  public static void requirePostgres(Class<?> testClass) {
    String base = System.getenv(POSTGRES_ENV);
    if (base == null || base.isBlank()) {
      System.out.println(testClass.getSimpleName() + ": " + SKIP_REASON);
    }
  }

  /** Creates an empty schema and returns a URL whose tables live in it. */
  public static String freshPostgresSchema(String base, String schema) {
    try (Connection c = DriverManager.getConnection(base); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema + " on " + base, e);
    }
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  public static String newSchemaName() {
    return "prism_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  public static void dropPostgresSchema(String base, String schema) {
    try (Connection c = DriverManager.getConnection(base); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop schema " + schema, e);
    }
  }
}
