package dev.prism.store;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A contract test that runs against the backend its concrete subclass picks. */
public abstract class DatabaseTestBase {
  @TempDir
  protected Path tmp;

  private Backend backend;

  /** SQLite or PostgreSQL. */
  protected abstract Backend createBackend();

  /** A URL of a new, empty database (each call a different one). */
  protected String newDatabaseUrl() {
    if (backend == null) {
      backend = createBackend();
    }
    return backend.newUrl(tmp);
  }

  @AfterEach
  void dropDatabases() {
    if (backend != null) {
      backend.cleanup();
    }
  }
}
