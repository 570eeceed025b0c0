package dev.prism.store.agreement;

import dev.prism.store.Backend;

class SqliteAgreementTest extends AgreementContract {
  @Override
  protected Backend createBackend() {
    return new Backend.Sqlite();
  }
}
