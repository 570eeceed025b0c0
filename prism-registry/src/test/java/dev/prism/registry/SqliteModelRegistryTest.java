package dev.prism.registry;

class SqliteModelRegistryTest extends ModelRegistryContract {
  private int count;

  @Override
  String newDatabaseUrl() {
    return TestDatabases.sqliteUrl(tmp.resolve("db" + (count++)));
  }
}
