package dev.prism.core.image;

import dev.prism.core.config.Config;
import dev.prism.core.config.ConfigKey;
import java.util.List;

/**
 * Builds the {@link ImageDecoder} from configuration; found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.prism.core.image.ImageDecoderProvider}).
 */
public interface ImageDecoderProvider {

  /** Configuration keys the decoder reads (limits), documented in {@code prism config}. */
  List<ConfigKey<?>> configKeys();

  /** The decoder under {@code config}; throws {@link IllegalArgumentException} naming a bad key. */
  ImageDecoder create(Config config);
}
