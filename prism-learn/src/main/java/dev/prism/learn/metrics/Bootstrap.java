package dev.prism.learn.metrics;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Nonparametric bootstrap over items: each replicate draws n items with replacement (uniform,
 * from a {@link SplittableRandom} seeded with {@code seed}, so results are reproducible),
 * recomputes every metric with the draw counts as weights, and the interval is the percentile
 * interval [q(α/2), q(1−α/2)] of the replicates with α = 1 − confidence, quantiles by linear
 * interpolation between order statistics (type 7, numpy's default). The paired version uses the
 * same draws for both models, so their correlation cancels in the difference.
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

  /** Point estimates with percentile intervals for every metric. */
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
      out.put(x, new Interval(point[x.ordinal()], lowQ(finite), highQ(finite), finite.length));
    }
    return out;
  }

  /**
   * Paired bootstrap of metric(B) − metric(A). Both must hold the same items in the same order
   * with the same labels.
   */
  public Map<Metric, PairedDifference> paired(ScoredLabels a, ScoredLabels b, double thresholdA, double thresholdB) {
    if (a.size() != b.size()) {
      throw new IllegalArgumentException("paired bootstrap needs the same items: " + a.size() + " vs " + b.size());
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.label(i) != b.label(i)) {
        throw new IllegalArgumentException("paired bootstrap: item " + i + " has label " + a.label(i) + " in A and " + b.label(i) + " in B");
      }
    }
    double[] pa = BinaryMetrics.computeArray(a, a.unitWeights(), thresholdA);
    double[] pb = BinaryMetrics.computeArray(b, b.unitWeights(), thresholdB);
    int m = pa.length;
    double[][] diffs = new double[m][resamples];
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] w = new double[a.size()];
    for (int r = 0; r < resamples; r++) {
      draw(rnd, w);
      double[] va = BinaryMetrics.computeArray(a, w, thresholdA);
      double[] vb = BinaryMetrics.computeArray(b, w, thresholdB);
      for (int j = 0; j < m; j++) {
        diffs[j][r] = vb[j] - va[j];
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
      out.put(x, new PairedDifference(x, pa[j], pb[j], pb[j] - pa[j], lowQ(f), highQ(f), p, f.length));
    }
    return out;
  }

  /** One replicate's weights: multiplicities of n uniform draws with replacement. */
  private static void draw(SplittableRandom rnd, double[] w) {
    Arrays.fill(w, 0);
    int n = w.length;
    for (int j = 0; j < n; j++) {
      w[rnd.nextInt(n)] += 1;
    }
  }

  private double lowQ(double[] sorted) {
    return quantile(sorted, (1 - confidence) / 2);
  }

  private double highQ(double[] sorted) {
    return quantile(sorted, 1 - (1 - confidence) / 2);
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
