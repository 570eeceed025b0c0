package dev.prism.label.model;

import dev.prism.label.matrix.LabelMatrix;

/** A way to combine labeling-function votes into probabilistic labels without ground truth. */
public sealed interface LabelModel permits MajorityVote, DawidSkene, GenerativeLabelModel {

  String name();

  /** Fits on a label matrix; never reads gold labels. */
  FittedLabelModel fit(LabelMatrix labels);

  /** {@code mv}, {@code ds} or {@code generative} with default options. */
  static LabelModel byName(String name) {
    return switch (name) {
      case "mv" -> new MajorityVote();
      case "ds" -> new DawidSkene();
      case "generative" -> new GenerativeLabelModel();
      default -> throw new IllegalArgumentException(
          "unknown label model '" + name + "' (expected mv, ds or generative)");
    };
  }
}
