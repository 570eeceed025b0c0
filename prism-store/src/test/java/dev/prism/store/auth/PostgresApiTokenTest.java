package dev.prism.store.auth;

import dev.prism.store.Backend;
import dev.prism.store.Databases;
import org.junit.jupiter.api.BeforeAll;

/** Runs when PRISM_TEST_POSTGRES_URL names a PostgreSQL database; skipped (with that reason) otherwise. */
class PostgresApiTokenTest extends ApiTokenContract {
  @BeforeAll
  static void requirePostgres() {
    Databases.requirePostgres(PostgresApiTokenTest.class);
  }

  @Override
  protected Backend createBackend() {
    return new Backend.Postgres();
  }
}
