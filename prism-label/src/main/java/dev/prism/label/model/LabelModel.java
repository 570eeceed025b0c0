package dev.prism.label.model;

import dev.prism.label.matrix.LabelMatrix;

/** A way to combine labeling-function votes into probabilistic labels without ground truth. */
public sealed interface LabelModel
    permits MajorityVote, WeightedMajorityVote, DawidSkene, GenerativeLabelModel, MatrixCompletionModel, TripletModel {

  String name();

  /** Fits on a label matrix; never reads gold labels. */
  FittedLabelModel fit(LabelMatrix labels);

  /**
   * {@code mv}, {@code wmv}, {@code ds}, {@code generative}, {@code metal} or {@code flyingsquid}
   * with default options and the given class balance where the model takes one (majority vote
   * ignores it; Dawid–Skene keeps its learned default unless {@code balance} is given).
   */
  static LabelModel byName(String name, ClassBalance balance) {
    ClassBalance known = balance instanceof ClassBalance.Learned ? new ClassBalance.Uniform() : balance;
    return switch (name) {
      case "mv" -> new MajorityVote();
      case "wmv" -> new WeightedMajorityVote(known);
      case "ds" -> balance instanceof ClassBalance.Given ? new DawidSkene(new DawidSkene().options().withBalance(balance))
          : new DawidSkene();
      case "generative" -> new GenerativeLabelModel(FitOptions.defaults(balance));
      case "metal" -> new MatrixCompletionModel(known);
      case "flyingsquid" -> new TripletModel(known);
      default -> throw new IllegalArgumentException(
          "unknown label model '" + name + "' (expected mv, wmv, ds, generative, metal or flyingsquid)");
    };
  }
}
