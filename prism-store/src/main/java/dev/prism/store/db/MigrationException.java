package dev.prism.store.db;

/**
 * The schema cannot be brought to the version this build expects: a changed or unknown applied
 * migration, a badly named migration file, or a migration whose SQL failed. Raised at startup so a
 * process never runs against a schema it does not understand.
 */
public final class MigrationException extends StoreException {
  public MigrationException(String message) {
    super(message);
  }

  public MigrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
