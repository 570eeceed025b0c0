package dev.prism.models.vision;

import dev.prism.core.image.RgbImage;
import dev.prism.core.item.MediaRef;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * The pixels an image node reads from an item's {@link MediaRef}: {@link MediaRef.Decoded} from the
 * media stage; anything else fails that item with a reason (the caller fails only that item).
 */
public final class ImageInputs {
  private ImageInputs() {}

  /** Why an item has no pixels; the node fails that item with the message. */
  public static final class NoImage extends Exception {
    public NoImage(String message) {
      super(message);
    }
  }

  /** The item's pixels, or {@link NoImage} naming why there are none. */
  public static RgbImage pixels(MediaRef ref) throws NoImage {
    return switch (ref) {
      case MediaRef.Decoded d -> d.image().pixels();
      case MediaRef.Inline i -> decodeInlineInterim(i);
      case MediaRef.None n -> throw new NoImage("item has no image");
      case MediaRef.Unavailable u -> throw new NoImage("image unavailable: " + u.describe());
      case MediaRef.LocalPath p -> throw new NoImage("image " + p.describe() + " was not resolved by the media stage");
      case MediaRef.Remote r -> throw new NoImage("image " + r.describe() + " was not resolved by the media stage");
    };
  }

  /**
   * INTERIM, to be replaced by the safe decoder ({@code dev.prism.models.image.decode}) at merge:
   * decodes inline bytes with plain {@code javax.imageio.ImageIO} (no size or pixel limits, no
   * EXIF orientation). Alpha is composited over white, as the core {@link RgbImage} contract says.
   */
  static RgbImage decodeInlineInterim(MediaRef.Inline inline) throws NoImage {
    BufferedImage img;
    try {
      img = javax.imageio.ImageIO.read(new ByteArrayInputStream(inline.bytes()));
    } catch (IOException | RuntimeException e) {
      throw new NoImage("cannot decode image " + inline.describe() + ": " + e.getMessage());
    }
    if (img == null) {
      throw new NoImage("cannot decode image " + inline.describe() + ": not a format ImageIO reads");
    }
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] rgb = new byte[w * h * 3];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      img.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int argb = row[x];
        int a = argb >>> 24;
        int o = (y * w + x) * 3;
        for (int c = 0; c < 3; c++) {
          int v = (argb >> (16 - 8 * c)) & 0xFF;
          rgb[o + c] = (byte) (a == 255 ? v : (v * a + 255 * (255 - a) + 127) / 255);
        }
      }
    }
    return new RgbImage(w, h, rgb);
  }
}
