package dev.prism.store.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a WRENCH dataset's {@code label.json} ({@code {"0": "HAM", "1": "SPAM"}}) into an ordered label set. */
public final class WrenchLabelSet {
  /** The file beside a WRENCH split that names its classes. */
  public static final String FILE_NAME = "label.json";

  private WrenchLabelSet() {}

  /** The label set in the {@code label.json} beside {@code split}, if there is one. */
  public static Optional<List<String>> besides(Path split) {
    Path parent = split.toAbsolutePath().getParent();
    Path file = parent == null ? Path.of(FILE_NAME) : parent.resolve(FILE_NAME);
    return Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
  }

  /** The values of a {@code label.json}, by their int key 0..k-1; gaps are a precise error. */
  public static List<String> read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject() || root.isEmpty()) {
      throw new IllegalArgumentException(file + ": expected an object {\"0\": \"NAME\", \"1\": …}");
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode v = root.get(Integer.toString(i));
      if (v == null || !v.isTextual()) {
        throw new IllegalArgumentException(file + ": class " + i + " has no name (keys must be 0.." + (root.size() - 1) + ")");
      }
      values.add(v.asText());
    }
    return values;
  }
}
