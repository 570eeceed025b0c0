package dev.prism.models.image.decode;

import dev.prism.core.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Fixtures and independent references for the decoder tests: files written with the JDK's own
 * ImageIO writers, decoded with the JDK's own readers (never through SafeImageDecoder), and pixel
 * transforms written out longhand.
 */
final class TestImages {
  private TestImages() {}

  static final String DIR = "/images/decode/";

  static byte[] resource(String name) {
    try (InputStream in = TestImages.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + DIR + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes with the JDK's reader for {@code format} (com.sun.imageio), ignoring EXIF. */
  static BufferedImage jdkRead(byte[] bytes, String format) {
    Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format);
    while (it.hasNext()) {
      ImageReader r = it.next();
      if (r.getClass().getName().startsWith("com.sun.imageio.")) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
          r.setInput(in);
          return r.read(0);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          r.dispose();
        }
      }
    }
    throw new IllegalStateException("no JDK reader for " + format);
  }

  /** An opaque sRGB image's pixels through the JDK's getRGB. */
  static RgbImage rgbOf(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] out = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = img.getRGB(x, y);
        int o = (y * w + x) * 3;
        out[o] = (byte) (p >> 16);
        out[o + 1] = (byte) (p >> 8);
        out[o + 2] = (byte) p;
      }
    }
    return new RgbImage(w, h, out);
  }

  static byte[] write(BufferedImage img, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no " + format + " writer for image type " + img.getType());
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A baseline JPEG written by the JDK's writer at {@code quality}. */
  static byte[] jpeg(BufferedImage img, float quality) {
    Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
    while (it.hasNext()) {
      ImageWriter w = it.next();
      if (!w.getClass().getName().startsWith("com.sun.imageio.")) {
        continue;
      }
      ImageWriteParam p = w.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        w.setOutput(out);
        w.write(null, new IIOImage(img, null, null), p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        w.dispose();
      }
      return bytes.toByteArray();
    }
    throw new IllegalStateException("no JDK JPEG writer");
  }

  /** Longhand 90 degree clockwise rotation: output (x, y) is input (y, h - 1 - x). */
  static RgbImage rotateClockwise(RgbImage s) {
    int w = s.width();
    int h = s.height();
    byte[] out = new byte[s.rgb().length];
    for (int y = 0; y < w; y++) {
      for (int x = 0; x < h; x++) {
        for (int c = 0; c < 3; c++) {
          out[(y * h + x) * 3 + c] = (byte) s.sample(y, h - 1 - x, c);
        }
      }
    }
    return new RgbImage(h, w, out);
  }

  /** Longhand left-right mirror. */
  static RgbImage mirror(RgbImage s) {
    int w = s.width();
    byte[] out = new byte[s.rgb().length];
    for (int y = 0; y < s.height(); y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          out[(y * w + x) * 3 + c] = (byte) s.sample(w - 1 - x, y, c);
        }
      }
    }
    return new RgbImage(w, s.height(), out);
  }

  /**
   * The upright image for EXIF orientation {@code o}, composed from mirror and clockwise turns as
   * the EXIF table describes each value (2 mirror; 3 turn 180; 4 mirror + 180; 5 mirror + 270;
   * 6 turn 90; 7 mirror + 90; 8 turn 270).
   */
  static RgbImage upright(RgbImage stored, int o) {
    RgbImage m = o == 2 || o == 4 || o == 5 || o == 7 ? mirror(stored) : stored;
    int turns = switch (o) {
      case 3, 4 -> 2;
      case 5, 8 -> 3;
      case 6, 7 -> 1;
      default -> 0;
    };
    for (int i = 0; i < turns; i++) {
      m = rotateClockwise(m);
    }
    return m;
  }

  static double meanAbsDiff(RgbImage a, RgbImage b) {
    check(a, b);
    long sum = 0;
    for (int i = 0; i < a.rgb().length; i++) {
      sum += Math.abs((a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF));
    }
    return (double) sum / a.rgb().length;
  }

  static int maxAbsDiff(RgbImage a, RgbImage b) {
    check(a, b);
    int max = 0;
    for (int i = 0; i < a.rgb().length; i++) {
      max = Math.max(max, Math.abs((a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF)));
    }
    return max;
  }

  static double psnr(RgbImage a, RgbImage b) {
    check(a, b);
    double se = 0;
    for (int i = 0; i < a.rgb().length; i++) {
      double d = (a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF);
      se += d * d;
    }
    double mse = se / a.rgb().length;
    return 10 * Math.log10(255.0 * 255.0 / mse);
  }

  private static void check(RgbImage a, RgbImage b) {
    if (a.width() != b.width() || a.height() != b.height()) {
      throw new AssertionError("sizes differ: " + a + " vs " + b);
    }
  }
}
