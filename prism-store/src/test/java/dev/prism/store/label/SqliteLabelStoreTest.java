package dev.prism.store.label;

import dev.prism.store.Backend;

class SqliteLabelStoreTest extends LabelStoreContract {
  @Override
  protected Backend createBackend() {
    return new Backend.Sqlite();
  }
}
