package dev.prism.spark.neardup;

import java.util.ArrayList;
import java.util.List;

/**
 * Bands × rows of an LSH scheme and the S-curve they give (NEARDUP_SPARK.md, "Choosing b and r").
 * A pair whose per-band collision probability is {@code p} becomes a candidate with probability
 * {@code 1 - (1 - p)^b}; the bands' positions / hyperplanes are drawn independently, so over the
 * seed this is exact, not an approximation.
 *
 * @param metric     what is hashed
 * @param bands      b, bands (band keys per item)
 * @param rows       r, bits per band key
 * @param threshold  the verification threshold (Hamming bits, or cosine distance)
 */
public record LshPlan(Metric metric, int bands, int rows, double threshold) {
  /** Most bits in one band key (the key is packed with the band number into one long). */
  public static final int MAX_ROWS = 40;
  /** Most bands the planner considers (band rows per item are the job's main shuffle cost). */
  public static final int MAX_BANDS = 256;

  public LshPlan {
    if (bands < 1 || bands > MAX_BANDS) {
      throw new IllegalArgumentException("bands must be 1.." + MAX_BANDS + ", got " + bands);
    }
    if (rows < 1 || rows > MAX_ROWS || (metric == Metric.HAMMING64 && rows > 64)) {
      throw new IllegalArgumentException("rows must be 1.." + MAX_ROWS + ", got " + rows);
    }
    metric.checkThreshold(threshold);
  }

  /** The two metrics and their per-row collision probabilities. */
  public enum Metric {
    /** Bit sampling on 64-bit hashes: a band is r distinct bit positions. */
    HAMMING64 {
      @Override
      public double bandProbability(double distance, int rows) {
        // r positions without replacement: C(64-d, r) / C(64, r)
        int d = (int) Math.floor(distance);
        double p = 1;
        for (int i = 0; i < rows; i++) {
          p *= Math.max(0, 64 - d - i) / (double) (64 - i);
        }
        return p;
      }

      @Override
      void checkThreshold(double t) {
        if (!(t >= 0 && t < 64) || t != Math.floor(t)) {
          throw new IllegalArgumentException("Hamming threshold must be an integer in 0..63, got " + t);
        }
      }
    },
    /** Random hyperplanes on embeddings (Charikar 2002): one sign bit per hyperplane. */
    COSINE {
      @Override
      public double bandProbability(double distance, int rows) {
        double cos = Math.max(-1, Math.min(1, 1 - distance));
        return Math.pow(1 - Math.acos(cos) / Math.PI, rows);
      }

      @Override
      void checkThreshold(double t) {
        if (!(t >= 0 && t < 2)) {
          throw new IllegalArgumentException("cosine distance threshold must be in [0, 2), got " + t);
        }
      }
    };

    /** Probability that two values at {@code distance} share one band's key. */
    public abstract double bandProbability(double distance, int rows);

    abstract void checkThreshold(double t);
  }

  /** Probability that a pair at {@code distance} shares at least one band key: 1 - (1 - p^r)^b. */
  public double candidateProbability(double distance) {
    double p = metric.bandProbability(distance, rows);
    return 1 - Math.pow(1 - p, bands);
  }

  /** The S-curve's value at the threshold: the expected share of pairs at exactly the threshold found. */
  public double recallAtThreshold() {
    return candidateProbability(threshold);
  }

  /**
   * Expected candidate pairs per item from unrelated items among {@code n}: (n - 1) / 2 × P(candidate)
   * under the background model (64-bit hashes: independent bits, Binomial(64, 1/2) distances;
   * embeddings: every unrelated pair at cosine {@code backgroundCosine}).
   */
  public double backgroundCandidatesPerItem(long n, double backgroundCosine) {
    double p;
    if (metric == Metric.HAMMING64) {
      p = 0;
      double logHalf64 = 64 * Math.log(0.5);
      for (int d = 0; d <= 64; d++) {
        p += Math.exp(logChoose(64, d) + logHalf64) * candidateProbability(d);
      }
    } else {
      p = candidateProbability(1 - backgroundCosine);
    }
    return (n - 1) / 2.0 * p;
  }

  /**
   * The cheapest plan (fewest bands, i.e. band rows per item) whose recall at {@code threshold} is at
   * least {@code targetRecall} and whose expected background candidates per item are at most
   * {@code maxCandidatesPerItem}; when none qualifies, the one with the fewest background candidates
   * among those that reach the recall (the caller prints both numbers).
   */
  public static LshPlan choose(Metric metric, double threshold, double targetRecall, long n,
      double maxCandidatesPerItem, double backgroundCosine) {
    if (!(targetRecall > 0 && targetRecall < 1)) {
      throw new IllegalArgumentException("target recall must be in (0, 1), got " + targetRecall);
    }
    LshPlan best = null;
    LshPlan fallback = null;
    double fallbackCost = Double.MAX_VALUE;
    for (int r = 1; r <= MAX_ROWS; r++) {
      double p = metric.bandProbability(threshold, r);
      if (p <= 0) {
        break;
      }
      int b = p >= 1 ? 1 : (int) Math.ceil(Math.log(1 - targetRecall) / Math.log(1 - p));
      if (b > MAX_BANDS) {
        continue;
      }
      LshPlan plan = new LshPlan(metric, b, r, threshold);
      double bg = plan.backgroundCandidatesPerItem(n, backgroundCosine);
      if (bg <= maxCandidatesPerItem) {
        if (best == null || b < best.bands) {
          best = plan;
        }
      } else if (bg < fallbackCost) {
        fallback = plan;
        fallbackCost = bg;
      }
    }
    if (best != null) {
      return best;
    }
    if (fallback == null) {
      throw new IllegalArgumentException("no bands x rows up to " + MAX_BANDS + " x " + MAX_ROWS + " reach recall "
          + targetRecall + " at threshold " + threshold);
    }
    return fallback;
  }

  /** "d=… P=…" points of the S-curve around the threshold, for the job's log. */
  public List<String> curve() {
    List<String> out = new ArrayList<>();
    double[] ds = metric == Metric.HAMMING64
        ? new double[] {0, threshold / 2, threshold, threshold * 1.5, threshold * 2, 24, 32}
        : new double[] {0, threshold / 2, threshold, threshold * 1.5, threshold * 2, 0.5, 1.0};
    for (double d : ds) {
      double dd = metric == Metric.HAMMING64 ? Math.floor(d) : d;
      out.add(String.format(java.util.Locale.ROOT, "%s=%.3f", metric == Metric.HAMMING64 ? Integer.toString((int) dd)
          : String.format(java.util.Locale.ROOT, "%.3f", dd), candidateProbability(dd)));
    }
    return out;
  }

  static double logChoose(int n, int k) {
    double s = 0;
    for (int i = 0; i < k; i++) {
      s += Math.log(n - i) - Math.log(i + 1);
    }
    return s;
  }
}
