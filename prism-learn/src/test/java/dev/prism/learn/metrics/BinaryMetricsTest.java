package dev.prism.learn.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryMetricsTest {
  // scikit-learn documentation example for roc_auc_score and average_precision_score
  private static final ScoredLabels SK = ScoredLabels.of(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1});

  @Test
  void rocAucMatchesScikitLearnDocExample() {
    assertThat(BinaryMetrics.compute(SK, 0.5).get(Metric.ROC_AUC)).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void averagePrecisionMatchesScikitLearnDocExample() {
    // sklearn: average_precision_score([0,0,1,1],[0.1,0.4,0.35,0.8]) = 0.8333...
    assertThat(BinaryMetrics.compute(SK, 0.5).get(Metric.PR_AUC)).isCloseTo(5.0 / 6.0, within(1e-12));
  }

  @Test
  void tiesCountHalfInRocAucAndShareAThresholdInAveragePrecision() {
    // positives {0.5, 0.9}, negatives {0.5, 0.2}: pairs 0.5 (tie) + 1 + 1 + 1 = 3.5 of 4
    ScoredLabels d = ScoredLabels.of(new double[] {0.5, 0.5, 0.2, 0.9}, new int[] {0, 1, 0, 1});
    Map<Metric, Double> m = BinaryMetrics.compute(d, 0.5);
    assertThat(m.get(Metric.ROC_AUC)).isCloseTo(0.875, within(1e-12));
    // thresholds 0.9 (R .5, P 1), 0.5 (R 1, P 2/3): AP = .5·1 + .5·2/3
    assertThat(m.get(Metric.PR_AUC)).isCloseTo(0.5 + 1.0 / 3.0, within(1e-12));
  }

  @Test
  void allTiedScoresGiveChanceAuc() {
    ScoredLabels d = ScoredLabels.of(new double[] {0.3, 0.3, 0.3, 0.3}, new int[] {0, 1, 0, 1});
    assertThat(BinaryMetrics.compute(d, 0.5).get(Metric.ROC_AUC)).isEqualTo(0.5);
  }

  @Test
  void logLossMatchesScikitLearnDocExample() {
    // sklearn: log_loss(["spam","ham","ham","spam"], [[.1,.9],[.9,.1],[.8,.2],[.35,.65]]) = 0.21616...
    ScoredLabels d = ScoredLabels.of(new double[] {0.9, 0.1, 0.2, 0.65}, new int[] {1, 0, 0, 1});
    double expected = -(Math.log(0.9) + Math.log(0.9) + Math.log(0.8) + Math.log(0.65)) / 4;
    assertThat(BinaryMetrics.compute(d, 0.5).get(Metric.LOG_LOSS)).isCloseTo(expected, within(1e-12)).isCloseTo(0.21616, within(1e-5));
  }

  @Test
  void brierMatchesScikitLearnDocExample() {
    // sklearn: brier_score_loss([0,1,1,0], [0.1,0.9,0.8,0.3]) = 0.0375
    ScoredLabels d = ScoredLabels.of(new double[] {0.1, 0.9, 0.8, 0.3}, new int[] {0, 1, 1, 0});
    assertThat(BinaryMetrics.compute(d, 0.5).get(Metric.BRIER)).isCloseTo(0.0375, within(1e-12));
  }

  @Test
  void eceByHand() {
    // one item per bin: |y - p| = 0.1, 0.8, 0.2, 0.1 → mean 0.3
    ScoredLabels d = ScoredLabels.of(new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {0, 1, 1, 1});
    assertThat(BinaryMetrics.compute(d, 0.5).get(Metric.ECE)).isCloseTo(0.3, within(1e-12));
    // two items in one bin average before the absolute value: bin [0.6, 0.667): mean p 0.62, mean y 0.5
    ScoredLabels same = ScoredLabels.of(new double[] {0.61, 0.63}, new int[] {0, 1});
    assertThat(BinaryMetrics.compute(same, 0.5).get(Metric.ECE)).isCloseTo(0.12, within(1e-12));
  }

  @Test
  void thresholdMetricsByHand() {
    Map<Metric, Double> m = BinaryMetrics.compute(SK, 0.5);
    // only 0.8 is predicted positive: TP 1, FP 0, FN 1, TN 2
    assertThat(m.get(Metric.ACCURACY)).isEqualTo(0.75);
    assertThat(m.get(Metric.PRECISION)).isEqualTo(1.0);
    assertThat(m.get(Metric.RECALL)).isEqualTo(0.5);
    assertThat(m.get(Metric.F1)).isCloseTo(2.0 / 3.0, within(1e-12));
    Confusion c = BinaryMetrics.confusion(SK, SK.unitWeights(), 0.35);
    assertThat(List.of(c.tp(), c.fp(), c.tn(), c.fn())).containsExactly(2.0, 1.0, 1.0, 0.0);
  }

  @Test
  void undefinedMetricsAreNaNNotZero() {
    ScoredLabels onlyNeg = ScoredLabels.of(new double[] {0.2, 0.7}, new int[] {0, 0});
    Map<Metric, Double> m = BinaryMetrics.compute(onlyNeg, 0.5);
    assertThat(m.get(Metric.ROC_AUC)).isNaN();
    assertThat(m.get(Metric.PR_AUC)).isNaN();
    assertThat(m.get(Metric.RECALL)).isNaN();
    assertThat(m.get(Metric.PRECISION)).isEqualTo(0.0);
  }

  @Test
  void weightsActLikeRepeatedItems() {
    double[] s = {0.1, 0.4, 0.35, 0.8};
    int[] y = {0, 0, 1, 1};
    double[] w = {2, 1, 3, 1};
    ScoredLabels expanded = ScoredLabels.of(new double[] {0.1, 0.1, 0.4, 0.35, 0.35, 0.35, 0.8}, new int[] {0, 0, 0, 1, 1, 1, 1});
    double[] a = BinaryMetrics.computeArray(ScoredLabels.of(s, y), w, 0.5);
    double[] b = BinaryMetrics.computeArray(expanded, expanded.unitWeights(), 0.5);
    for (int j = 0; j < a.length; j++) {
      assertThat(a[j]).as(Metric.values()[j].key()).isCloseTo(b[j], within(1e-12));
    }
  }

  @Test
  void rocAucEqualsPairCountingOnRandomData() {
    Random r = new Random(3);
    int n = 300;
    double[] s = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(2);
      s[i] = Math.round((0.3 * y[i] + 0.7 * r.nextDouble()) * 20) / 20.0; // coarse → many ties
    }
    double pairs = 0;
    double wins = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (y[i] == 1 && y[j] == 0) {
          pairs++;
          wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
        }
      }
    }
    assertThat(BinaryMetrics.compute(ScoredLabels.of(s, y), 0.5).get(Metric.ROC_AUC)).isCloseTo(wins / pairs, within(1e-12));
  }

  @Test
  void targetPrecisionPicksLowestQualifyingThreshold() {
    // thresholds: 0.8 → P 1 (R .5); 0.4 → P .5; 0.35 → P 2/3 (R 1); 0.1 → P .5
    Optional<ThresholdTable.Row> r = ThresholdTable.forTargetPrecision(SK, 0.6);
    assertThat(r).isPresent();
    assertThat(r.get().threshold()).isEqualTo(0.35);
    assertThat(r.get().recall()).isEqualTo(1.0);
    assertThat(ThresholdTable.forTargetPrecision(SK, 0.9).get().threshold()).isEqualTo(0.8);
    ScoredLabels bad = ScoredLabels.of(new double[] {0.9, 0.1}, new int[] {0, 1});
    assertThat(ThresholdTable.forTargetPrecision(bad, 0.6)).isEmpty();
  }

  @Test
  void thresholdGridHasNineteenRows() {
    List<ThresholdTable.Row> rows = ThresholdTable.grid(SK, ThresholdTable.DEFAULT_STEP);
    assertThat(rows).hasSize(19);
    assertThat(rows.get(0).threshold()).isEqualTo(0.05);
    assertThat(rows.get(18).threshold()).isEqualTo(0.95);
    assertThat(rows.get(6).tp() + rows.get(6).fn()).isEqualTo(2);
  }

  @Test
  void curvesEndWhereTheyShould() {
    List<Curves.RocPoint> roc = Curves.roc(SK);
    assertThat(roc.get(0).fpr()).isZero();
    assertThat(roc.get(roc.size() - 1).fpr()).isEqualTo(1.0);
    assertThat(roc.get(roc.size() - 1).tpr()).isEqualTo(1.0);
    // trapezoids under the ROC points reproduce the AUC
    double area = 0;
    for (int i = 1; i < roc.size(); i++) {
      area += (roc.get(i).fpr() - roc.get(i - 1).fpr()) * (roc.get(i).tpr() + roc.get(i - 1).tpr()) / 2;
    }
    assertThat(area).isCloseTo(0.75, within(1e-12));
    List<Curves.ReliabilityBin> rel = Curves.reliability(SK);
    assertThat(rel).hasSize(BinaryMetrics.ECE_BINS);
    assertThat(rel.stream().mapToInt(Curves.ReliabilityBin::count).sum()).isEqualTo(4);
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> ScoredLabels.of(new double[] {1.2}, new int[] {1})).hasMessageContaining("row 0 is 1.2");
    assertThatThrownBy(() -> ScoredLabels.of(new double[] {0.2}, new int[] {2})).hasMessageContaining("need 0 or 1");
  }
}
