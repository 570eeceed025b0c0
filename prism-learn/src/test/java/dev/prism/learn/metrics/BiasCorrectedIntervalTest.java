package dev.prism.learn.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bias-corrected percentile bootstrap interval and the normal distribution behind it. */
class BiasCorrectedIntervalTest {

  /** Values from Python 3's statistics.NormalDist (an independent implementation). */
  @Test
  void normalCdfAndQuantileMatchPython() {
    assertThat(StandardNormal.cdf(0)).isEqualTo(0.5);
    assertThat(StandardNormal.cdf(1.96)).isCloseTo(0.9750021048517796, within(1e-14));
    assertThat(StandardNormal.cdf(-3.3281)).isCloseTo(0.00043720236642441623, within(1e-14));
    assertThat(StandardNormal.cdf(-0.0383)).isCloseTo(0.4847242453938409, within(1e-14));
    assertThat(StandardNormal.cdf(-5)).isCloseTo(2.8665157186802404e-07, within(1e-16));
    assertThat(StandardNormal.quantile(0.2)).isCloseTo(-0.8416212335729142, within(1e-12));
    assertThat(StandardNormal.quantile(0.975)).isCloseTo(1.9599639845400536, within(1e-12));
    assertThat(StandardNormal.quantile(0.05)).isCloseTo(-1.6448536269514726, within(1e-12));
    assertThat(StandardNormal.quantile(0.001)).isCloseTo(-3.090232306167813, within(1e-12));
    assertThat(StandardNormal.quantile(1e-6)).isCloseTo(-4.753424308822899, within(1e-10));
    assertThat(StandardNormal.quantile(0.5)).isZero();
  }

  /**
   * Worked by hand, checked with Python (statistics.NormalDist and numpy.quantile): replicates
   * 1..20, point estimate 4.5, 90 %. p₀ = 4/20 = 0.2, z₀ = Φ⁻¹(0.2) = −0.841621; levels
   * Φ(2z₀ ∓ 1.644854) = 0.000437208 and 0.484689; type-7 quantiles 1 + 19·level = 1.008307 and
   * 10.209088. The percentile interval would be [1.95, 19.05].
   */
  @Test
  void workedExample() {
    double[] reps = new double[20];
    for (int i = 0; i < 20; i++) {
      reps[i] = i + 1;
    }
    double[] bc = Bootstrap.biasCorrectedInterval(reps, 4.5, 0.90);
    assertThat(bc[0]).isCloseTo(1.0083069614312046, within(1e-5));
    assertThat(bc[1]).isCloseTo(10.209087757264681, within(1e-5));
    assertThat(Bootstrap.percentileInterval(reps, 0.90)).containsExactly(new double[] {1.95, 19.05}, within(1e-12));
    // a point at the replicates' median (ties count half) gives the percentile interval
    assertThat(Bootstrap.biasCorrectedInterval(reps, 10.5, 0.90)).containsExactly(new double[] {1.95, 19.05}, within(1e-5));
  }

  /**
   * Efron &amp; Tibshirani (1993, §14.3): when the estimator is normal with a constant bias b, the
   * replicates are centred at θ̂ + b, the percentile interval at θ̂ + b (the bias twice over), and
   * the BC interval is exactly θ̂ − b ± z·σ. Replicates here are the normal quantiles themselves. (BC
   * can only pick replicates, so it reaches θ̂ − b − z·σ only while that is inside their range: the
   * bias here is σ/2.)
   */
  @Test
  void normalWithConstantBiasIsRecentredAtTheUnbiasedValue() {
    double point = 0.10;
    double bias = 0.005;
    double sigma = 0.01;
    int b = 20_000;
    double[] reps = new double[b];
    for (int i = 0; i < b; i++) {
      reps[i] = point + bias + sigma * StandardNormal.quantile((i + 0.5) / b);
    }
    double[] pct = Bootstrap.percentileInterval(reps, 0.95);
    double[] bc = Bootstrap.biasCorrectedInterval(reps, point, 0.95);
    // the percentile interval is centred at θ̂ + b, BC at θ̂ − b
    assertThat(pct[0]).isCloseTo(point + bias - 1.96 * sigma, within(2e-4));
    assertThat(pct[1]).isCloseTo(point + bias + 1.96 * sigma, within(2e-4));
    assertThat(bc[0]).isCloseTo(point - bias - 1.96 * sigma, within(2e-4));
    assertThat(bc[1]).isCloseTo(point - bias + 1.96 * sigma, within(2e-4));
  }

