package dev.prism.core.item;

import dev.prism.core.image.DecodedImage;
import java.net.URI;
import java.util.Objects;

/**
 * An item's media (an image today) as it travels through Prism. Readers produce {@link Inline},
 * {@link LocalPath} or {@link Remote}; the runtime's media stage, which runs before the graph and
 * never on a model worker, turns every reference into {@link Inline} bytes (or {@link Decoded}
 * pixels when the run has image nodes) or {@link Unavailable} with the reason. Nodes only ever read
 * {@link Inline} or {@link Decoded}, so a node never touches the file system or the network.
 */
public sealed interface MediaRef {

  /** Short form for logs and errors (never the bytes). */
  String describe();

  /** No media. */
  record None() implements MediaRef {
    @Override
    public String describe() {
      return "none";
    }
  }

  /** The media's bytes (sent inline as base64, or resolved from a path or URL). */
  record Inline(byte[] bytes, String source) implements MediaRef {
    public Inline {
      Objects.requireNonNull(bytes, "bytes");
      source = source == null ? "inline" : source;
    }

    @Override
    public String describe() {
      return source + " (" + bytes.length + " bytes)";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Inline i && java.util.Arrays.equals(bytes, i.bytes) && source.equals(i.source);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(bytes) * 31 + source.hashCode();
    }

    @Override
    public String toString() {
      return "Inline[" + describe() + "]";
    }
  }

  /**
   * Decoded pixels (the media stage's output when the run has image nodes): decoding happens once
   * per item, on the media stage's threads, and every image node reads the same pixels.
   */
  record Decoded(DecodedImage image, String source) implements MediaRef {
    public Decoded {
      Objects.requireNonNull(image, "image");
      source = source == null ? "inline" : source;
    }

    @Override
    public String describe() {
      return source + " (" + image.format() + " " + image.width() + "x" + image.height() + ", " + image.encodedBytes() + " bytes)";
    }
  }

  /** A file path, resolved only under the configured media roots. */
  record LocalPath(String path) implements MediaRef {
    public LocalPath {
      if (path == null || path.isBlank()) {
        throw new IllegalArgumentException("media path must not be empty");
      }
    }

    @Override
    public String describe() {
      return "path " + path;
    }
  }

  /** A URL, fetched only when URL media is enabled and its host is allowed. */
  record Remote(URI url) implements MediaRef {
    public Remote {
      Objects.requireNonNull(url, "url");
    }

    /** The URL without its user-info part, so credentials never reach logs or error messages. */
    @Override
    public String describe() {
      if (url.getRawUserInfo() == null) {
        return "url " + url;
      }
      try {
        return "url " + new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), url.getQuery(), null);
      } catch (java.net.URISyntaxException e) {
        return "url " + url.getScheme() + "://" + url.getHost() + "/...";
      }
    }
  }

  /** Resolution failed; image signals of this item fail with {@code reason}, others are computed. */
  record Unavailable(String what, String reason) implements MediaRef {
    @Override
    public String describe() {
      return what + ": " + reason;
    }
  }

  MediaRef NONE = new None();
}
