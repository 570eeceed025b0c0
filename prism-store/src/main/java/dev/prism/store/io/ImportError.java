package dev.prism.store.io;

import java.nio.file.Path;

/**
 * A problem with one row (or, at line 0, with the whole file).
 *
 * @param line 1-based line the row starts on; 0 when the file as a whole is at fault
 */
public record ImportError(Path file, long line, String message) {
  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
  }
}
