package dev.prism.label.wrench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.label.io.LabelDataException;
import dev.prism.label.matrix.LabelMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a WRENCH dataset directory. Each split file is one JSON object {@code {id: {"data": {"text":
 * …}, "label": int, "weak_labels": [m votes]}}} (-1 = abstain; a null or -1 label = unlabelled),
 * streamed item by item by {@link WrenchSplitReader} so errors name the line and id of the
 * offending item: inconsistent LF counts, labels or votes out of range, malformed JSON. Any bad item
 * fails the whole read (a dataset with holes would silently change benchmark numbers); the label
 * store's importer, which skips bad rows instead, reads the same items with the same checks.
 */
public final class WrenchReader {

  public static final String TRAIN = "train.json";
  public static final String VALID = "valid.json";
  public static final String TEST = "test.json";
  public static final String LABELS = "label.json";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private WrenchReader() {}

  /** Raw parsed split before the class count is known. */
  private record Raw(Path file, String name, List<String> ids, List<String> texts, int[] labels, List<int[]> votes,
      List<Long> lines) {}

  public static WrenchDataset read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new LabelDataException(dir, -1, null, "not a directory (expected a WRENCH dataset with train.json)");
    }
    Path trainFile = dir.resolve(TRAIN);
    if (!Files.isRegularFile(trainFile)) {
      throw new LabelDataException(trainFile, -1, null, "missing: a WRENCH dataset needs at least train.json");
    }
    Optional<List<String>> names = readLabelNames(dir.resolve(LABELS));
    Raw train = readRaw(trainFile, "train", -1);
    int m = train.votes.isEmpty() ? 0 : train.votes.get(0).length;
    Optional<Raw> valid = optional(dir.resolve(VALID), "valid", m);
    Optional<Raw> test = optional(dir.resolve(TEST), "test", m);
    int k;
    if (names.isPresent()) {
      k = names.get().size();
    } else {
      int max = 1;
      for (Raw r : List.of(train, valid.orElse(train), test.orElse(train))) {
        for (int y : r.labels) {
          max = Math.max(max, y);
        }
        for (int[] v : r.votes) {
          for (int x : v) {
            max = Math.max(max, x);
          }
        }
      }
      k = max + 1;
    }
    List<String> classNames = names.orElseGet(() -> {
      List<String> l = new ArrayList<>();
      for (int c = 0; c < k; c++) {
        l.add(Integer.toString(c));
      }
      return l;
    });
    return new WrenchDataset(dir, classNames, m, toSplit(train, m, k), valid.map(r -> toSplit(r, m, k)),
        test.map(r -> toSplit(r, m, k)));
  }

  private static Optional<Raw> optional(Path file, String name, int m) {
    return Files.isRegularFile(file) ? Optional.of(readRaw(file, name, m)) : Optional.empty();
  }

  private static WrenchSplit toSplit(Raw r, int m, int k) {
    if (m == 0) {
      throw new LabelDataException(r.file, -1, null, "no labeling functions: weak_labels is empty");
    }
    LabelMatrix.Builder b = new LabelMatrix.Builder(m, k, r.ids.size());
    for (int i = 0; i < r.ids.size(); i++) {
      int y = r.labels[i];
      if (y >= k) {
        throw new LabelDataException(r.file, r.lines.get(i), r.ids.get(i),
            "label " + y + " is outside the " + k + " classes [0, " + k + ")");
      }
      int[] v = r.votes.get(i);
      for (int j = 0; j < m; j++) {
        if (v[j] >= k) {
          throw new LabelDataException(r.file, r.lines.get(i), r.ids.get(i),
              "weak_labels[" + j + "] = " + v[j] + " is outside the " + k + " classes (and -1 = abstain)");
        }
      }
      b.addRow(v);
    }
    return new WrenchSplit(r.name, r.ids, r.texts, r.labels, b.build());
  }

  /**
   * The class names of a {@code label.json} ({@code {"0": "HAM", "1": "SPAM"}}): keys are the class
   * indices 0..k-1, each once, k >= 2. Empty when the file does not exist.
   *
   * @throws LabelDataException when it exists but is malformed, unreadable or not such an object
   */
  public static Optional<List<String>> readLabelNames(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw malformed(file, e);
    } catch (IOException e) {
      throw new LabelDataException(file, -1, null, "cannot read: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject() || root.isEmpty()) {
      throw new LabelDataException(file, 1, null, "expected a non-empty object {\"0\": \"NAME\", …}");
    }
    String[] names = new String[root.size()];
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      int c;
      try {
        c = Integer.parseInt(e.getKey());
      } catch (NumberFormatException ex) {
        throw new LabelDataException(file, -1, null, "key '" + e.getKey() + "' is not a class index");
      }
      if (c < 0 || c >= names.length || names[c] != null) {
        throw new LabelDataException(file, -1, null,
            "class indices must be 0.." + (names.length - 1) + " each once; got '" + e.getKey() + "'");
      }
      names[c] = e.getValue().asText();
    }
    if (names.length < 2) {
      throw new LabelDataException(file, -1, null, "a label set needs at least 2 classes, got " + names.length);
    }
    return Optional.of(List.of(names));
  }

  private static LabelDataException malformed(Path file, JsonProcessingException e) {
    return WrenchSplitReader.malformed(file, e);
  }

  /**
   * @param m expected LF count, or -1 to take it from the first item
   */
  private static Raw readRaw(Path file, String name, int m) {
    List<String> ids = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    List<int[]> votes = new ArrayList<>();
    List<Long> lines = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    try (WrenchSplitReader r = WrenchSplitReader.open(file, m, TRAIN)) {
      for (WrenchEntry e = r.next(); e != null; e = r.next()) {
        switch (e) {
          case WrenchEntry.Invalid bad -> throw new LabelDataException(file, bad.line(), bad.id(), bad.problem());
          case WrenchEntry.Item item -> {
            ids.add(item.id());
            texts.add(item.text());
            votes.add(item.weakLabels());
            labels.add(item.label());
            lines.add(item.line());
          }
        }
      }
    } catch (IOException e) {
      throw new LabelDataException(file, -1, null, "cannot read: " + e.getMessage(), e);
    }
    if (ids.isEmpty()) {
      throw new LabelDataException(file, 1, null, "no items");
    }
    return new Raw(file, name, ids, texts, labels.stream().mapToInt(Integer::intValue).toArray(), votes, lines);
  }
}
