package dev.prism.core.image;

/**
 * Turns encoded image bytes into {@link DecodedImage} within limits (encoded size, pixel count,
 * dimensions), or fails with a precise reason. Implementations must be safe to call from many
 * threads and must never let a hostile file take down the caller: every failure, including an
 * {@link Error} raised by a codec on corrupt data, surfaces as {@link ImageDecodeException}.
 *
 * <p>The implementation lives with the image code (prism-models) and is found with
 * {@link java.util.ServiceLoader} through {@link ImageDecoderProvider}, so the runtime's media stage
 * can decode images on its own threads without depending on a model module.
 */
public interface ImageDecoder {

  DecodedImage decode(byte[] encoded) throws ImageDecodeException;
}
