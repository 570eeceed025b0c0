package dev.prism.label.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prism.label.matrix.LabelMatrix;
import dev.prism.label.synth.SyntheticLabels;
import org.junit.jupiter.api.Test;

/** Label models recover the LF accuracies a synthetic matrix was generated with. */
class SyntheticRecoveryTest {

  /**
   * 20k items, coverage ≥ 0.05: each LF casts ≥ ~1,000 votes, so the sampling standard error of an
   * accuracy is ≤ ~0.016; 0.03 leaves room for EM's own error without hiding a wrong estimator.
   */
  private static final double TOLERANCE = 0.03;

  private static double maxError(double[] est, double[] truth) {
    double max = 0;
    for (int j = 0; j < truth.length; j++) {
      assertThat(est[j]).as("LF %d estimate", j).isNotNaN();
      max = Math.max(max, Math.abs(est[j] - truth[j]));
    }
    return max;
  }

  @Test
  void generativeRecoversBinaryAccuracies() {
    SyntheticLabels s = SyntheticLabels.generate(20_000, 20, 2, 11);
    ClassConditionalModel g = new GenerativeLabelModel().fit(s.labels());
    assertThat(maxError(g.lfAccuracies(), s.accuracy())).isLessThan(TOLERANCE);
    assertThat(g.estimatedClassBalance()[0]).isCloseTo(0.5, within(0.02));
    // It also labels well: better than the best single LF's accuracy on the items it covers.
    Metrics mt = Metrics.of(s.trueLabels(), g.predict(s.labels(), TieBreak.FIT_MAJORITY, 1), 1);
    Metrics mv = Metrics.of(s.trueLabels(), new MajorityVote().fit(s.labels()).predict(s.labels(),
        TieBreak.FIT_MAJORITY, 1), 1);
    assertThat(mt.accuracy()).isGreaterThan(mv.accuracy());
  }

  @Test
  void dawidSkeneRecoversThreeClassAccuracies() {
    SyntheticLabels s = SyntheticLabels.generate(20_000, 20, 3, 5);
    ClassConditionalModel ds = new DawidSkene().fit(s.labels());
    assertThat(maxError(ds.lfAccuracies(), s.accuracy())).isLessThan(TOLERANCE);
    ClassConditionalModel g = new GenerativeLabelModel().fit(s.labels());
    assertThat(maxError(g.lfAccuracies(), s.accuracy())).isLessThan(TOLERANCE);
  }

  @Test
  void exactDuplicateLfIsDetectedAndNotCountedTwice() {
    SyntheticLabels s = SyntheticLabels.generate(5_000, 8, 2, 3);
    LabelMatrix l = s.labels();
    int[][] rows = new int[l.n()][];
    for (int i = 0; i < l.n(); i++) {
      int[] r = l.row(i);
      rows[i] = java.util.Arrays.copyOf(r, 9);
      rows[i][8] = r[2]; // LF 8 duplicates LF 2
    }
    LabelMatrix dup = LabelMatrix.ofDense(rows, 9, 2);
    ClassConditionalModel withDup = new GenerativeLabelModel().fit(dup);
    ClassConditionalModel without = new GenerativeLabelModel().fit(l);
    assertThat(withDup.dependencies())
        .contains(new LfDependency(2, 8, LfDependency.Kind.DUPLICATE, 1.0, -1, -1));
    // Merged before fitting: the posteriors are exactly those of the model without the copy.
    assertThat(withDup.predictProba(dup).probs()).containsExactly(without.predictProba(l).probs());
    assertThat(withDup.lfAccuracies()[8]).isEqualTo(withDup.lfAccuracies()[2]);
  }

  @Test
  void independentSyntheticLfsAreNotFlaggedAsCorrelated() {
    SyntheticLabels s = SyntheticLabels.generate(20_000, 10, 2, 9);
    ClassConditionalModel g = new GenerativeLabelModel().fit(s.labels());
    assertThat(g.dependencies()).isEmpty();
  }

  @Test
  void injectedCorrelatedPairIsReported() {
    // LF 9 copies LF 4's vote on 80 % of the items LF 4 votes on (a near-duplicate rule, e.g. two
    // keyword lists that share most words); otherwise it keeps its own independent vote.
    SyntheticLabels s = SyntheticLabels.generate(20_000, 10, 2, 21);
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(99);
    int[][] rows = new int[s.labels().n()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = s.labels().row(i);
      if (rows[i][4] != LabelMatrix.ABSTAIN && rnd.nextDouble() < 0.8) {
        rows[i][9] = rows[i][4];
      }
    }
    ClassConditionalModel g = new GenerativeLabelModel().fit(LabelMatrix.ofDense(rows, 10, 2));
    assertThat(g.dependencies()).isNotEmpty();
    LfDependency strongest = g.dependencies().get(0);
    assertThat(strongest.kind()).isEqualTo(LfDependency.Kind.CORRELATED);
    assertThat(new int[] {strongest.lfA(), strongest.lfB()}).containsExactly(4, 9);
    assertThat(strongest.residualCorrelation()).isGreaterThan(ClassConditionalModel.CORRELATION_REPORT_THRESHOLD);
  }

