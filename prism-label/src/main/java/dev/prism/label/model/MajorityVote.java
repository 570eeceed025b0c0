package dev.prism.label.model;

import dev.prism.label.agreement.Plurality;
import dev.prism.label.matrix.LabelMatrix;

/**
 * Majority vote: each item's probability of class c is the share of its non-abstain votes for c;
 * an item with no votes gets the uniform distribution.
 *
 * <p><b>Tie policy.</b> Equal counts (including no votes at all) give equal probabilities, so the
 * hard label is decided by the caller's {@link TieBreak}: {@code ABSTAIN} keeps the item unlabeled,
 * {@code FIT_MAJORITY} picks the class that majority vote itself predicts most often on the fit
 * data among untied items, {@code RANDOM} a seeded per-item choice (Snorkel's scoring default).
 */
public record MajorityVote() implements LabelModel {

  @Override
  public String name() {
    return "mv";
  }

  @Override
  public FittedLabelModel fit(LabelMatrix labels) {
    int k = labels.k();
    long[] wins = new long[k];
    int[] counts = new int[k];
    char[] f = labels.features();
    for (int i = 0; i < labels.n(); i++) {
      java.util.Arrays.fill(counts, 0);
      for (int p = labels.rowStart(i); p < labels.rowStart(i + 1); p++) {
        counts[f[p] % k]++;
      }
      Plurality p = Plurality.of(counts, k);
      if (p.decided()) {
        wins[p.winner()]++;
      }
    }
    double[] share = new double[k];
    for (int c = 0; c < k; c++) {
      share[c] = wins[c];
    }
    return new Fitted(labels.m(), k, ClassConditionalModel.rankByShare(share));
  }

  /** A fitted majority vote: only the class ranking for ties is learned. */
  record Fitted(int m, int k, int[] classRank) implements FittedLabelModel {
    @Override
    public String name() {
      return "mv";
    }

    @Override
    public int[] classRank() {
      return classRank.clone();
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
        if (s == e) {
          for (int c = 0; c < k; c++) {
            probs[i * k + c] = 1.0 / k;
          }
          continue;
        }
        for (int p = s; p < e; p++) {
          probs[i * k + f[p] % k] += 1.0;
        }
        for (int c = 0; c < k; c++) {
          probs[i * k + c] /= (e - s);
        }
      }
      return new ProbabilisticLabels(n, k, probs);
    }
  }
}
