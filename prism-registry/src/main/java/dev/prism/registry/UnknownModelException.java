package dev.prism.registry;

/**
 * A reference names a version or alias the registry does not have. An IllegalArgumentException
 * like every other bad input, typed so that the HTTP API can answer 404 rather than 400.
 */
public final class UnknownModelException extends IllegalArgumentException {
  public UnknownModelException(String message) {
    super(message);
  }
}
