package dev.prism.core.image;

import java.util.Objects;

/**
 * An image after safe decoding: its pixels (EXIF orientation applied) and what is known about the
 * encoded file. Image nodes read this, never encoded bytes.
 *
 * @param pixels the decoded pixels; may be an integer subsample of the original when the original
 *     is larger than the decoder's decoded-size limit ({@code subsampling > 1})
 * @param format the container format as detected from the bytes (not from a file name), lower
 *     case: {@code jpeg}, {@code png}, {@code gif}, {@code webp}, {@code bmp}
 * @param encodedBytes size of the encoded file
 * @param width width of the full-resolution image after orientation
 * @param height height of the full-resolution image after orientation
 * @param subsampling integer factor by which {@code pixels} was subsampled (1 = full resolution)
 */
public record DecodedImage(RgbImage pixels, String format, long encodedBytes, int width, int height, int subsampling) {

  public DecodedImage {
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(format, "format");
    if (encodedBytes < 0) {
      throw new IllegalArgumentException("encodedBytes must be >= 0, got " + encodedBytes);
    }
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("image dimensions must be at least 1x1, got " + width + "x" + height);
    }
    if (subsampling < 1) {
      throw new IllegalArgumentException("subsampling must be >= 1, got " + subsampling);
    }
  }

  /** A full-resolution image (no subsampling). */
  public static DecodedImage of(RgbImage pixels, String format, long encodedBytes) {
    return new DecodedImage(pixels, format, encodedBytes, pixels.width(), pixels.height(), 1);
  }
}
