package dev.prism.learn.model;

import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains {@link MlpHead} with Adam (Kingma &amp; Ba 2015; β1 0.9, β2 0.999, ε 1e-8) on minibatches
 * of soft cross-entropy, L2 on weights (not biases), early stopping on validation loss.
 *
 * <p>Reproducible: initial weights and the per-epoch shuffles come from one {@link Random} seeded
 * with the config's seed ({@code Random}'s algorithms are fixed by its specification, so the same
 * seed gives the same weights on any JDK), and all arithmetic is single-threaded in a fixed order.
 */
public final class MlpTrainer {
  private static final Logger log = LoggerFactory.getLogger(MlpTrainer.class);
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double ADAM_EPS = 1e-8;
  /** A validation loss must improve by this much to count as an improvement for early stopping. */
  private static final double MIN_IMPROVEMENT = 1e-6;

  private final HeadConfig.Mlp config;

  public MlpTrainer(HeadConfig.Mlp config) {
    this.config = config;
  }

  /**
   * @param validZ standardized validation features for early stopping; may be empty, in which case
   *     training runs {@code maxEpochs} and keeps the last weights
   */
  public TrainedHead train(double[][] z, double[][] t, double[][] validZ, double[][] validT) {
    if (z.length == 0) {
      throw new IllegalArgumentException("cannot train an mlp head on zero rows");
    }
    int n = z.length;
    int d = z[0].length;
    int k = t[0].length;
    int h = config.hidden();
    Random rnd = new Random(config.seed());
    Params p = new Params(h, d, k);
    double heStd = Math.sqrt(2.0 / d); // He init for the ReLU layer
    double outStd = Math.sqrt(1.0 / h); // LeCun/Xavier-style for the linear output layer
    for (int r = 0; r < h; r++) {
      for (int j = 0; j < d; j++) {
        p.w1[r][j] = rnd.nextGaussian() * heStd;
      }
    }
    for (int c = 0; c < k; c++) {
      for (int r = 0; r < h; r++) {
        p.w2[c][r] = rnd.nextGaussian() * outStd;
      }
    }
    Params grad = new Params(h, d, k);
    Params m = new Params(h, d, k);
    Params v = new Params(h, d, k);
    boolean hasValid = validZ != null && validZ.length > 0;
    Params best = p.copy();
    double bestLoss = Double.POSITIVE_INFINITY;
    int bestEpoch = 0;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    long step = 0;
    int epoch = 0;
    String reason = "reached " + config.maxEpochs() + " epochs";
    double[] a = new double[h];
    double[] hid = new double[h];
    double[] logits = new double[k];
    double[] delta2 = new double[k];
    double[] deltaA = new double[h];
    for (epoch = 1; epoch <= config.maxEpochs(); epoch++) {
      shuffle(order, rnd);
      for (int start = 0; start < n; start += config.batchSize()) {
        int end = Math.min(n, start + config.batchSize());
        double invB = 1.0 / (end - start);
        grad.zero();
        for (int q = start; q < end; q++) {
          int i = order[q];
          double[] zi = z[i];
          forward(p, zi, a, hid, logits);
          double[] prob = MathUtil.softmax(logits);
          for (int c = 0; c < k; c++) {
            delta2[c] = (prob[c] - t[i][c]) * invB;
            grad.b2[c] += delta2[c];
            double[] g2 = grad.w2[c];
            for (int r = 0; r < h; r++) {
              g2[r] += delta2[c] * hid[r];
            }
          }
          for (int r = 0; r < h; r++) {
            if (a[r] > 0) {
              double s = 0;
              for (int c = 0; c < k; c++) {
                s += p.w2[c][r] * delta2[c];
              }
              deltaA[r] = s;
            } else {
              deltaA[r] = 0;
            }
          }
          for (int r = 0; r < h; r++) {
            double dr = deltaA[r];
            if (dr != 0) {
              grad.b1[r] += dr;
              double[] g1 = grad.w1[r];
              for (int j = 0; j < d; j++) {
                g1[j] += dr * zi[j];
              }
            }
          }
        }
        step++;
        adam(p, grad, m, v, step);
      }
      if (hasValid) {
        double vl = meanCrossEntropy(p, validZ, validT);
        if (vl < bestLoss - MIN_IMPROVEMENT) {
          bestLoss = vl;
          bestEpoch = epoch;
          best = p.copy();
        } else if (epoch - bestEpoch >= config.patience()) {
          reason = "validation loss did not improve for " + config.patience() + " epochs";
          break;
        }
      }
    }
    int epochsRun = Math.min(epoch, config.maxEpochs());
    if (!hasValid) {
      best = p;
      bestEpoch = epochsRun;
      reason = "no validation data: ran " + config.maxEpochs() + " epochs";
    }
    double trainLoss = meanCrossEntropy(best, z, t);
    log.info("mlp head: n={} d={} hidden={} k={} best epoch {} of {} (train loss {}, valid loss {}; {})",
        n, d, h, k, bestEpoch, epochsRun, trainLoss, bestLoss, reason);
    return new TrainedHead(new MlpHead(best.w1, best.b1, best.w2, best.b2),
        new TrainingLog(epochsRun, bestEpoch, trainLoss, hasValid ? bestLoss : Double.NaN, true, reason));
  }

