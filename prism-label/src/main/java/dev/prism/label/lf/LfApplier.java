package dev.prism.label.lf;

import dev.prism.label.matrix.LabelMatrix;
import java.util.List;

/** Applies labeling functions to a batch of items, producing the label matrix. */
public final class LfApplier {

  private LfApplier() {}

  /**
   * Votes of every LF on every input, in order. Throws naming the LF and item when a vote is not
   * {@link LabelingFunction#ABSTAIN} or a class in {@code [0, k)}, or when an LF throws.
   */
  public static LabelMatrix apply(List<? extends LabelingFunction> lfs, List<LfInput> inputs, int k) {
    if (lfs.isEmpty()) {
      throw new IllegalArgumentException("no labeling functions to apply");
    }
    LabelMatrix.Builder b = new LabelMatrix.Builder(lfs.size(), k, inputs.size());
    int[] row = new int[lfs.size()];
    for (LfInput in : inputs) {
      for (int j = 0; j < row.length; j++) {
        LabelingFunction lf = lfs.get(j);
        int v;
        try {
          v = lf.vote(in.item(), in.signals());
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(
              "labeling function '" + lf.name() + "' failed on item " + in.item().id() + ": " + e.getMessage(), e);
        }
        if (v < LabelingFunction.ABSTAIN || v >= k) {
          throw new IllegalArgumentException("labeling function '" + lf.name() + "' voted " + v + " on item "
              + in.item().id() + ", outside -1 (abstain) and [0, " + k + ")");
        }
        row[j] = v;
      }
      b.addRow(row);
    }
    return b.build();
  }
}