  @Test
  void givenAndLearnedClassBalanceAreUsed() {
    SyntheticLabels s = SyntheticLabels.generate(5_000, 10, 2, 4);
    ClassConditionalModel given = new GenerativeLabelModel(
        FitOptions.defaults(new ClassBalance.Given(new double[] {0.8, 0.2}))).fit(s.labels());
    assertThat(given.classBalance()).containsExactly(new double[] {0.8, 0.2}, within(1e-12));
    ClassConditionalModel learned = new GenerativeLabelModel(
        FitOptions.defaults(new ClassBalance.Learned())).fit(s.labels());
    // The generator's balance is uniform; a learned prior must find it.
    assertThat(learned.classBalance()[0]).isCloseTo(0.5, within(0.03));
  }

  @Test
  void tripletMethodRecoversAccuraciesInClosedForm() {
    // The generator is the triplet model's own (one accuracy per LF, wrong classes uniform).
    for (int k : new int[] {2, 4}) {
      SyntheticLabels s = SyntheticLabels.generate(20_000, 20, k, 13);
      ClassConditionalModel fs = new TripletModel().fit(s.labels());
      assertThat(maxError(fs.lfAccuracies(), s.accuracy())).as("k=%d", k).isLessThan(TOLERANCE);
    }
  }

  @Test
  void matrixCompletionLabelsBetterThanMajorityVote() {
    SyntheticLabels s = SyntheticLabels.generate(20_000, 20, 3, 17);
    FittedLabelModel metal = new MatrixCompletionModel().fit(s.labels());
    Metrics mt = Metrics.of(s.trueLabels(), metal.predict(s.labels(), TieBreak.HASH, 1), 1, 3);
    Metrics mv = Metrics.of(s.trueLabels(), new MajorityVote().fit(s.labels()).predict(s.labels(), TieBreak.HASH, 1), 1, 3);
    assertThat(mt.accuracy()).isGreaterThan(mv.accuracy());
  }

  @Test
  void tenClassesDoNotCollapse() {
    SyntheticLabels s = SyntheticLabels.generate(20_000, 30, 10, 23);
    Metrics mv = Metrics.of(s.trueLabels(), new MajorityVote().fit(s.labels()).predict(s.labels(), TieBreak.HASH, 1), 1, 10);
    for (LabelModel lm : java.util.List.of(new GenerativeLabelModel(), new DawidSkene(), new MatrixCompletionModel(),
        new TripletModel())) {
      Metrics mt = Metrics.of(s.trueLabels(), lm.fit(s.labels()).predict(s.labels(), TieBreak.HASH, 1), 1, 10);
      assertThat(mt.accuracy()).as(lm.name()).isGreaterThanOrEqualTo(mv.accuracy() - 0.01);
    }
  }

  @Test
  void aVoteNeverSeenInFittingIsNoEvidence() {
    // LF 0 only ever votes 0 while fitting; on new data it votes 1. Every model must still give a
    // distribution, and for the EM models that vote must not move it (same as LF 0 abstaining).
    int a = LabelMatrix.ABSTAIN;
    int[][] fitRows = new int[300][];
    for (int i = 0; i < fitRows.length; i++) {
      int y = i % 2;
      fitRows[i] = new int[] {y == 0 && i % 4 == 0 ? 0 : a, y, i % 3 == 0 ? 1 - y : y};
    }
    LabelMatrix fit = LabelMatrix.ofDense(fitRows, 3, 2);
    LabelMatrix unseen = LabelMatrix.ofDense(new int[][] {{1, 0, 0}}, 3, 2);
    LabelMatrix abstaining = LabelMatrix.ofDense(new int[][] {{a, 0, 0}}, 3, 2);
    for (LabelModel lm : java.util.List.of(new GenerativeLabelModel(), new DawidSkene(), new MatrixCompletionModel(),
        new TripletModel(), new MajorityVote())) {
      double[] p = lm.fit(fit).predictProba(unseen).row(0);
      assertThat(p[0] + p[1]).as(lm.name()).isCloseTo(1.0, within(1e-9));
      assertThat(p[0]).as(lm.name()).isNotNaN();
    }
    FittedLabelModel g = new GenerativeLabelModel().fit(fit);
    assertThat(g.predictProba(unseen).row(0)[0]).isCloseTo(g.predictProba(abstaining).row(0)[0], within(1e-6));
  }
}
