package dev.prism.learn.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits {@link LogisticHead} by L-BFGS on mean soft cross-entropy + (l2/2)·||W||². Hard labels are
 * the special case of one-hot targets. Deterministic: starts from zero weights, no randomness.
 */
public final class LogisticTrainer {
  private static final Logger log = LoggerFactory.getLogger(LogisticTrainer.class);

  private final HeadConfig.Logistic config;

  public LogisticTrainer(HeadConfig.Logistic config) {
    this.config = config;
  }

  /** @param z standardized features; {@code targets} n × k distributions */
  public TrainedHead train(double[][] z, double[][] targets) {
    if (z.length == 0) {
      throw new IllegalArgumentException("cannot train a logistic head on zero rows");
    }
    int n = z.length;
    int d = z[0].length;
    int k = targets[0].length;
    Lbfgs.Objective objective = (params, grad) -> objective(z, targets, params, grad, d, k, config.l2());
    Lbfgs.Result r = new Lbfgs(Lbfgs.DEFAULT_HISTORY, config.maxIterations(), config.gradientTolerance())
        .minimize(objective, new double[k * d + k]);
    log.info("logistic head: n={} d={} k={} loss={} after {} L-BFGS iterations ({})", n, d, k, r.value(), r.iterations(), r.stopReason());
    double[][] w = new double[k][d];
    double[] b = new double[k];
    for (int c = 0; c < k; c++) {
      System.arraycopy(r.x(), c * d, w[c], 0, d);
      b[c] = r.x()[k * d + c];
    }
    return new TrainedHead(new LogisticHead(w, b),
        new TrainingLog(r.iterations(), r.iterations(), r.value(), Double.NaN, r.converged(), r.stopReason()));
  }

  /** Packed params: W row-major (k × d) then b (k). */
  static double objective(double[][] z, double[][] t, double[] params, double[] grad, int d, int k, double l2) {
    java.util.Arrays.fill(grad, 0);
    int n = z.length;
    double loss = 0;
    double[] logits = new double[k];
    for (int i = 0; i < n; i++) {
      double[] zi = z[i];
      for (int c = 0; c < k; c++) {
        double s = params[k * d + c];
        int off = c * d;
        for (int j = 0; j < d; j++) {
          s += params[off + j] * zi[j];
        }
        logits[c] = s;
      }
      double lse = MathUtil.logSumExp(logits);
      for (int c = 0; c < k; c++) {
        double tc = t[i][c];
        if (tc > 0) {
          loss -= tc * (logits[c] - lse);
        }
        double r = Math.exp(logits[c] - lse) - tc;
        if (r != 0) {
          int off = c * d;
          for (int j = 0; j < d; j++) {
            grad[off + j] += r * zi[j];
          }
          grad[k * d + c] += r;
        }
      }
    }
    double inv = 1.0 / n;
    loss *= inv;
    for (int p = 0; p < grad.length; p++) {
      grad[p] *= inv;
    }
    double reg = 0;
    for (int p = 0; p < k * d; p++) {
      reg += params[p] * params[p];
      grad[p] += l2 * params[p];
    }
    return loss + 0.5 * l2 * reg;
  }
}
