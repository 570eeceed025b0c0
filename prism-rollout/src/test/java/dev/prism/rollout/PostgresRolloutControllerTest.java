package dev.prism.rollout;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link RolloutControllerTest} on PostgreSQL (V4__rollouts.sql and every statement of
 * {@link Rollouts} are meant to be portable). Runs when {@value #ENV} names a server (as
 * prism-registry's PostgreSQL tests); skipped, saying so, otherwise.
 */
class PostgresRolloutControllerTest extends RolloutControllerTest {
  static final String ENV = "PRISM_TEST_POSTGRES_URL";
  private String schema;

  @Override
  String databaseUrl() {
    String base = System.getenv(ENV);
    assumeTrue(base != null && !base.isBlank(), ENV + " is not set: PostgreSQL rollout tests skipped");
    schema = "prism_ro_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    exec(base, "CREATE SCHEMA " + schema);
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @AfterEach
  @Override
  void tearDown() {
    super.tearDown(); // close the connection before dropping its schema
    if (schema != null) {
      exec(System.getenv(ENV), "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private static void exec(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed", e);
    }
  }
}
