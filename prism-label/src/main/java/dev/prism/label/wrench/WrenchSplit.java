package dev.prism.label.wrench;

import dev.prism.label.matrix.LabelMatrix;
import java.util.List;

/**
 * One split of a WRENCH dataset.
 *
 * @param name {@code train}, {@code valid} or {@code test}
 * @param ids item ids in file order
 * @param texts {@code data.text} per item ("" when the item has no text field)
 * @param labels gold label per item ({@code -1} when the file has none)
 * @param weakLabels the LF votes, n × m
 */
public record WrenchSplit(String name, List<String> ids, List<String> texts, int[] labels, LabelMatrix weakLabels) {

  public WrenchSplit {
    ids = List.copyOf(ids);
    texts = List.copyOf(texts);
    if (ids.size() != texts.size() || ids.size() != labels.length || ids.size() != weakLabels.n()) {
      throw new IllegalArgumentException("split " + name + ": ids, texts, labels and weak labels differ in length");
    }
  }

  public int size() {
    return ids.size();
  }

  @Override
  public int[] labels() {
    return labels.clone();
  }
}
