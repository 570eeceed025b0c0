package dev.prism.label.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void macroF1MatchesScikitLearnsDocumentedExample() {
    // scikit-learn f1_score docs: y_true = [0, 1, 2, 0, 1, 2], y_pred = [0, 2, 1, 0, 0, 1]:
    // average=None -> [0.8, 0, 0], average="macro" -> 0.26666...
    Metrics m = Metrics.of(new int[] {0, 1, 2, 0, 1, 2}, new int[] {0, 2, 1, 0, 0, 1}, 1, 3);
    assertThat(m.classF1()).containsExactly(new double[] {0.8, 0, 0}, within(1e-12));
    assertThat(m.macroF1()).isCloseTo(0.8 / 3, within(1e-12));
    assertThat(m.accuracy()).isCloseTo(2.0 / 6, within(1e-12));
    // class 0: predicted 3 times, right twice (P = 2/3); 2 true, both found (R = 1).
    assertThat(m.classPrecision()[0]).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(m.classRecall()[0]).isEqualTo(1.0);
    assertThat(m.classSupport()).containsExactly(2, 2, 2);
    assertThat(m.get(EvalMetric.MACRO_F1)).isEqualTo(m.macroF1());
  }

  @Test
  void metricChoiceFollowsWrench() {
    // 13 % positive (an imbalanced spam task) -> F1; 47 % -> accuracy; 9 classes -> accuracy.
    int[] imbalanced = new int[100];
    for (int i = 0; i < 13; i++) {
      imbalanced[i] = 1;
    }
    assertThat(EvalMetric.defaultFor(2, imbalanced, 1)).isEqualTo(EvalMetric.F1_POSITIVE);
    int[] balanced = new int[100];
    for (int i = 0; i < 47; i++) {
      balanced[i] = 1;
    }
    assertThat(EvalMetric.defaultFor(2, balanced, 1)).isEqualTo(EvalMetric.ACCURACY);
    assertThat(EvalMetric.defaultFor(9, imbalanced, 1)).isEqualTo(EvalMetric.ACCURACY);
    assertThat(EvalMetric.parse("f1")).isEqualTo(EvalMetric.F1_POSITIVE);
    assertThatThrownBy(() -> EvalMetric.parse("auc")).hasMessageContaining("acc, f1 or macro_f1");
  }

  @Test
  void weightedMajorityVoteWeighsVotesByClassBalance() {
    // WRENCH's WMV: one vote for class 0 (weight 0.8) against two for class 1 (0.15 each): 0 wins.
    var l = dev.prism.label.matrix.LabelMatrix.ofDense(new int[][] {{0, 1, 1}}, 3, 2);
    FittedLabelModel wmv = new WeightedMajorityVote(new ClassBalance.Given(new double[] {0.8, 0.2})).fit(l);
    assertThat(wmv.predictProba(l).row(0)).containsExactly(new double[] {0.8 / 1.2, 0.4 / 1.2}, within(1e-12));
    FittedLabelModel lfWeighted = new WeightedMajorityVote(new ClassBalance.Uniform(), new double[] {3, 1, 1}).fit(l);
    assertThat(lfWeighted.predictProba(l).row(0)).containsExactly(new double[] {0.6, 0.4}, within(1e-12));
    assertThatThrownBy(() -> new WeightedMajorityVote(new ClassBalance.Learned()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not learned");
  }
}
