package dev.prism.label.model;

import dev.prism.label.matrix.LabelMatrix;

/**
 * Dawid and Skene (1979) EM with one full confusion matrix per labeling function. Abstaining is
 * modelled as one more response category, P(abstain | Y = c): without it a single-polarity LF
 * (every tutorial LF) would carry no information at all, because over its non-abstain votes it
 * always says the same thing. The class balance is learned and there is no prior on the tables
 * by default, as in the original: with abstain as a category, pseudo-votes shift the abstain mass
 * that dominates the likelihood of sparse LFs, and measured on semeval they hurt (see
 * LABEL_MODELS.md); they stay a hyperparameter of the selection on valid.
 */
public record DawidSkene(FitOptions options) implements LabelModel {

  public DawidSkene() {
    this(FitOptions.defaults(new ClassBalance.Learned(), FitOptions.Parameterization.CONFUSION).withPriorStrength(0));
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
