package dev.prism.models.vision;

import dev.prism.core.image.RgbImage;
import dev.prism.core.item.MediaRef;
import dev.prism.models.image.ItemImage;

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

  /**
   * The item's pixels, or {@link NoImage} naming why there are none. One rule for every image node
   * ({@link ItemImage#of}): stray inline bytes are decoded by the same safe decoder as the media stage.
   */
  public static RgbImage pixels(MediaRef ref) throws NoImage {
    return switch (ItemImage.of(ref)) {
      case ItemImage.Present p -> p.image().pixels();
      case ItemImage.Missing m -> throw new NoImage(m.reason());
    };
  }
}
