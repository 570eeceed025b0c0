package dev.prism.store.auth;

import dev.prism.store.Backend;

class SqliteApiTokenTest extends ApiTokenContract {
  @Override
  protected Backend createBackend() {
    return new Backend.Sqlite();
  }
}
