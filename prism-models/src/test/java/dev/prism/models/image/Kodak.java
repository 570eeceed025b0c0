package dev.prism.models.image;

import dev.prism.core.image.DecodedImage;
import dev.prism.core.image.RgbImage;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The 24 Kodak photographs (test resources, see kodak/README.md) and the edits the tests apply to
 * them. The edits use Java2D and ImageIO (another resampler and a real JPEG codec), never the code
 * under test.
 */
public final class Kodak {
  public static final int COUNT = 24;

  private Kodak() {}

  public static String name(int i) {
    return String.format("kodim%02d.png", i + 1);
  }

  public static byte[] bytes(int i) {
    try (InputStream in = Kodak.class.getResourceAsStream("/kodak/" + name(i))) {
      if (in == null) {
        throw new IllegalStateException("test resource /kodak/" + name(i) + " missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static BufferedImage image(int i) {
    return decode(bytes(i));
  }

  public static List<BufferedImage> all() {
    List<BufferedImage> out = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      out.add(image(i));
    }
    return out;
  }

  public static BufferedImage decode(byte[] bytes) {
    try {
      BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
      if (img == null) {
        throw new IllegalStateException("ImageIO cannot read these bytes");
      }
      return img;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RgbImage rgb(BufferedImage img) {
    return rgbOf(img);
  }

  public static DecodedImage decoded(BufferedImage img, long encodedBytes) {
    return DecodedImage.of(rgb(img), "png", encodedBytes);
  }

  /** JPEG bytes from ImageIO's writer at {@code quality} in [0, 1] (baseline, 4:2:0). */
  public static byte[] jpeg(BufferedImage img, float quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality);
      writer.write(null, new IIOImage(toIntRgb(img), null, null), p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  public static BufferedImage toIntRgb(BufferedImage img) {
    if (img.getType() == BufferedImage.TYPE_INT_RGB) {
      return img;
    }
    BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
    out.getGraphics().drawImage(img, 0, 0, null);
    return out;
  }

  /** Bilinear (Java2D) resize by {@code factor}. */
  public static BufferedImage resize(BufferedImage img, double factor) {
    int w = (int) Math.round(img.getWidth() * factor);
    int h = (int) Math.round(img.getHeight() * factor);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    var g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(img, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  /** The sub-image from fractions {@code left, top} of the size, {@code keepW x keepH} of it kept. */
  public static BufferedImage crop(BufferedImage img, double left, double top, double keepW, double keepH) {
    int x = (int) Math.round(img.getWidth() * left);
    int y = (int) Math.round(img.getHeight() * top);
    int w = (int) Math.round(img.getWidth() * keepW);
    int h = (int) Math.round(img.getHeight() * keepH);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.getGraphics().drawImage(img.getSubimage(x, y, w, h), 0, 0, null);
    return out;
  }

  /** Every channel mapped to {@code clamp(round(v * scale + offset))}. */
  public static BufferedImage exposure(BufferedImage img, double scale, double offset) {
    int w = img.getWidth();
    int h = img.getHeight();
    int[] px = img.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < px.length; i++) {
      int p = px[i];
      px[i] = (adjust((p >>> 16) & 0xFF, scale, offset) << 16) | (adjust((p >>> 8) & 0xFF, scale, offset) << 8)
          | adjust(p & 0xFF, scale, offset);
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, w, h, px, 0, w);
    return out;
  }

  private static int adjust(int v, double scale, double offset) {
    return (int) Math.max(0, Math.min(255, Math.round(v * scale + offset)));
  }

  /** Separable Gaussian blur of every channel (kernel radius 3 sigma, edges clamped). */
  public static BufferedImage gaussianBlur(BufferedImage img, double sigma) {
    int radius = (int) Math.ceil(3 * sigma);
    double[] k = new double[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      k[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
      sum += k[i + radius];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    int w = img.getWidth();
    int h = img.getHeight();
    double[][] ch = new double[3][w * h];
    int[] px = img.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < px.length; i++) {
      ch[0][i] = (px[i] >>> 16) & 0xFF;
      ch[1][i] = (px[i] >>> 8) & 0xFF;
      ch[2][i] = px[i] & 0xFF;
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[][] res = new int[3][];
    for (int c = 0; c < 3; c++) {
      double[] tmp = new double[w * h];
      double[] src = ch[c];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double s = 0;
          for (int i = -radius; i <= radius; i++) {
            s += k[i + radius] * src[y * w + Math.max(0, Math.min(w - 1, x + i))];
          }
          tmp[y * w + x] = s;
        }
      }
      res[c] = new int[w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double s = 0;
          for (int i = -radius; i <= radius; i++) {
            s += k[i + radius] * tmp[Math.max(0, Math.min(h - 1, y + i)) * w + x];
          }
          res[c][y * w + x] = (int) Math.max(0, Math.min(255, Math.round(s)));
        }
      }
    }
    for (int i = 0; i < w * h; i++) {
      px[i] = (res[0][i] << 16) | (res[1][i] << 8) | res[2][i];
    }
    out.setRGB(0, 0, w, h, px, 0, w);
    return out;
  }

  /** The pixels of {@code img} as 8-bit RGB via the JDK's own colour conversion (alpha dropped). */
  public static dev.prism.core.image.RgbImage rgbOf(java.awt.image.BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] rgb = new byte[w * h * 3];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      img.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0, j = y * w * 3; x < w; x++, j += 3) {
        int p = row[x];
        rgb[j] = (byte) (p >>> 16);
        rgb[j + 1] = (byte) (p >>> 8);
        rgb[j + 2] = (byte) p;
      }
    }
    return new dev.prism.core.image.RgbImage(w, h, rgb);
  }
}
