package dev.prism.learn.metrics;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Nonparametric bootstrap over items: each replicate draws n items with replacement (uniform,
 * from a {@link SplittableRandom} seeded with {@code seed}, so results are reproducible) and
 * recomputes every metric with the draw counts as weights. Quantiles are by linear interpolation
 * between order statistics (type 7, numpy's default); α = 1 − confidence.
 *
 * <p>Each metric's interval is read by its {@link Metric#intervalMethod()}: the percentile interval
 * [q(α/2), q(1−α/2)] for the (about) unbiased metrics, the bias-corrected percentile interval
 * (BC) for ECE, whose plug-in estimate is biased upward — the percentile interval of a biased
 * statistic is shifted by the bias once more and can exclude its own point estimate. BC moves the
 * quantile levels to Φ(2·z₀ ± z_{1−α/2}) with z₀ = Φ⁻¹(share of replicates below the estimate). It
 * corrects a bias, it does not hide one: when the bias is larger than the sampling noise, the BC
 * interval lies below the plug-in value, i.e. the data say the plug-in value overstates the metric.
 * BCa's acceleration term is left out: it needs a jackknife, n more evaluations of every metric.
 *
 * <p>The paired version uses the same draws for both models, so their correlation cancels in the
 * difference (this model minus the other).
 */
public final class Bootstrap {
  public static final int DEFAULT_RESAMPLES = 1000;
  public static final double DEFAULT_CONFIDENCE = 0.95;
  public static final long DEFAULT_SEED = 20_231_107L;

  private final int resamples;
  private final double confidence;
  private final long seed;

  public Bootstrap(int resamples, double confidence, long seed) {
    if (resamples < 1) {
      throw new IllegalArgumentException("bootstrap needs at least 1 resample, got " + resamples);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("bootstrap confidence must be in (0, 1), got " + confidence);
    }
    this.resamples = resamples;
    this.confidence = confidence;
    this.seed = seed;
  }

  public static Bootstrap defaults() {
    return new Bootstrap(DEFAULT_RESAMPLES, DEFAULT_CONFIDENCE, DEFAULT_SEED);
  }

  public int resamples() {
    return resamples;
  }

  public double confidence() {
    return confidence;
  }

  public long seed() {
    return seed;
  }

  /** Point estimates with an interval for every metric (see the class comment for which kind). */
  public Map<Metric, Interval> intervals(ScoredLabels d, double threshold) {
    double[] point = BinaryMetrics.computeArray(d, d.unitWeights(), threshold);
    int m = point.length;
    double[][] reps = new double[m][resamples];
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] w = new double[d.size()];
    for (int r = 0; r < resamples; r++) {
      draw(rnd, w);
      double[] v = BinaryMetrics.computeArray(d, w, threshold);
      for (int j = 0; j < m; j++) {
        reps[j][r] = v[j];
      }
    }
    Map<Metric, Interval> out = new EnumMap<>(Metric.class);
    for (Metric x : Metric.values()) {
      double[] finite = finite(reps[x.ordinal()]);
      double[] ci = interval(x.intervalMethod(), finite, point[x.ordinal()]);
      out.put(x, new Interval(point[x.ordinal()], ci[0], ci[1], finite.length, x.intervalMethod()));
    }
    return out;
  }

  /**
   * Paired bootstrap of metric(this) − metric(other). Both must hold the same items in the same
   * order with the same labels.
   */
  public Map<Metric, PairedDifference> paired(ScoredLabels thisModel, ScoredLabels other, double thisThreshold, double otherThreshold) {
    if (thisModel.size() != other.size()) {
      throw new IllegalArgumentException("paired bootstrap needs the same items: " + thisModel.size() + " vs " + other.size());
    }
    for (int i = 0; i < thisModel.size(); i++) {
      if (thisModel.label(i) != other.label(i)) {
        throw new IllegalArgumentException("paired bootstrap: item " + i + " has label " + thisModel.label(i) + " for this model and "
            + other.label(i) + " for the other");
      }
    }
    double[] pThis = BinaryMetrics.computeArray(thisModel, thisModel.unitWeights(), thisThreshold);
    double[] pOther = BinaryMetrics.computeArray(other, other.unitWeights(), otherThreshold);
    int m = pThis.length;
    double[][] diffs = new double[m][resamples];
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] w = new double[thisModel.size()];
    for (int r = 0; r < resamples; r++) {
      draw(rnd, w);
      double[] vThis = BinaryMetrics.computeArray(thisModel, w, thisThreshold);
      double[] vOther = BinaryMetrics.computeArray(other, w, otherThreshold);
      for (int j = 0; j < m; j++) {
        diffs[j][r] = vThis[j] - vOther[j];
      }
    }
    Map<Metric, PairedDifference> out = new EnumMap<>(Metric.class);
    for (Metric x : Metric.values()) {
      double[] f = finite(diffs[x.ordinal()]);
      double le = 0;
      double ge = 0;
      for (double v : f) {
        if (v <= 0) {
          le++;
        }
        if (v >= 0) {
          ge++;
        }
      }
      double p = f.length == 0 ? Double.NaN : Math.min(1.0, 2 * Math.min(le, ge) / f.length);
      int j = x.ordinal();
      double diff = pThis[j] - pOther[j];
      double[] ci = interval(x.intervalMethod(), f, diff);
      out.put(x, new PairedDifference(x, pThis[j], pOther[j], diff, ci[0], ci[1], p, f.length, x.intervalMethod()));
    }
    return out;
  }

  private double[] interval(IntervalMethod method, double[] sortedReplicates, double point) {
    return switch (method) {
      case PERCENTILE -> percentileInterval(sortedReplicates, confidence);
      case BIAS_CORRECTED -> biasCorrectedInterval(sortedReplicates, point, confidence);
    };
  }

  /** [q(α/2), q(1−α/2)] of the sorted replicates; NaNs when there are none. */
  public static double[] percentileInterval(double[] sortedReplicates, double confidence) {
    double alpha = 1 - confidence;
    return new double[] {quantile(sortedReplicates, alpha / 2), quantile(sortedReplicates, 1 - alpha / 2)};
  }

  /**
   * The bias-corrected percentile (BC) interval: z₀ = Φ⁻¹(p₀) with p₀ the share of replicates
   * below {@code point} (replicates equal to it count half, so a discrete statistic is not pushed
   * one way), clamped to [1/(2B), 1 − 1/(2B)] so that z₀ stays finite; the interval is the
   * replicates' type-7 quantiles at Φ(2z₀ − z_{1−α/2}) and Φ(2z₀ + z_{1−α/2}). With p₀ = ½ it is
   * the percentile interval. NaNs when there are no replicates or the point is undefined.
   */
  public static double[] biasCorrectedInterval(double[] sortedReplicates, double point, double confidence) {
    int b = sortedReplicates.length;
    if (b == 0 || Double.isNaN(point)) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double below = 0;
    for (double v : sortedReplicates) {
      if (v < point) {
        below++;
      } else if (v == point) {
        below += 0.5;
      }
    }
    double p0 = Math.min(Math.max(below / b, 0.5 / b), 1 - 0.5 / b);
    double z0 = StandardNormal.quantile(p0);
    double z = StandardNormal.quantile(1 - (1 - confidence) / 2);
    return new double[] {quantile(sortedReplicates, StandardNormal.cdf(2 * z0 - z)),
        quantile(sortedReplicates, StandardNormal.cdf(2 * z0 + z))};
  }

  /** One replicate's weights: multiplicities of n uniform draws with replacement. */
  private static void draw(SplittableRandom rnd, double[] w) {
    Arrays.fill(w, 0);
    int n = w.length;
    for (int j = 0; j < n; j++) {
      w[rnd.nextInt(n)] += 1;
    }
  }

  private static double[] finite(double[] v) {
    double[] f = Arrays.stream(v).filter(Double::isFinite).toArray();
    Arrays.sort(f);
    return f;
  }

  /** Quantile of sorted values by linear interpolation (type 7): position q·(n−1). */
  public static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    double f = pos - lo;
    return sorted[lo] + f * (sorted[hi] - sorted[lo]);
  }
}
