package dev.prism.label.model;

import dev.prism.label.matrix.LabelMatrix;

/**
 * Dawid and Skene (1979) EM with one full confusion matrix per labeling function. Abstaining is
 * modelled as one more response category, P(abstain | Y = c): without it a single-polarity LF
 * (every tutorial LF) would carry no information at all, because over its non-abstain votes it
 * always says the same thing. The class balance is learned by default, as in the original.
 */
public record DawidSkene(FitOptions options) implements LabelModel {

  public DawidSkene() {
    this(FitOptions.defaults(new ClassBalance.Learned(), FitOptions.Parameterization.CONFUSION));
  }

  @Override
  public String name() {
    return "ds";
  }

  @Override
  public ClassConditionalModel fit(LabelMatrix labels) {
    return ClassConditionalModel.fit(name(), labels, options, true);
  }
}
