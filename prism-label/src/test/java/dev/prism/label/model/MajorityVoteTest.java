package dev.prism.label.model;

import static dev.prism.label.matrix.LabelMatrix.ABSTAIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.label.matrix.LabelMatrix;
import org.junit.jupiter.api.Test;

class MajorityVoteTest {

  private static final int A = ABSTAIN;

  @Test
  void probabilitiesAndTiePolicies() {
    LabelMatrix l = LabelMatrix.ofDense(new int[][] {
      {1, 1, 0}, // 2:1 for class 1 over class 0
      {0, A, A}, // class 0
      {0, 1, A}, // tie 0/1
      {A, A, A}, // no votes: tie among all
      {2, 2, 1}, // class 2
      {2, A, A}, // class 2
    }, 3, 3);
    FittedLabelModel mv = new MajorityVote().fit(l);
    ProbabilisticLabels p = mv.predictProba(l);
    assertThat(p.row(0)).containsExactly(1.0 / 3, 2.0 / 3, 0.0);
    assertThat(p.row(3)).containsExactly(1.0 / 3, 1.0 / 3, 1.0 / 3);
    // Untied winners on the fit data: class 1 once, 0 once, 2 twice -> rank 2, 0, 1.
    assertThat(mv.classRank()).containsExactly(2, 0, 1);
    assertThat(mv.predict(l, TieBreak.ABSTAIN, 0)).containsExactly(1, 0, A, A, 2, 2);
    // Row 2's tie is {0, 1}: the higher-ranked of those is 0; row 3 ties all: 2.
    assertThat(mv.predict(l, TieBreak.FIT_MAJORITY, 0)).containsExactly(1, 0, 0, 2, 2, 2);
    // HASH (WRENCH): row 2 ties {0, 1}, sha1("2") % 2 = 0 -> 0; row 3 ties {0, 1, 2}, sha1("3") % 3 = 1
    // -> 1 (values from Python's hashlib, see WrenchReproductionTest).
    assertThat(mv.predict(l, TieBreak.HASH, 0)).containsExactly(1, 0, 0, 1, 2, 2);
    // PRIOR: majority vote's prior is the Laplace-smoothed share of untied wins, (2, 2, 3) / 7, so
    // class 2 first, then 0 before 1 by index.
    assertThat(mv.classPrior()).containsExactly(new double[] {2.0 / 7, 2.0 / 7, 3.0 / 7},
        org.assertj.core.data.Offset.offset(1e-12));
    assertThat(mv.predict(l, TieBreak.PRIOR, 0)).containsExactly(1, 0, 0, 2, 2, 2);
    int[] r1 = mv.predict(l, TieBreak.RANDOM, 7);
    assertThat(r1).isEqualTo(mv.predict(l, TieBreak.RANDOM, 7));
    assertThat(r1[2]).isIn(0, 1);
  }

  @Test
  void rejectsMatrixOfOtherShape() {
    LabelMatrix l = LabelMatrix.ofDense(new int[][] {{0, 1}}, 2, 2);
    LabelMatrix other = LabelMatrix.ofDense(new int[][] {{0, 1, 1}}, 3, 2);
    FittedLabelModel mv = new MajorityVote().fit(l);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> mv.predictProba(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fit on 2 LFs and 2 classes, got a matrix with 3 LFs");
  }

  @Test
  void metricsByHand() {
    // gold 1 1 0 0 ; pred 1 0 1 -1 : 1 correct, tp=1 fp=1 fn=1 -> P = R = F1 = 0.5, 1 abstained.
    Metrics m = Metrics.of(new int[] {1, 1, 0, 0}, new int[] {1, 0, 1, A}, 1);
    assertThat(m.accuracy()).isEqualTo(0.25);
    assertThat(m.f1()).isEqualTo(0.5);
    assertThat(m.abstained()).isEqualTo(1);
  }
}
