package dev.prism.store.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.io.CsvWriter;
import dev.prism.store.label.Label;
import dev.prism.store.label.LabelStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes a task's labels as CSV or JSONL with the columns {@code item_id, label, annotator,
 * source_kind, confidence, created_at} (the source name is in {@code annotator} whatever its kind),
 * so an export re-imports with the default mapping. Streams from the database; the file appears
 * complete or not at all (written beside the target, then moved).
 */
public final class LabelExporter {
  private static final List<String> COLUMNS = List.of(ColumnMapping.ITEM, ColumnMapping.LABEL, ColumnMapping.ANNOTATOR,
      ColumnMapping.SOURCE_KIND, ColumnMapping.CONFIDENCE, ColumnMapping.CREATED_AT);

  private final LabelStore store;
  private final ObjectMapper json = new ObjectMapper();

  public LabelExporter(LabelStore store) {
    this.store = store;
  }

  /**
   * Exports every label of {@code task} to {@code output}.
   *
   * @return the number of labels written
   * @throws IllegalArgumentException for an unknown task or a task without labels
   */
  public long export(String task, ExportFormat format, Path output) {
    store.task(task); // unknown task: precise error listing the known ones
    if (store.countLabels(task) == 0) {
      throw new IllegalArgumentException("labeling task '" + task + "' has no labels to export");
    }
    Path parent = output.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, output.getFileName().toString(), ".tmp");
      long[] count = {0};
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        if (format == ExportFormat.CSV) {
          w.write(String.join(",", COLUMNS));
          w.write('\n');
        }
        store.forEachLabel(task, label -> {
          try {
            write(w, format, label);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          count[0]++;
        });
      } catch (RuntimeException e) {
        Files.deleteIfExists(tmp);
        throw e;
      }
      Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return count[0];
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
    }
  }

  private void write(Writer w, ExportFormat format, Label l) throws IOException {
    String confidence = l.confidence() == null ? "" : Double.toString(l.confidence());
    switch (format) {
      case CSV -> {
        char d = ImportFormat.Csv.DEFAULT_DELIMITER;
        w.write(CsvWriter.quote(l.itemId(), d) + d + CsvWriter.quote(l.value(), d) + d + CsvWriter.quote(l.source().name(), d)
            + d + l.source().kind().name() + d + confidence + d + l.createdAt());
        w.write('\n');
      }
      case JSONL -> {
        ObjectNode o = json.createObjectNode();
        o.put(ColumnMapping.ITEM, l.itemId());
        o.put(ColumnMapping.LABEL, l.value());
        o.put(ColumnMapping.ANNOTATOR, l.source().name());
        o.put(ColumnMapping.SOURCE_KIND, l.source().kind().name());
        if (l.confidence() == null) {
          o.putNull(ColumnMapping.CONFIDENCE);
        } else {
          o.put(ColumnMapping.CONFIDENCE, l.confidence());
        }
        o.put(ColumnMapping.CREATED_AT, l.createdAt().toString());
        w.write(json.writeValueAsString(o));
        w.write('\n');
      }
    }
  }
}
