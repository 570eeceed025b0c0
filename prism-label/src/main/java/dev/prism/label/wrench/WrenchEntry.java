package dev.prism.label.wrench;

/**
 * One entry of a WRENCH split file as {@link WrenchSplitReader} reads it: a usable item, or the
 * reason it is not. Whether the classes are in range is left to the caller, who knows the class
 * set (from {@code label.json}, the whole dataset, or a label store task).
 */
public sealed interface WrenchEntry {

  /** The item id (the key in the split object). */
  String id();

  /** 1-based line of the item's id in the file. */
  long line();

  /**
   * An item of the right shape.
   *
   * @param text {@code data.text}, or "" when the item has none
   * @param label the gold class, or {@code -1} when unlabelled ({@code null} or {@code -1} in the file)
   * @param weakLabels one vote per labeling function, {@code -1} = abstain, else a class index
   */
  record Item(String id, long line, String text, int label, int[] weakLabels) implements WrenchEntry {
    public Item {
      weakLabels = weakLabels.clone();
    }

    @Override
    public int[] weakLabels() {
      return weakLabels.clone();
    }
  }

  /**
   * An item that cannot be used, and why ({@code problem} does not repeat the file, line or id).
   * The reader has read past it, so the caller may skip it and go on.
   */
  record Invalid(String id, long line, String problem) implements WrenchEntry {}
}
