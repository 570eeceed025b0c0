package dev.prism.core.image;

/**
 * Decoded pixels: 8-bit sRGB, interleaved {@code R,G,B} per pixel, rows top to bottom, no alpha
 * (alpha is composited over white when decoding, see the decoder's notes). This is the one pixel
 * layout every image node reads, so preprocessing is written once per node and never per format.
 *
 * <p>The array is owned by the image: callers must not mutate it.
 *
 * @param width pixels per row, at least 1
 * @param height rows, at least 1
 * @param rgb {@code width * height * 3} bytes (read them as unsigned: {@code b & 0xFF})
 */
public record RgbImage(int width, int height, byte[] rgb) {

  public RgbImage {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("image dimensions must be at least 1x1, got " + width + "x" + height);
    }
    if (rgb == null || (long) rgb.length != (long) width * height * 3) {
      throw new IllegalArgumentException("image of " + width + "x" + height + " needs " + (long) width * height * 3
          + " RGB bytes, got " + (rgb == null ? "null" : rgb.length));
    }
  }

  /** Red, green or blue ({@code channel} 0, 1, 2) of pixel (x, y), 0..255. */
  public int sample(int x, int y, int channel) {
    return rgb[(y * width + x) * 3 + channel] & 0xFF;
  }

  public long pixels() {
    return (long) width * height;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage r && r.width == width && r.height == height && java.util.Arrays.equals(r.rgb, rgb);
  }

  @Override
  public int hashCode() {
    return (width * 31 + height) * 31 + java.util.Arrays.hashCode(rgb);
  }

  @Override
  public String toString() {
    return "RgbImage[" + width + "x" + height + "]";
  }
}
