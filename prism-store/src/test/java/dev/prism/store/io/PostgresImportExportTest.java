package dev.prism.store.io;

import dev.prism.store.Backend;
import dev.prism.store.Databases;
import org.junit.jupiter.api.BeforeAll;

/** Runs when PRISM_TEST_POSTGRES_URL names a PostgreSQL database; skipped (with that reason) otherwise. */
class PostgresImportExportTest extends ImportExportContract {
  @BeforeAll
  static void requirePostgres() {
    Databases.requirePostgres(PostgresImportExportTest.class);
  }

  @Override
  protected Backend createBackend() {
    return new Backend.Postgres();
  }
}
