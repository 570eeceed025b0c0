package dev.prism.registry;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** Runs when PRISM_TEST_POSTGRES_URL names a PostgreSQL database; skipped (with that reason) otherwise. */
class PostgresModelRegistryTest extends ModelRegistryContract {
  private final List<String> schemas = new ArrayList<>();

  @BeforeAll
  static void sayWhySkipped() {
    String base = System.getenv(TestDatabases.POSTGRES_ENV);
    if (base == null || base.isBlank()) {
      System.out.println(PostgresModelRegistryTest.class.getSimpleName() + ": " + TestDatabases.SKIP_REASON);
    }
  }

  @Override
  String newDatabaseUrl() {
    String schema = TestDatabases.newSchemaName();
    String url = TestDatabases.freshPostgresSchema(schema);
    schemas.add(schema);
    return url;
  }

  @AfterEach
  void dropSchemas() {
    schemas.forEach(TestDatabases::dropPostgresSchema);
  }
}
