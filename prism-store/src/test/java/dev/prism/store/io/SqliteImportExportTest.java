package dev.prism.store.io;

import dev.prism.store.Backend;

class SqliteImportExportTest extends ImportExportContract {
  @Override
  protected Backend createBackend() {
    return new Backend.Sqlite();
  }
}
