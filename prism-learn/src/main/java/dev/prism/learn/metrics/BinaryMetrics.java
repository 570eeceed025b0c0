package dev.prism.learn.metrics;

import java.util.EnumMap;
import java.util.Map;

/**
 * Binary metrics over weighted items (weight = multiplicity; all 1 for the point estimate, the
 * resample counts for a bootstrap replicate). Definitions:
 *
 * <ul>
 *   <li>accuracy, precision, recall, F1: at a threshold t, positive ⇔ score ≥ t (see {@link Confusion}).
 *   <li>ROC-AUC: P(score of a random positive &gt; score of a random negative), ties counted ½
 *       (the Mann–Whitney statistic; equals the trapezoidal area under the ROC curve). NaN when one
 *       class is absent.
 *   <li>PR-AUC: average precision, Σₙ (Rₙ − Rₙ₋₁)·Pₙ over the distinct scores in descending order
 *       (scikit-learn's {@code average_precision_score}, no interpolation). NaN without positives.
 *   <li>log loss: −mean[y log p + (1−y) log(1−p)], p clipped to [1e-15, 1 − 1e-15].
 *   <li>Brier: mean (p − y)².
 *   <li>ECE: {@value #ECE_BINS} equal-width bins on [0, 1] of the positive-class probability
 *       (bin = min(⌊15p⌋, 14)); Σ_b (n_b / n)·|mean(y)_b − mean(p)_b|.
 * </ul>
 */
public final class BinaryMetrics {
  /** Number of equal-width bins of the expected calibration error and the reliability diagram. */
  public static final int ECE_BINS = 15;
  /** Probability clipping of the log loss (scikit-learn's historical eps). */
  public static final double LOG_LOSS_EPS = 1e-15;

  private BinaryMetrics() {}

  /** All metrics with unit weights. */
  public static Map<Metric, Double> compute(ScoredLabels d, double threshold) {
    return toMap(computeArray(d, d.unitWeights(), threshold));
  }

  public static Map<Metric, Double> toMap(double[] values) {
    Map<Metric, Double> m = new EnumMap<>(Metric.class);
    for (Metric x : Metric.values()) {
      m.put(x, values[x.ordinal()]);
    }
    return m;
  }

  public static Confusion confusion(ScoredLabels d, double[] w, double threshold) {
    double tp = 0;
    double fp = 0;
    double tn = 0;
    double fn = 0;
    double[] s = d.scoresArray();
    int[] y = d.labelsArray();
    for (int i = 0; i < s.length; i++) {
      double wi = w[i];
      if (wi == 0) {
        continue;
      }
      boolean predPos = s[i] >= threshold;
      if (y[i] == 1) {
        if (predPos) {
          tp += wi;
        } else {
          fn += wi;
        }
      } else if (predPos) {
        fp += wi;
      } else {
        tn += wi;
      }
    }
    return new Confusion(threshold, tp, fp, tn, fn);
  }

  /** All metrics, indexed by {@link Metric#ordinal()}. */
  public static double[] computeArray(ScoredLabels d, double[] w, double threshold) {
    double[] out = new double[Metric.values().length];
    Confusion c = confusion(d, w, threshold);
    out[Metric.ACCURACY.ordinal()] = c.accuracy();
    out[Metric.PRECISION.ordinal()] = c.precision();
    out[Metric.RECALL.ordinal()] = c.recall();
    out[Metric.F1.ordinal()] = c.f1();
    double[] ranking = rankingMetrics(d, w);
    out[Metric.ROC_AUC.ordinal()] = ranking[0];
    out[Metric.PR_AUC.ordinal()] = ranking[1];
    double[] s = d.scoresArray();
    int[] y = d.labelsArray();
    double total = 0;
    double ll = 0;
    double brier = 0;
    double[] binW = new double[ECE_BINS];
    double[] binP = new double[ECE_BINS];
    double[] binY = new double[ECE_BINS];
    for (int i = 0; i < s.length; i++) {
      double wi = w[i];
      if (wi == 0) {
        continue;
      }
      double p = s[i];
      double pc = Math.min(1 - LOG_LOSS_EPS, Math.max(LOG_LOSS_EPS, p));
      total += wi;
      ll -= wi * (y[i] == 1 ? Math.log(pc) : Math.log(1 - pc));
      brier += wi * (p - y[i]) * (p - y[i]);
      int b = eceBin(p);
      binW[b] += wi;
      binP[b] += wi * p;
      binY[b] += wi * y[i];
    }
    double ece = 0;
    for (int b = 0; b < ECE_BINS; b++) {
      if (binW[b] > 0) {
        ece += binW[b] / total * Math.abs(binY[b] / binW[b] - binP[b] / binW[b]);
      }
    }
    out[Metric.LOG_LOSS.ordinal()] = total == 0 ? Double.NaN : ll / total;
    out[Metric.BRIER.ordinal()] = total == 0 ? Double.NaN : brier / total;
    out[Metric.ECE.ordinal()] = total == 0 ? Double.NaN : ece;
    return out;
  }

  /** The ECE / reliability bin of a probability. */
  public static int eceBin(double p) {
    return Math.min(ECE_BINS - 1, (int) Math.floor(p * ECE_BINS));
  }

  /** {ROC-AUC, average precision} in one pass over the items by descending score. */
  static double[] rankingMetrics(ScoredLabels d, double[] w) {
    double[] s = d.scoresArray();
    int[] y = d.labelsArray();
    int[] desc = d.descending();
    double pos = 0;
    double neg = 0;
    for (int i = 0; i < s.length; i++) {
      if (y[i] == 1) {
        pos += w[i];
      } else {
        neg += w[i];
      }
    }
    double cumPos = 0;
    double cumNeg = 0;
    double auc = 0;
    double ap = 0;
    double prevRecall = 0;
    int g = 0;
    while (g < desc.length) {
      int e = g;
      double gp = 0;
      double gn = 0;
      while (e < desc.length && s[desc[e]] == s[desc[g]]) {
        int i = desc[e];
        if (y[i] == 1) {
          gp += w[i];
        } else {
          gn += w[i];
        }
        e++;
      }
      // negatives in this tie group lose to every earlier positive and tie with this group's positives
      auc += gn * (cumPos + 0.5 * gp);
      cumPos += gp;
      cumNeg += gn;
      if (gp > 0 && pos > 0) {
        double recall = cumPos / pos;
        double precision = cumPos / (cumPos + cumNeg);
        ap += (recall - prevRecall) * precision;
        prevRecall = recall;
      }
      g = e;
    }
    double rocAuc = pos > 0 && neg > 0 ? auc / (pos * neg) : Double.NaN;
    double avgPrecision = pos > 0 ? ap : Double.NaN;
    return new double[] {rocAuc, avgPrecision};
  }
}
