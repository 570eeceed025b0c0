package dev.prism.store.db;

/** A database failure, with the operation that failed in the message (the SQL error is the cause). */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
