package dev.prism.label.youtube;

import dev.prism.label.io.CsvTable;
import dev.prism.label.lf.LfInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw YouTube Spam Collection CSVs arranged in the Snorkel tutorial / WRENCH split, via
 * snorkel_tutorial_split_derived.csv (split, position_in_split = WRENCH id, source_file,
 * row_in_file = 0-based data row).
 */
public final class YoutubeData {

  public static final Path DATASETS = Path.of("..", "datasets");
  public static final Path CSV_DIR = DATASETS.resolve("youtube_spam_collection");
  public static final Path WRENCH_DIR = DATASETS.resolve("wrench_youtube");

  /** One split: inputs whose item ids are the WRENCH ids, and the CSV's CLASS labels. */
  public record Split(List<LfInput> inputs, int[] labels) {}

  private YoutubeData() {}

  public static Split split(String name) {
    CsvTable index = CsvTable.read(CSV_DIR.resolve("snorkel_tutorial_split_derived.csv"));
    Map<String, CsvTable> files = new HashMap<>();
    List<LfInput> inputs = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    int cSplit = index.column("snorkel_split");
    int cPos = index.column("position_in_split");
    int cFile = index.column("source_file");
    int cRow = index.column("row_in_file");
    for (List<String> r : index.rows()) {
      if (!r.get(cSplit).equals(name)) {
        continue;
      }
      CsvTable t = files.computeIfAbsent(r.get(cFile), f -> CsvTable.read(CSV_DIR.resolve(f)));
      List<String> row = t.rows().get(Integer.parseInt(r.get(cRow)));
      inputs.add(LfInput.ofText(r.get(cPos), row.get(t.column("CONTENT"))));
      labels.add(Integer.parseInt(row.get(t.column("CLASS"))));
    }
    return new Split(inputs, labels.stream().mapToInt(Integer::intValue).toArray());
  }
}
