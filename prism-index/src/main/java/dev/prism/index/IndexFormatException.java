package dev.prism.index;

import java.io.IOException;

/**
 * An index directory that cannot be opened as the index asked for: a missing or unreadable
 * manifest, an unknown format version, a manifest that disagrees with the Lucene segments, corrupt
 * segment files, or an index of another signal, dimension or metric than expected. The message
 * names the directory and the mismatch; nothing on disk is changed.
 */
public final class IndexFormatException extends IOException {
  public IndexFormatException(String message) {
    super(message);
  }

  public IndexFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
