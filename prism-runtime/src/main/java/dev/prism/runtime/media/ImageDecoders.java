package dev.prism.runtime.media;

import dev.prism.core.config.Config;
import dev.prism.core.config.ConfigKey;
import dev.prism.core.image.ImageDecoder;
import dev.prism.core.image.ImageDecoderProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The image decoder the media stage uses, found with {@link ServiceLoader} like node providers:
 * the runtime never imports a codec (prism-models ships {@code SafeImageDecoder}). With no provider
 * on the class path the stage has no decoder and image items fail with a reason that says so.
 */
public final class ImageDecoders {
  private ImageDecoders() {}

  /** Providers on the class path, in discovery order; the first one decodes. */
  public static List<ImageDecoderProvider> providers() {
    return ServiceLoader.load(ImageDecoderProvider.class).stream().map(ServiceLoader.Provider::get).toList();
  }

  /** Configuration keys of the discovered decoder providers (for {@code prism config}). */
  public static List<ConfigKey<?>> configKeys() {
    List<ConfigKey<?>> keys = new ArrayList<>();
    providers().forEach(p -> keys.addAll(p.configKeys()));
    return keys;
  }

  /**
   * The first provider's decoder under {@code config}, or null when no provider is on the class
   * path. A config that was loaded without the provider's keys (a caller that gathered its keys
   * itself) gets the provider's defaults for them.
   */
  public static ImageDecoder load(Config config) {
    List<ImageDecoderProvider> found = providers();
    if (found.isEmpty()) {
      return null;
    }
    ImageDecoderProvider p = found.getFirst();
    Config c = config;
    for (ConfigKey<?> k : p.configKeys()) {
      try {
        config.get(k);
      } catch (IllegalArgumentException notPartOfIt) {
        c = Config.defaults(p.configKeys());
        break;
      }
    }
    return p.create(c);
  }

  /** The first provider's decoder with its default limits, or null. */
  public static ImageDecoder loadDefaults() {
    List<ImageDecoderProvider> found = providers();
    return found.isEmpty() ? null : found.getFirst().create(Config.defaults(found.getFirst().configKeys()));
  }
}
