package dev.prism.label.model;

import dev.prism.label.matrix.LabelMatrix;

/**
 * The generative label model: the same parameters as Snorkel's LabelModel (MeTaL), μ_{j,v,c} =
 * P(λ_j = v | Y = c) with the abstain mass 1 − Σ_v μ, and the same posterior, P(Y = c | λ) ∝ π_c
 * Π_{j: λ_j ≠ abstain} μ_{j, λ_j, c}: an abstention is treated as carrying no evidence about the
 * class. It is fit by EM on that posterior (maximising the likelihood of the votes that were cast)
 * instead of Snorkel's matrix completion by SGD; exact duplicate LFs are merged before fitting and
 * correlated pairs are reported. See the module README for the derivation and why ignoring
 * abstentions at inference beats the full likelihood on real LFs.
 *
 * <p>The class balance is uniform by default (Snorkel's default); learned or given are options.
 */
public record GenerativeLabelModel(FitOptions options) implements LabelModel {

  public GenerativeLabelModel() {
    this(FitOptions.defaults(new ClassBalance.Uniform()));
  }

  @Override
  public String name() {
    return "generative";
  }

  @Override
  public ClassConditionalModel fit(LabelMatrix labels) {
    return ClassConditionalModel.fit(name(), labels, options, false);
  }
}
