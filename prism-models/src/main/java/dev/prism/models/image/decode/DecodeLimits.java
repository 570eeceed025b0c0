package dev.prism.models.image.decode;

import dev.prism.core.config.Config;
import dev.prism.core.config.ConfigKey;
import java.util.List;

/**
 * The decoder's limits. Every one is checked before pixels are decoded (the encoded size first,
 * then the dimensions from the header), so a hostile file costs a header read, not memory.
 *
 * @param maxEncodedBytes largest encoded file the decoder accepts
 * @param maxPixels largest width x height (of the full-resolution image) the decoder accepts
 * @param maxDimension largest width or height
 * @param maxDecodedPixels images with more pixels are subsampled by the smallest integer factor
 *     that brings the decoded pixels to at most this many, at read time
 */
public record DecodeLimits(long maxEncodedBytes, long maxPixels, int maxDimension, long maxDecodedPixels) {

  /** Same as the media stage's {@code media.max_bytes} default (20 MiB): a photo larger than that is not a photo. */
  public static final long DEFAULT_MAX_ENCODED_BYTES = 20L << 20;
  /**
   * 100 million pixels: above the largest phone sensors in use (50 MP common, 108 MP in a few) and
   * far below a decompression bomb (a 50000 x 50000 PNG is 2.5e9 pixels from a few MB). Decoding
   * time grows with the full pixel count even when subsampling, so this also bounds time per item.
   */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
  /**
   * 32768 per side: wider than camera panoramas that fit the pixel limit, and a bound on strip-like
   * images (1 x 50,000,000) that pass the pixel limit but break resizing in image nodes.
   */
  public static final int DEFAULT_MAX_DIMENSION = 32_768;
  /**
   * 4 Mi pixels (2048 x 2048, 12 MiB of RGB): image nodes look at 224 x 224 to ~1 MP, so more
   * pixels only cost memory; a 12 MP photo is read at factor 2 (3 MP, 9 MiB) instead of 36 MiB per
   * item in a batch. Typical 0.5-1 MP web images are decoded at full resolution.
   */
  public static final long DEFAULT_MAX_DECODED_PIXELS = 4L << 20;

  public static final ConfigKey<Long> MAX_ENCODED_BYTES = ConfigKey.longKey("image.max_encoded_bytes",
      DEFAULT_MAX_ENCODED_BYTES, 1, 1L << 31, "Largest encoded image (bytes) the decoder accepts, checked again "
          + "after media.max_bytes (which bounds reads and downloads) so the decoder is safe on its own; larger "
          + "images fail their item.");
  public static final ConfigKey<Long> MAX_PIXELS = ConfigKey.longKey("image.max_pixels", DEFAULT_MAX_PIXELS, 1,
      1L << 40, "Largest width x height an image may declare; read from the header before any pixel is decoded, "
          + "so a decompression bomb (a small file claiming 50000x50000) fails its item instead of exhausting memory.");
  public static final ConfigKey<Integer> MAX_DIMENSION = ConfigKey.intKey("image.max_dimension",
      DEFAULT_MAX_DIMENSION, 1, Integer.MAX_VALUE, "Largest width or height in pixels an image may declare "
          + "(checked from the header like image.max_pixels).");
  public static final ConfigKey<Long> MAX_DECODED_PIXELS = ConfigKey.longKey("image.max_decoded_pixels",
      DEFAULT_MAX_DECODED_PIXELS, 1, 1L << 40, "Images with more pixels are decoded subsampled by the smallest "
          + "integer factor that brings them under this many pixels (every n-th pixel of every n-th row, at read "
          + "time), bounding memory per item; the factor is recorded with the image.");

  public static final List<ConfigKey<?>> KEYS = List.of(MAX_ENCODED_BYTES, MAX_PIXELS, MAX_DIMENSION, MAX_DECODED_PIXELS);

  public static final DecodeLimits DEFAULTS = new DecodeLimits(DEFAULT_MAX_ENCODED_BYTES, DEFAULT_MAX_PIXELS,
      DEFAULT_MAX_DIMENSION, DEFAULT_MAX_DECODED_PIXELS);

  public DecodeLimits {
    if (maxEncodedBytes < 1) {
      throw new IllegalArgumentException("image.max_encoded_bytes must be >= 1, got " + maxEncodedBytes);
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("image.max_pixels must be >= 1, got " + maxPixels);
    }
    if (maxDimension < 1) {
      throw new IllegalArgumentException("image.max_dimension must be >= 1, got " + maxDimension);
    }
    if (maxDecodedPixels < 1) {
      throw new IllegalArgumentException("image.max_decoded_pixels must be >= 1, got " + maxDecodedPixels);
    }
  }

  public static DecodeLimits from(Config c) {
    return new DecodeLimits(c.get(MAX_ENCODED_BYTES), c.get(MAX_PIXELS), c.get(MAX_DIMENSION), c.get(MAX_DECODED_PIXELS));
  }

  /**
   * The smallest integer factor {@code s} with {@code ceil(w/s) * ceil(h/s) <= maxDecodedPixels}
   * (the size ImageIO's source subsampling produces).
   */
  public int subsampling(int width, int height) {
    int s = 1;
    while (ceilDiv(width, s) * ceilDiv(height, s) > maxDecodedPixels) {
      s++;
    }
    return s;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
