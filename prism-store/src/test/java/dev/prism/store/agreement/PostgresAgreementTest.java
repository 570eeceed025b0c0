package dev.prism.store.agreement;

import dev.prism.store.Backend;
import dev.prism.store.Databases;
import org.junit.jupiter.api.BeforeAll;

/** Runs when PRISM_TEST_POSTGRES_URL names a PostgreSQL database; skipped (with that reason) otherwise. */
class PostgresAgreementTest extends AgreementContract {
  @BeforeAll
  static void requirePostgres() {
    Databases.requirePostgres(PostgresAgreementTest.class);
  }

  @Override
  protected Backend createBackend() {
    return new Backend.Postgres();
  }
}
