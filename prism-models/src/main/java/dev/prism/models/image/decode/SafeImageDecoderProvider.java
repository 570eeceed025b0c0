package dev.prism.models.image.decode;

import dev.prism.core.config.Config;
import dev.prism.core.config.ConfigKey;
import dev.prism.core.image.ImageDecoder;
import dev.prism.core.image.ImageDecoderProvider;
import java.util.List;

/** Registers {@link SafeImageDecoder} for the runtime's media stage (ServiceLoader). */
public final class SafeImageDecoderProvider implements ImageDecoderProvider {

  @Override
  public List<ConfigKey<?>> configKeys() {
    return DecodeLimits.KEYS;
  }

  @Override
  public ImageDecoder create(Config config) {
    return new SafeImageDecoder(DecodeLimits.from(config));
  }
}
