package dev.prism.core.image;

/** An image that cannot be decoded; the message says why in terms a user can act on. */
public final class ImageDecodeException extends Exception {

  public ImageDecodeException(String message) {
    super(message);
  }

  public ImageDecodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
