package dev.prism.learn.metrics;

import java.util.ArrayList;
import java.util.List;

/** ROC and precision–recall curves, reliability bins and score histograms for plots and JSON. */
public final class Curves {
  /** Score histogram bins on [0, 1]. */
  public static final int HISTOGRAM_BINS = 20;

  private Curves() {}

  /** A ROC point: false-positive rate, true-positive rate, at threshold "score ≥ threshold". */
  public record RocPoint(double fpr, double tpr, double threshold) {}

  /** A precision–recall point at threshold "score ≥ threshold". */
  public record PrPoint(double recall, double precision, double threshold) {}

  /** One reliability bin: [lower, upper), items, mean predicted probability, observed positive rate. */
  public record ReliabilityBin(double lower, double upper, int count, double meanPredicted, double fractionPositive) {}

  /** Counts of positive- and negative-class items per equal-width score bin. */
  public record Histogram(double[] edges, int[] positives, int[] negatives) {}

  /** ROC curve through every distinct score, starting at (0, 0) and ending at (1, 1). */
  public static List<RocPoint> roc(ScoredLabels d) {
    double pos = d.positives();
    double neg = d.size() - pos;
    List<RocPoint> out = new ArrayList<>();
    out.add(new RocPoint(0, 0, Double.POSITIVE_INFINITY));
    for (ScoredLabels.Cut c : d.cuts()) {
      out.add(new RocPoint(neg == 0 ? 0 : c.fp() / neg, pos == 0 ? 0 : c.tp() / pos, c.threshold()));
    }
    return out;
  }

  /** Precision–recall points at every distinct score (descending score = increasing recall). */
  public static List<PrPoint> precisionRecall(ScoredLabels d) {
    double pos = d.positives();
    List<PrPoint> out = new ArrayList<>();
    for (ScoredLabels.Cut c : d.cuts()) {
      out.add(new PrPoint(pos == 0 ? 0 : c.tp() / pos, c.tp() / (c.tp() + c.fp()), c.threshold()));
    }
    return out;
  }

  /** Reliability diagram bins, the same {@value BinaryMetrics#ECE_BINS} bins as the ECE. */
  public static List<ReliabilityBin> reliability(ScoredLabels d) {
    int b = BinaryMetrics.ECE_BINS;
    int[] n = new int[b];
    double[] sp = new double[b];
    double[] sy = new double[b];
    for (int i = 0; i < d.size(); i++) {
      int k = BinaryMetrics.eceBin(d.score(i));
      n[k]++;
      sp[k] += d.score(i);
      sy[k] += d.label(i);
    }
    List<ReliabilityBin> out = new ArrayList<>();
    for (int k = 0; k < b; k++) {
      out.add(new ReliabilityBin((double) k / b, (double) (k + 1) / b, n[k],
          n[k] == 0 ? Double.NaN : sp[k] / n[k], n[k] == 0 ? Double.NaN : sy[k] / n[k]));
    }
    return out;
  }

  public static Histogram histogram(ScoredLabels d) {
    double[] edges = new double[HISTOGRAM_BINS + 1];
    for (int k = 0; k <= HISTOGRAM_BINS; k++) {
      edges[k] = (double) k / HISTOGRAM_BINS;
    }
    int[] pos = new int[HISTOGRAM_BINS];
    int[] neg = new int[HISTOGRAM_BINS];
    for (int i = 0; i < d.size(); i++) {
      int k = Math.min(HISTOGRAM_BINS - 1, (int) Math.floor(d.score(i) * HISTOGRAM_BINS));
      if (d.label(i) == 1) {
        pos[k]++;
      } else {
        neg[k]++;
      }
    }
    return new Histogram(edges, pos, neg);
  }
}
