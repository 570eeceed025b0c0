package dev.prism.models.image;

import dev.prism.core.image.DecodedImage;
import dev.prism.core.image.ImageDecodeException;
import dev.prism.core.item.MediaRef;
import dev.prism.models.image.decode.DecodeLimits;
import dev.prism.models.image.decode.SafeImageDecoder;
import java.util.Objects;

/**
 * What an image node gets from an item's {@link MediaRef}: the decoded image, or the per-item
 * reason it has none. Nodes fail only that item with the reason; the batch goes on.
 */
public sealed interface ItemImage {

  /** Reason for an item that carries no image at all. */
  String NO_IMAGE = "item has no image";

  /** Stateless and thread-safe: one instance for every node. */
  SafeImageDecoder DEFAULT_DECODER = new SafeImageDecoder(DecodeLimits.DEFAULTS);

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
   * here (see {@link #decodeInline}); {@link MediaRef.Unavailable}
   * passes the media stage's reason through; no image, or a reference the media stage never resolved,
   * is a missing image with a reason saying which.
   */
  static ItemImage of(MediaRef media) {
    return switch (media) {
      case MediaRef.Decoded d -> new Present(d.image());
      case MediaRef.Inline in -> decodeInline(in);
      case MediaRef.Unavailable u -> new Missing(u.describe());
      case MediaRef.None n -> new Missing(NO_IMAGE);
      case MediaRef.LocalPath p -> new Missing("image not resolved: " + p.describe() + " (the media stage did not run)");
      case MediaRef.Remote r -> new Missing("image not resolved: " + r.describe() + " (the media stage did not run)");
    };
  }

  /**
   * Decodes bytes that reached a node undecoded: the graph was run directly, without the runtime's
   * media stage (a library user, a test). The same safe decoder and default limits as the media
   * stage, so no path around the limits exists; in {@code prism score} and {@code prism serve}
   * images arrive decoded and this is never called.
   */
  static ItemImage decodeInline(MediaRef.Inline inline) {
    try {
      return new Present(DEFAULT_DECODER.decode(inline.bytes()));
    } catch (ImageDecodeException e) {
      return new Missing("cannot decode image " + inline.describe() + ": " + e.getMessage());
    }
  }
}
