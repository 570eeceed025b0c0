package dev.prism.learn.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MulticlassMetricsTest {

  /** Probability rows whose argmax is {@code pred}, with the given top probability. */
  private static double[][] rows(int[] pred, double[] top, int k) {
    double[][] p = new double[pred.length][k];
    for (int i = 0; i < pred.length; i++) {
      for (int c = 0; c < k; c++) {
        p[i][c] = c == pred[i] ? top[i] : (1 - top[i]) / (k - 1);
      }
    }
    return p;
  }

  @Test
  void confusionMatrixMatchesScikitLearnsDocumentedExample() {
    // scikit-learn confusion_matrix docs: y_true = [2, 0, 2, 2, 0, 1], y_pred = [0, 0, 2, 2, 0, 2]
    // -> [[2, 0, 0], [0, 0, 1], [1, 0, 2]].
    int[] gold = {2, 0, 2, 2, 0, 1};
    int[] pred = {0, 0, 2, 2, 0, 2};
    MulticlassMetrics m = MulticlassMetrics.of(rows(pred, new double[] {0.9, 0.9, 0.9, 0.9, 0.9, 0.9}, 3), gold);
    assertThat(m.confusion()).isDeepEqualTo(new int[][] {{2, 0, 0}, {0, 0, 1}, {1, 0, 2}});
    assertThat(m.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
    // By hand: class 0 P = 2/3 R = 1 F1 = 0.8; class 1 none found, F1 0; class 2 P = 2/3 R = 2/3.
    assertThat(m.f1()).containsExactly(new double[] {0.8, 0, 2.0 / 3}, within(1e-12));
    assertThat(m.macroF1()).isCloseTo((0.8 + 2.0 / 3) / 3, within(1e-12));
    assertThat(m.support()).containsExactly(2, 1, 3);
  }

  @Test
  void logLossAndTopLabelEceByHand() {
    // Two items, k = 3. Item 0: p = (0.7, 0.2, 0.1), gold 0 (right, confidence 0.7, bin [0.667, 0.733)).
    // Item 1: p = (0.2, 0.5, 0.3), gold 2 (wrong, confidence 0.5, bin [0.467, 0.533)).
    // ECE = 1/2 |0.7 - 1| + 1/2 |0.5 - 0| = 0.15 + 0.25 = 0.4; log-loss = -(ln 0.7 + ln 0.3) / 2.
    MulticlassMetrics m = MulticlassMetrics.of(new double[][] {{0.7, 0.2, 0.1}, {0.2, 0.5, 0.3}}, new int[] {0, 2});
    assertThat(m.ece()).isCloseTo(0.4, within(1e-12));
    assertThat(m.logLoss()).isCloseTo(-(Math.log(0.7) + Math.log(0.3)) / 2, within(1e-12));
  }

  @Test
  void badInputIsRejectedWithTheRow() {
    assertThatThrownBy(() -> MulticlassMetrics.of(new double[][] {{0.5, 0.5}}, new int[] {2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("gold label 2 at row 0 outside [0, 2)");
  }
}
