package dev.prism.learn.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BootstrapTest {

  private static ScoredLabels data(long seed, int n, double noise) {
    Random r = new Random(seed);
    double[] s = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(2);
      s[i] = Math.min(1, Math.max(0, 0.5 + (y[i] == 1 ? 0.2 : -0.2) + noise * r.nextGaussian()));
    }
    return ScoredLabels.of(s, y);
  }

  @Test
  void quantileIsNumpyLinear() {
    double[] v = {1, 2, 3, 4};
    assertThat(Bootstrap.quantile(v, 0.25)).isEqualTo(1.75); // numpy.quantile([1,2,3,4], .25)
    assertThat(Bootstrap.quantile(v, 0.5)).isEqualTo(2.5);
    assertThat(Bootstrap.quantile(v, 1.0)).isEqualTo(4.0);
  }

  @Test
  void sameSeedSameIntervalsDifferentSeedDifferent() {
    ScoredLabels d = data(1, 300, 0.25);
    Map<Metric, Interval> a = new Bootstrap(300, 0.95, 5).intervals(d, 0.5);
    Map<Metric, Interval> b = new Bootstrap(300, 0.95, 5).intervals(d, 0.5);
    Map<Metric, Interval> c = new Bootstrap(300, 0.95, 6).intervals(d, 0.5);
    assertThat(a).isEqualTo(b);
    assertThat(a.get(Metric.ROC_AUC).low()).isNotEqualTo(c.get(Metric.ROC_AUC).low());
  }

  @Test
  void accuracyIntervalMatchesNormalApproximation() {
    ScoredLabels d = data(2, 400, 0.25);
    Interval acc = new Bootstrap(2000, 0.95, 11).intervals(d, 0.5).get(Metric.ACCURACY);
    double p = acc.value();
    double halfWidth = 1.96 * Math.sqrt(p * (1 - p) / 400); // Wald interval as an independent reference
    assertThat(acc.low()).isLessThan(p);
    assertThat(acc.high()).isGreaterThan(p);
    assertThat((acc.high() - acc.low()) / 2).isCloseTo(halfWidth, within(0.15 * halfWidth));
    assertThat(acc.resamples()).isEqualTo(2000);
  }

  @Test
  void pairedDifferenceOfAModelWithItselfIsExactlyZero() {
    ScoredLabels d = data(3, 200, 0.3);
    Map<Metric, PairedDifference> m = new Bootstrap(200, 0.95, 1).paired(d, d, 0.5, 0.5);
    for (PairedDifference x : m.values()) {
      if (Double.isNaN(x.diff())) {
        continue;
      }
      assertThat(x.diff()).isZero();
      assertThat(x.low()).isZero();
      assertThat(x.high()).isZero();
      assertThat(x.pValue()).isEqualTo(1.0);
    }
  }

  @Test
  void pairedBootstrapDetectsAClearlyBetterModel() {
    Random r = new Random(4);
    int n = 400;
    int[] y = new int[n];
    double[] weak = new double[n];
    double[] strong = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(2);
      double sign = y[i] == 1 ? 1 : -1;
      double e = r.nextGaussian();
      weak[i] = 1 / (1 + Math.exp(-(0.3 * sign + e)));
      strong[i] = 1 / (1 + Math.exp(-(2.5 * sign + e)));
    }
    // this = the strong model, other = the weak one: differences are strong − weak
    Map<Metric, PairedDifference> m = new Bootstrap(500, 0.95, 9)
        .paired(ScoredLabels.of(strong, y), ScoredLabels.of(weak, y), 0.5, 0.5);
    assertThat(m.get(Metric.ROC_AUC).thisSignificantlyBetter()).isTrue();
    assertThat(m.get(Metric.ACCURACY).low()).isGreaterThan(0);
    assertThat(m.get(Metric.LOG_LOSS).thisSignificantlyBetter()).isTrue(); // lower is better
    assertThat(m.get(Metric.LOG_LOSS).diff()).isNegative();
    assertThat(m.get(Metric.ROC_AUC).pValue()).isLessThan(0.01);
    double strongAuc = BinaryMetrics.compute(ScoredLabels.of(strong, y), 0.5).get(Metric.ROC_AUC);
    double weakAuc = BinaryMetrics.compute(ScoredLabels.of(weak, y), 0.5).get(Metric.ROC_AUC);
    assertThat(m.get(Metric.ROC_AUC).thisValue()).isEqualTo(strongAuc);
    assertThat(m.get(Metric.ROC_AUC).otherValue()).isEqualTo(weakAuc);
    assertThat(m.get(Metric.ROC_AUC).diff()).isEqualTo(strongAuc - weakAuc);
    // the other way round, every sign flips and so does the verdict
    Map<Metric, PairedDifference> back = new Bootstrap(500, 0.95, 9)
        .paired(ScoredLabels.of(weak, y), ScoredLabels.of(strong, y), 0.5, 0.5);
    assertThat(back.get(Metric.ROC_AUC).diff()).isEqualTo(weakAuc - strongAuc);
    assertThat(back.get(Metric.ROC_AUC).thisSignificantlyWorse()).isTrue();
    assertThat(back.get(Metric.ROC_AUC).high()).isEqualTo(-m.get(Metric.ROC_AUC).low(), within(1e-12));
  }

  @Test
  void resamplesWithoutPositivesAreLeftOutOfTheAucInterval() {
    // 1 positive among 20: about (19/20)^20 ≈ 36 % of replicates have no positive
    double[] s = new double[20];
    int[] y = new int[20];
    for (int i = 0; i < 20; i++) {
      s[i] = i / 20.0;
    }
    y[19] = 1;
    Interval auc = new Bootstrap(1000, 0.95, 2).intervals(ScoredLabels.of(s, y), 0.5).get(Metric.ROC_AUC);
    assertThat(auc.resamples()).isBetween(550, 750);
    assertThat(auc.value()).isEqualTo(1.0);
  }
}
