package dev.prism.label.model;

import dev.prism.label.matrix.LabelMatrix;

/**
 * Majority vote: each item's probability of class c is the share of its non-abstain votes for c;
 * an item with no votes gets the uniform distribution. This is WRENCH's {@code MajorityVoting}
 * exactly, so with {@link TieBreak#HASH} it scores what WRENCH publishes.
 *
 * <p><b>Tie policy.</b> Equal counts (including no votes at all) give equal probabilities, so the
 * hard label is decided by the caller's {@link TieBreak}: {@code HASH} (default, WRENCH's rule),
 * {@code ABSTAIN} keeps the item unlabeled, {@code FIT_MAJORITY} picks the class that majority vote
 * itself predicts most often on the fit data among untied items, {@code PRIOR} the same here (its
 * prior is that share), {@code RANDOM} a seeded per-item choice. See {@link WeightedMajorityVote}
 * for weighted votes.
 */
public record MajorityVote() implements LabelModel {

  @Override
  public String name() {
    return "mv";
  }

  @Override
  public FittedLabelModel fit(LabelMatrix labels) {
    return fitWeighted(name(), labels, null, null);
  }

  /**
   * Fits a (weighted) vote: LF j's vote for c counts {@code lfWeight[j] * classWeight[c]} (null =
   * all 1). The class ranking for ties is the share of untied winners on the fit data.
   */
  static FittedLabelModel fitWeighted(String name, LabelMatrix labels, double[] lfWeight, double[] classWeight) {
    int k = labels.k();
    Fitted f = new Fitted(name, labels.m(), k, ClassConditionalModel.identity(k), uniform(k), lfWeight, classWeight);
    ProbabilisticLabels p = f.predictProba(labels);
    int[] pred = p.predict(TieBreak.ABSTAIN, f.classRank, 0);
    double[] share = new double[k];
    double decided = 0;
    for (int y : pred) {
      if (y >= 0) {
        share[y]++;
        decided++;
      }
    }
    double[] prior = new double[k];
    for (int c = 0; c < k; c++) {
      // Laplace-smoothed so that a class no untied item wins keeps a non-zero prior.
      prior[c] = (share[c] + 1) / (decided + k);
    }
    return new Fitted(name, labels.m(), k, ClassConditionalModel.rankByShare(share), prior, lfWeight, classWeight);
  }

  private static double[] uniform(int k) {
    double[] p = new double[k];
    java.util.Arrays.fill(p, 1.0 / k);
    return p;
  }

  /** A fitted (weighted) majority vote: only the class ranking for ties is learned. */
  record Fitted(String name, int m, int k, int[] classRank, double[] classPrior, double[] lfWeight,
      double[] classWeight) implements FittedLabelModel {
    @Override
    public int[] classRank() {
      return classRank.clone();
    }

    @Override
    public double[] classPrior() {
      return classPrior.clone();
    }

    @Override
    public ProbabilisticLabels predictProba(LabelMatrix labels) {
      checkCompatible(labels);
      int n = labels.n();
      double[] probs = new double[n * k];
      char[] f = labels.features();
      for (int i = 0; i < n; i++) {
        int s = labels.rowStart(i);
        int e = labels.rowStart(i + 1);
        double z = 0;
        for (int p = s; p < e; p++) {
          int v = f[p] % k;
          double w = (lfWeight == null ? 1.0 : lfWeight[f[p] / k]) * (classWeight == null ? 1.0 : classWeight[v]);
          probs[i * k + v] += w;
          z += w;
        }
        if (z <= 0) {
          // No votes (or only zero-weight ones): every class equally likely, as in WRENCH.
          for (int c = 0; c < k; c++) {
            probs[i * k + c] = 1.0 / k;
          }
          continue;
        }
        for (int c = 0; c < k; c++) {
          probs[i * k + c] /= z;
        }
      }
      return new ProbabilisticLabels(n, k, probs);
    }
  }
}
