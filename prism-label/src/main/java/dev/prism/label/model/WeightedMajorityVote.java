package dev.prism.label.model;

import dev.prism.label.matrix.LabelMatrix;

/**
 * Weighted majority vote. WRENCH's {@code MajorityWeightedVoting} (its "WMV") weights each vote for
 * class c by the class balance π_c (taken from the labelled valid split when there is one): with a
 * uniform balance it is plain majority vote. Optionally every LF's vote is also weighted by {@code
 * lfWeights[j]} (e.g. the log-odds of its accuracy on a labelled dev set).
 *
 * @param balance the class weights π (must be {@link ClassBalance.Given} or {@link
 *     ClassBalance.Uniform}; a learned balance has nothing to learn from here)
 * @param lfWeights one non-negative weight per LF, or null for all 1
 */
public record WeightedMajorityVote(ClassBalance balance, double[] lfWeights) implements LabelModel {

  public WeightedMajorityVote {
    if (balance instanceof ClassBalance.Learned) {
      throw new IllegalArgumentException("weighted majority vote needs a given or uniform class balance, not learned");
    }
    if (lfWeights != null) {
      for (int j = 0; j < lfWeights.length; j++) {
        if (!(lfWeights[j] >= 0) || !Double.isFinite(lfWeights[j])) {
          throw new IllegalArgumentException("LF weight " + j + " = " + lfWeights[j] + " must be finite and >= 0");
        }
      }
      lfWeights = lfWeights.clone();
    }
  }

  public WeightedMajorityVote(ClassBalance balance) {
    this(balance, null);
  }

  @Override
  public String name() {
    return "wmv";
  }

  @Override
  public FittedLabelModel fit(LabelMatrix labels) {
    if (lfWeights != null && lfWeights.length != labels.m()) {
      throw new IllegalArgumentException("got " + lfWeights.length + " LF weights for " + labels.m() + " LFs");
    }
    double[] cw = switch (balance) {
      case ClassBalance.Given g -> {
        if (g.p().length != labels.k()) {
          throw new IllegalArgumentException("class balance has " + g.p().length + " classes, the matrix has " + labels.k());
        }
        yield g.p();
      }
      case ClassBalance.Uniform u -> null;
      case ClassBalance.Learned l -> throw new IllegalStateException("rejected in the constructor");
    };
    return MajorityVote.fitWeighted(name(), labels, lfWeights, cw);
  }
}