  private static void forward(Params p, double[] zi, double[] a, double[] hid, double[] logits) {
    for (int r = 0; r < a.length; r++) {
      a[r] = MathUtil.dot(p.w1[r], zi) + p.b1[r];
      hid[r] = Math.max(0, a[r]);
    }
    for (int c = 0; c < logits.length; c++) {
      logits[c] = MathUtil.dot(p.w2[c], hid) + p.b2[c];
    }
  }

  static double meanCrossEntropy(Params p, double[][] z, double[][] t) {
    int h = p.b1.length;
    int k = p.b2.length;
    double[] a = new double[h];
    double[] hid = new double[h];
    double[] logits = new double[k];
    double loss = 0;
    for (int i = 0; i < z.length; i++) {
      forward(p, z[i], a, hid, logits);
      double lse = MathUtil.logSumExp(logits);
      for (int c = 0; c < k; c++) {
        if (t[i][c] > 0) {
          loss -= t[i][c] * (logits[c] - lse);
        }
      }
    }
    return loss / z.length;
  }

  private void adam(Params p, Params g, Params m, Params v, long step) {
    double lr = config.learningRate() * Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step));
    double l2 = config.l2();
    for (int r = 0; r < p.w1.length; r++) {
      update(p.w1[r], g.w1[r], m.w1[r], v.w1[r], lr, l2);
    }
    update(p.b1, g.b1, m.b1, v.b1, lr, 0);
    for (int c = 0; c < p.w2.length; c++) {
      update(p.w2[c], g.w2[c], m.w2[c], v.w2[c], lr, l2);
    }
    update(p.b2, g.b2, m.b2, v.b2, lr, 0);
  }

  private static void update(double[] w, double[] g, double[] m, double[] v, double lr, double l2) {
    for (int j = 0; j < w.length; j++) {
      double gj = g[j] + l2 * w[j];
      m[j] = BETA1 * m[j] + (1 - BETA1) * gj;
      v[j] = BETA2 * v[j] + (1 - BETA2) * gj * gj;
      w[j] -= lr * m[j] / (Math.sqrt(v[j]) + ADAM_EPS);
    }
  }

  private static void shuffle(int[] a, Random rnd) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
  }

  /** Mutable parameter (or gradient / moment) buffers of the network. */
  static final class Params {
    final double[][] w1;
    final double[] b1;
    final double[][] w2;
    final double[] b2;

    Params(int h, int d, int k) {
      w1 = new double[h][d];
      b1 = new double[h];
      w2 = new double[k][h];
      b2 = new double[k];
    }

    private Params(double[][] w1, double[] b1, double[][] w2, double[] b2) {
      this.w1 = w1;
      this.b1 = b1;
      this.w2 = w2;
      this.b2 = b2;
    }

    Params copy() {
      return new Params(MathUtil.copy(w1), b1.clone(), MathUtil.copy(w2), b2.clone());
    }

    void zero() {
      for (double[] row : w1) {
        java.util.Arrays.fill(row, 0);
      }
      java.util.Arrays.fill(b1, 0);
      for (double[] row : w2) {
        java.util.Arrays.fill(row, 0);
      }
      java.util.Arrays.fill(b2, 0);
    }
  }
}
