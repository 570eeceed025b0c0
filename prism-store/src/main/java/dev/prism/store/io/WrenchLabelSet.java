package dev.prism.store.io;

import dev.prism.label.wrench.WrenchReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The label set named by the {@code label.json} beside a WRENCH split ({@code {"0": "HAM", "1":
 * "SPAM"}}), for creating a task on import. Parsing is prism-label's {@link
 * WrenchReader#readLabelNames}; this only finds the file.
 */
public final class WrenchLabelSet {
  /** The file beside a WRENCH split that names its classes. */
  public static final String FILE_NAME = WrenchReader.LABELS;

  private WrenchLabelSet() {}

  /**
   * The label set in the {@code label.json} beside {@code split}, if there is one.
   *
   * @throws dev.prism.label.io.LabelDataException when that file is unreadable or malformed (the
   *     message names the file and, for malformed JSON, the line)
   */
  public static Optional<List<String>> besides(Path split) {
    Path parent = split.toAbsolutePath().getParent();
    return WrenchReader.readLabelNames(parent == null ? Path.of(FILE_NAME) : parent.resolve(FILE_NAME));
  }
}
