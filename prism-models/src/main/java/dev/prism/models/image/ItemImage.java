package dev.prism.models.image;

import dev.prism.core.image.DecodedImage;
import dev.prism.core.image.RgbImage;
import dev.prism.core.item.MediaRef;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Objects;

/**
 * What an image node gets from an item's {@link MediaRef}: the decoded image, or the per-item
 * reason it has none. Nodes fail only that item with the reason; the batch goes on.
 */
public sealed interface ItemImage {

  /** Reason for an item that carries no image at all. */
  String NO_IMAGE = "item has no image";

  /** The item's decoded image. */
  record Present(DecodedImage image) implements ItemImage {
    public Present {
      Objects.requireNonNull(image, "image");
    }
  }

  /** The item has no usable image; {@code reason} is what the item's signal fails with. */
  record Missing(String reason) implements ItemImage {
    public Missing {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The image of {@code media}: {@link MediaRef.Decoded} as is; {@link MediaRef.Inline} bytes decoded
   * here (until the safe decoder lands, see {@link #decodeInlineInterim}); {@link MediaRef.Unavailable}
   * passes the media stage's reason through; no image, or a reference the media stage never resolved,
   * is a missing image with a reason saying which.
   */
  static ItemImage of(MediaRef media) {
    return switch (media) {
      case MediaRef.Decoded d -> new Present(d.image());
      case MediaRef.Inline in -> decodeInlineInterim(in);
      case MediaRef.Unavailable u -> new Missing(u.describe());
      case MediaRef.None n -> new Missing(NO_IMAGE);
      case MediaRef.LocalPath p -> new Missing("image not resolved: " + p.describe() + " (the media stage did not run)");
      case MediaRef.Remote r -> new Missing("image not resolved: " + r.describe() + " (the media stage did not run)");
    };
  }

  /**
   * INTERIM — the one place image nodes decode bytes themselves: plain {@link javax.imageio.ImageIO},
   * with no limits on size or pixel count and no EXIF orientation. The safe decoder
   * ({@code dev.prism.models.image.decode}) replaces this method when it lands; nothing else in the
   * image signals touches encoded bytes.
   */
  static ItemImage decodeInlineInterim(MediaRef.Inline inline) {
    BufferedImage img;
    try {
      img = javax.imageio.ImageIO.read(new ByteArrayInputStream(inline.bytes()));
    } catch (IOException | RuntimeException e) {
      return new Missing("cannot decode image " + inline.describe() + ": " + e.getMessage());
    }
    if (img == null) {
      return new Missing("cannot decode image " + inline.describe() + ": not a format ImageIO reads");
    }
    return new Present(DecodedImage.of(rgbOf(img), "unknown", inline.bytes().length));
  }

  /** The pixels of {@code img} as 8-bit RGB (alpha, if any, is dropped). */
  static RgbImage rgbOf(BufferedImage img) {
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
    return new RgbImage(w, h, rgb);
  }
}
