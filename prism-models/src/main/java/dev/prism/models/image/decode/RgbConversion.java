package dev.prism.models.image.decode;

import dev.prism.core.image.RgbImage;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Any decoded {@link BufferedImage} to 8-bit interleaved RGB: greyscale expanded to three equal
 * channels, 16-bit samples rounded to 8 bits, palettes looked up, alpha composited over white.
 *
 * <p>Samples of sRGB and greyscale images are read from the raster, not through
 * {@link BufferedImage#getRGB}: Java treats a grey colour space as linear and would brighten every
 * grey pixel (128 becomes 186) when converting it to sRGB, whereas PNG and JPEG grey samples are
 * already gamma-encoded like sRGB and every browser shows them as {@code (v, v, v)}. Other colour
 * spaces (an ICC profile the codec kept, CMYK the codec did not convert) go through the colour
 * model's conversion to sRGB.
 */
final class RgbConversion {
  private RgbConversion() {}

  static RgbImage toRgb(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
    ColorModel cm = img.getColorModel();
    Raster r = img.getRaster();
    int type = cm.getColorSpace().getType();
    boolean direct = (cm instanceof ComponentColorModel || cm instanceof DirectColorModel)
        && (cm.getColorSpace().isCS_sRGB() || type == ColorSpace.TYPE_GRAY)
        && r.getNumBands() == cm.getNumComponents();
    if (cm instanceof IndexColorModel icm) {
      int[] idx = new int[w];
      for (int y = 0; y < h; y++) {
        r.getSamples(0, y, w, 1, 0, idx);
        int o = y * w * 3;
        for (int x = 0; x < w; x++) {
          put(out, o + 3 * x, icm.getRGB(idx[x]) | (icm.hasAlpha() ? 0 : 0xFF000000), false);
        }
      }
    } else if (direct) {
      fromSamples(r, cm, out, w, h);
    } else {
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        img.getRGB(0, y, w, 1, row, 0, w);
        int o = y * w * 3;
        for (int x = 0; x < w; x++) {
          put(out, o + 3 * x, cm.hasAlpha() ? row[x] : row[x] | 0xFF000000, false);
        }
      }
    }
    return new RgbImage(w, h, out);
  }

  /** Grey, grey + alpha, RGB or RGBA samples of any bit depth up to 16, read from the raster. */
  private static void fromSamples(Raster r, ColorModel cm, byte[] out, int w, int h) {
    int bands = r.getNumBands();
    boolean grey = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    boolean alpha = cm.hasAlpha();
    boolean premultiplied = cm.isAlphaPremultiplied();
    int[] bits = cm.getComponentSize();
    int[][] samples = new int[bands][w];
    for (int y = 0; y < h; y++) {
      for (int b = 0; b < bands; b++) {
        r.getSamples(0, y, w, 1, b, samples[b]);
      }
      int o = y * w * 3;
      for (int x = 0; x < w; x++) {
        int red;
        int green;
        int blue;
        if (grey) {
          red = green = blue = to8(samples[0][x], bits[0]);
        } else {
          red = to8(samples[0][x], bits[0]);
          green = to8(samples[1][x], bits[1]);
          blue = to8(samples[2][x], bits[2]);
        }
        int a = alpha ? to8(samples[bands - 1][x], bits[bands - 1]) : 255;
        put(out, o + 3 * x, a << 24 | red << 16 | green << 8 | blue, premultiplied);
      }
    }
  }

  /** A sample of {@code bits} bits scaled to 0..255 with rounding (65535 -> 255, 32896 -> 128). */
  static int to8(int v, int bits) {
    if (bits == 8) {
      return v & 0xFF;
    }
    long max = (1L << bits) - 1;
    return (int) ((v * 255L + max / 2) / max);
  }

  /** Writes one ARGB pixel, composited over white: c' = c * a + 255 * (1 - a), rounded. */
  private static void put(byte[] out, int o, int argb, boolean premultiplied) {
    int a = argb >>> 24;
    int red = argb >> 16 & 0xFF;
    int green = argb >> 8 & 0xFF;
    int blue = argb & 0xFF;
    if (a != 255) {
      if (premultiplied) {
        red = Math.min(255, red + 255 - a);
        green = Math.min(255, green + 255 - a);
        blue = Math.min(255, blue + 255 - a);
      } else {
        red = over(red, a);
        green = over(green, a);
        blue = over(blue, a);
      }
    }
    out[o] = (byte) red;
    out[o + 1] = (byte) green;
    out[o + 2] = (byte) blue;
  }

  /** {@code c} at opacity {@code a} (0..255) over white. */
  static int over(int c, int a) {
    return (c * a + 255 * (255 - a) + 127) / 255;
  }
}
