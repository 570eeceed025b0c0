package dev.prism.store.db;

import dev.prism.store.Backend;

class SqliteMigrationTest extends MigrationContract {
  @Override
  protected Backend createBackend() {
    return new Backend.Sqlite();
  }
}
