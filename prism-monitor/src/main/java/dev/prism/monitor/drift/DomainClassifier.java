package dev.prism.monitor.drift;

import dev.prism.core.stats.RocAuc;
import dev.prism.learn.model.HeadConfig;
import dev.prism.learn.model.LogisticHead;
import dev.prism.learn.model.LogisticTrainer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Classifier two-sample test for embeddings: can a logistic regression (prism-learn's
 * {@link LogisticTrainer}) tell window vectors from reference vectors? Both sides are subsampled to
 * the same size (at most {@code maxPerSide}, seeded), split 70/30 per side, standardized with the
 * training part's mean and deviation, and the AUC is measured on the held-out 30 %. 0.5 means
 * indistinguishable; it rises with any shift a linear boundary can see, not only of the mean.
 * The ridge penalty is stronger than a head's default (1e-2): with a few hundred vectors of
 * 384 dimensions an unpenalised fit separates the training part perfectly and says nothing.
 */
public final class DomainClassifier {
  static final HeadConfig.Logistic CONFIG = new HeadConfig.Logistic(1e-2, 200, 1e-5);

  /** AUC and the sizes it came from. */
  public record Result(double auc, int trainItems, int testItems) {}

  private DomainClassifier() {}

  public static Result auc(List<float[]> reference, List<float[]> window, int maxPerSide, long seed) {
    int m = Math.min(maxPerSide, Math.min(reference.size(), window.size()));
    if (m < 4) {
      return new Result(Double.NaN, 0, 0);
    }
    Random rnd = new Random(seed);
    List<float[]> r = sample(reference, m, rnd);
    List<float[]> w = sample(window, m, rnd);
    int train = (int) Math.round(m * 0.7);
    int d = r.get(0).length;
    List<float[]> trainX = new ArrayList<>();
    trainX.addAll(r.subList(0, train));
    trainX.addAll(w.subList(0, train));
    double[] mean = new double[d];
    double[] sd = new double[d];
    for (float[] x : trainX) {
      for (int j = 0; j < d; j++) {
        mean[j] += x[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= trainX.size();
    }
    for (float[] x : trainX) {
      for (int j = 0; j < d; j++) {
        sd[j] += (x[j] - mean[j]) * (x[j] - mean[j]);
      }
    }
    for (int j = 0; j < d; j++) {
      sd[j] = Math.max(Math.sqrt(sd[j] / trainX.size()), 1e-6);
    }
    double[][] z = new double[2 * train][];
    double[][] t = new double[2 * train][];
    for (int i = 0; i < 2 * train; i++) {
      z[i] = standardize(trainX.get(i), mean, sd, d);
      t[i] = i < train ? new double[] {1, 0} : new double[] {0, 1};
    }
    LogisticHead head = (LogisticHead) new LogisticTrainer(CONFIG).train(z, t).head();
    double[] refScores = scores(head, r.subList(train, m), mean, sd, d);
    double[] winScores = scores(head, w.subList(train, m), mean, sd, d);
    return new Result(RocAuc.of(winScores, refScores), 2 * train, 2 * (m - train));
  }

  private static List<float[]> sample(List<float[]> xs, int m, Random rnd) {
    List<float[]> copy = new ArrayList<>(xs);
    Collections.shuffle(copy, rnd);
    return copy.subList(0, m);
  }

  private static double[] standardize(float[] x, double[] mean, double[] sd, int d) {
    if (x.length != d) {
      throw new IllegalArgumentException("embedding dimensions differ: " + x.length + " vs " + d);
    }
    double[] z = new double[d];
    for (int j = 0; j < d; j++) {
      z[j] = (x[j] - mean[j]) / sd[j];
    }
    return z;
  }

  private static double[] scores(LogisticHead head, List<float[]> xs, double[] mean, double[] sd, int d) {
    double[] s = new double[xs.size()];
    for (int i = 0; i < s.length; i++) {
      double[] l = head.logits(standardize(xs.get(i), mean, sd, d));
      s[i] = l[1] - l[0];
    }
    return s;
  }
}
