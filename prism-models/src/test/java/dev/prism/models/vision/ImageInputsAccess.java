package dev.prism.models.vision;

import dev.prism.core.image.RgbImage;
import dev.prism.core.item.MediaRef;

/** Test access to the decoding image nodes use for inline bytes (the safe decoder). */
public final class ImageInputsAccess {
  private ImageInputsAccess() {}

  public static RgbImage decode(MediaRef.Inline inline) throws ImageInputs.NoImage {
    return ImageInputs.pixels(inline);
  }
}