  @Test
  void noReplicatesOrUndefinedPointGiveNaN() {
    assertThat(Bootstrap.biasCorrectedInterval(new double[0], 0.1, 0.95)).containsExactly(Double.NaN, Double.NaN);
    assertThat(Bootstrap.biasCorrectedInterval(new double[] {1, 2}, Double.NaN, 0.95)).containsExactly(Double.NaN, Double.NaN);
  }

  @Test
  void eceGetsTheBiasCorrectedIntervalAndTheOthersThePercentile() {
    ScoredLabels d = calibrationSample(new SplittableRandom(3), 300);
    Map<Metric, Interval> m = new Bootstrap(200, 0.95, 1).intervals(d, 0.5);
    assertThat(m.get(Metric.ECE).method()).isEqualTo(IntervalMethod.BIAS_CORRECTED);
    assertThat(m.get(Metric.ROC_AUC).method()).isEqualTo(IntervalMethod.PERCENTILE);
    assertThat(m.get(Metric.ACCURACY).method()).isEqualTo(IntervalMethod.PERCENTILE);
  }

  /** Scores uniform on [0, 1], P(y = 1 | s) = s^1.25: a mildly over-confident model. */
  private static ScoredLabels calibrationSample(SplittableRandom r, int n) {
    double[] s = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = r.nextDouble();
      y[i] = r.nextDouble() < Math.pow(s[i], 1.25) ? 1 : 0;
    }
    return ScoredLabels.of(s, y);
  }

  /**
   * The population ECE of {@link #calibrationSample}, by calculus: each of the 15 bins [l, h) holds
   * 1/15 of the scores, mean score (l + h)/2 and positive rate (h^2.25 − l^2.25) / (2.25 (h − l)).
   */
  private static double trueEce() {
    int bins = BinaryMetrics.ECE_BINS;
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      double l = (double) b / bins;
      double h = (double) (b + 1) / bins;
      double rate = (Math.pow(h, 2.25) - Math.pow(l, 2.25)) / (2.25 * (h - l));
      ece += Math.abs(rate - (l + h) / 2) / bins;
    }
    return ece;
  }

  /**
   * Coverage of the true ECE (0.0556, from {@link #trueEce}) over 200 simulated evaluation sets of
   * 1,000 items, 400 resamples each. A Python re-implementation of the same simulation (numpy,
   * 200 sets, seed 1) covered it 65 % of the time with the percentile interval and 88 % with BC; here
   * (other random numbers) 66.5 % and 84 %. Both fall short of 95 %: BC corrects the bias the
   * bootstrap sees at the estimate, which is smaller than the estimator's bias at the truth.
   */
  @Test
  void biasCorrectionRaisesTheCoverageOfTheTrueEce() {
    double truth = trueEce();
    assertThat(truth).isCloseTo(0.0556, within(5e-4));
    SplittableRandom data = new SplittableRandom(20_240_501L);
    int sets = 200;
    int resamples = 400;
    int coveredBc = 0;
    int coveredPct = 0;
    double[] w = new double[1000];
    for (int s = 0; s < sets; s++) {
      ScoredLabels d = calibrationSample(data, 1000);
      double point = BinaryMetrics.compute(d, 0.5).get(Metric.ECE);
      double[] reps = new double[resamples];
      SplittableRandom rnd = new SplittableRandom(s);
      for (int r = 0; r < resamples; r++) {
        Arrays.fill(w, 0);
        for (int j = 0; j < w.length; j++) {
          w[rnd.nextInt(w.length)]++;
        }
        reps[r] = BinaryMetrics.computeArray(d, w, 0.5)[Metric.ECE.ordinal()];
      }
      Arrays.sort(reps);
      double[] pct = Bootstrap.percentileInterval(reps, 0.95);
      double[] bc = Bootstrap.biasCorrectedInterval(reps, point, 0.95);
      coveredPct += pct[0] <= truth && truth <= pct[1] ? 1 : 0;
      coveredBc += bc[0] <= truth && truth <= bc[1] ? 1 : 0;
      // Bootstrap itself reads ECE the BC way
      if (s == 0) {
        Interval iv = new Bootstrap(resamples, 0.95, 7).intervals(d, 0.5).get(Metric.ECE);
        assertThat(iv.method()).isEqualTo(IntervalMethod.BIAS_CORRECTED);
        assertThat(iv.value()).isEqualTo(point);
      }
    }
    System.out.printf("ECE coverage over %d sets: percentile %.3f, bias-corrected %.3f (nominal 0.95)%n",
        sets, coveredPct / (double) sets, coveredBc / (double) sets);
    assertThat(coveredBc / (double) sets).isGreaterThan(0.78);
    assertThat(coveredBc).isGreaterThan(coveredPct + 20);
  }
}
