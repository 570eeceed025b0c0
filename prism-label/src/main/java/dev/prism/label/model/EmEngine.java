package dev.prism.label.model;

import dev.prism.label.matrix.LabelMatrix;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expectation–maximisation for the class-conditional LF model shared by {@link DawidSkene} and
 * {@link GenerativeLabelModel}. Parameters: {@code mu[f*k + c] = P(λ_j = v | Y = c)} for feature
 * {@code f = j*k + v}; the abstain probability of LF j given c is {@code 1 − Σ_v mu}.
 *
 * <p>E-step score of class c for a row: {@code log π_c + Σ_{votes f} log mu[f, c]}, plus, when
 * {@code modelAbstain}, {@code Σ_{abstaining j} log P(abstain_j | c)} (the full Dawid–Skene
 * likelihood). M-step: see {@link #mStep}.
 *
 * <p>Rows are processed in a fixed number of chunks whose partial sums are added in chunk order, so
 * the result is bit-identical whatever the number of threads.
 */
final class EmEngine {

  private static final Logger LOG = LoggerFactory.getLogger(EmEngine.class);

  /** Fixed chunk count: enough parallel slack for a few cores, independent of the machine. */
  private static final int CHUNKS = 64;

  /** Fits on at least this many rows log every EM iteration at INFO: progress on long steps. */
  private static final double PROGRESS_LOG_ROWS = 100_000;

  /** Pseudo-count added to the initial majority-vote tallies so untouched rows start uniform. */
  private static final double INIT_PSEUDO_VOTE = 0.5;

  private EmEngine() {}

  record Result(double[] mu, double[] logPrior, double[] meanPosterior, double[] lfAccuracy, int iterations,
      boolean converged, double logLikelihood) {}

  static Result fit(LabelMatrix g, double[] w, boolean modelAbstain, FitOptions opt) {
    int k = g.k();
    int m = g.m();
    int nf = m * k;
    double total = 0;
    for (double x : w) {
      total += x;
    }
    double[] prior = initialPrior(opt.balance(), k);
    double[] mu = null;
    int it = 0;
    boolean converged = false;
    double ll = Double.NaN;
    Pass pass = null;
    while (it < opt.maxIterations()) {
      pass = pass(g, w, mu, prior, modelAbstain, false);
      it++;
      double[] next = mStep(pass, total, m, k, opt);
      if (opt.balance() instanceof ClassBalance.Learned) {
        for (int c = 0; c < k; c++) {
          prior[c] = (pass.den[c] + 1.0) / (total + k);
        }
      }
      double delta = Double.POSITIVE_INFINITY;
      if (mu != null) {
        delta = 0;
        for (int t = 0; t < next.length; t++) {
          delta = Math.max(delta, Math.abs(next[t] - mu[t]));
        }
      }
      mu = next;
      ll = pass.logLikelihood;
      if (total >= PROGRESS_LOG_ROWS) {
        LOG.info("EM iteration {}: log-likelihood {}, max |Δmu| {}", it, ll, delta);
      } else if (LOG.isDebugEnabled()) {
        LOG.debug("EM iteration {}: log-likelihood {}, max |Δmu| {}", it, ll, delta);
      }
      if (delta <= opt.tolerance()) {
        converged = true;
        break;
      }
    }
    // One more pass with the final parameters for the posteriors' summaries.
    Pass fin = pass(g, w, mu, prior, modelAbstain, true);
    double[] logPrior = new double[k];
    double[] meanPosterior = new double[k];
    for (int c = 0; c < k; c++) {
      logPrior[c] = Math.log(prior[c]);
      meanPosterior[c] = fin.den[c] / total;
    }
    double[] acc = new double[m];
    for (int j = 0; j < m; j++) {
      acc[j] = fin.lfVotes[j] > 0 ? fin.lfAgree[j] / fin.lfVotes[j] : Double.NaN;
    }
    LOG.info("EM ({}) stopped after {} iterations, converged={}, log-likelihood {}",
        modelAbstain ? "dawid-skene" : "generative", it, converged, fin.logLikelihood);
    return new Result(mu, logPrior, meanPosterior, acc, it, converged, fin.logLikelihood);
  }

  /** Posterior summaries (mean posterior, LF accuracies, log-likelihood) of fixed parameters. */
  static Result summarize(LabelMatrix g, double[] w, double[] mu, double[] prior) {
    int k = g.k();
    int m = g.m();
    double total = 0;
    for (double x : w) {
      total += x;
    }
    Pass fin = pass(g, w, mu, prior, false, true);
    double[] logPrior = new double[k];
    double[] meanPosterior = new double[k];
    for (int c = 0; c < k; c++) {
      logPrior[c] = Math.log(prior[c]);
      meanPosterior[c] = fin.den[c] / total;
    }
    double[] acc = new double[m];
    for (int j = 0; j < m; j++) {
      acc[j] = fin.lfVotes[j] > 0 ? fin.lfAgree[j] / fin.lfVotes[j] : Double.NaN;
    }
    return new Result(mu, logPrior, meanPosterior, acc, 0, true, fin.logLikelihood);
  }

  /** The class prior an estimator starts from: given, or uniform (learned is EM's to update). */
  static double[] startPrior(ClassBalance b, int k) {
    return initialPrior(b, k);
  }

  /**
   * The M-step. {@code CONFUSION}: μ_{f,c} = (N_{f,c} + s·r_f·a_{v,c} + (k+1)ε·P(f)) / (N_c + (k+1)ε), with N
   * the posterior-weighted counts, r_f the share of LF j's votes that are v, a_{v,c} = {@link
   * FitOptions#PRIOR_ACCURACY} when c = v and (1 − a)/(k − 1) otherwise: s pseudo-votes per LF, cast
   * like its real ones, of which a share a came from the class they name. An LF with few votes is
   * pulled towards "right 70 % of the time"; one with hundreds is not moved. P(f) is the rate of
   * vote f in the data: the smoothing is spread like the LF's own outcomes. {@code ACCURACY}: α_j = (Σ_v N_{(j,v),v} + s·a) / (Σ_{v,c} N_{(j,v),c} + s),
   * μ_{(j,v),c} = β_j·α_j when v = c, else β_j·(1 − α_j)/(k − 1).
   */
  static double[] mStep(Pass pass, double total, int m, int k, FitOptions opt) {
    int nf = m * k;
    double[] next = new double[nf * k];
    double eps = opt.smoothing();
    double s = opt.priorStrength();
    double a = FitOptions.PRIOR_ACCURACY;
    for (int j = 0; j < m; j++) {
      double votes = 0;
      double right = 0;
      for (int v = 0; v < k; v++) {
        int f = j * k + v;
        for (int c = 0; c < k; c++) {
          votes += pass.num[f * k + c];
        }
        right += pass.num[f * k + v];
      }
      double coverage = Math.min(votes / Math.max(total, 1e-300), 1.0 - 1e-9);
      if (opt.parameterization() == FitOptions.Parameterization.ACCURACY) {
        double acc = (right + s * a + eps) / (votes + s + 2 * eps);
        // LFs are assumed better than random (the identifying assumption of every symmetric label
        // model): without it, LFs that only ever vote one class admit a perfect-fit degenerate
        // solution in which all LFs of one polarity are always wrong (see LABEL_MODELS.md).
        acc = Math.min(Math.max(acc, 1.0 / k + MIN_ACCURACY_MARGIN), 1 - MIN_PROBABILITY);
        double beta = Math.max(coverage, MIN_PROBABILITY);
        for (int v = 0; v < k; v++) {
          int f = j * k + v;
          for (int c = 0; c < k; c++) {
            next[f * k + c] = beta * (v == c ? acc : (1 - acc) / (k - 1));
          }
        }
      } else {
        for (int v = 0; v < k; v++) {
          int f = j * k + v;
          double castShare = 0;
          for (int c = 0; c < k; c++) {
            castShare += pass.num[f * k + c];
          }
          // The smoothing mass (k+1)·ε is spread like the LF's own outcomes in the data (its
          // marginal), not uniformly: a class that EM empties then inherits the marginal, i.e.
          // abstains as often as the LF does, instead of "votes every value 1/(k+1) of the time",
          // which made P(all abstain | c) ≈ (1/(k+1))^m and the class dead for good.
          double marginal = Math.max(castShare / Math.max(total, 1e-300), 0);
          castShare = votes > 0 ? castShare / votes : 0;
          for (int c = 0; c < k; c++) {
            double pseudo = s * castShare * (v == c ? a : (1 - a) / (k - 1));
            // A vote the LF never cast in the fit data gets the same tiny probability under every
            // class: if it turns up later it is no evidence, and no log is of 0.
            next[f * k + c] = Math.max(UNSEEN_VOTE_PROBABILITY, (pass.num[f * k + c] + pseudo
                + (k + 1) * eps * marginal) / (pass.den[c] + (k + 1) * eps));
          }
        }
        // Keep Σ_v P(λ_j = v | c) < 1 so the abstain mass stays positive.
        for (int c = 0; c < k; c++) {
          double sum = 0;
          for (int v = 0; v < k; v++) {
            sum += next[(j * k + v) * k + c];
          }
          if (sum > 1 - MIN_PROBABILITY) {
            for (int v = 0; v < k; v++) {
              next[(j * k + v) * k + c] *= (1 - MIN_PROBABILITY) / sum;
            }
          }
        }
      }
    }
    return next;
  }

  /** P(λ_j = v | c) of a vote v that LF j never cast on the fit data, for every class c. */
  private static final double UNSEEN_VOTE_PROBABILITY = 1e-12;

  /** How far above random (1/k) an accuracy must stay. */
  private static final double MIN_ACCURACY_MARGIN = 0.05;

  /** Smallest accuracy or coverage a parameter may take, so every log stays finite. */
  private static final double MIN_PROBABILITY = 1e-6;

  private static double[] initialPrior(ClassBalance b, int k) {
    return switch (b) {
      case ClassBalance.Given given -> {
        double[] p = given.p();
        if (p.length != k) {
          throw new IllegalArgumentException("given class balance has " + p.length + " classes, the matrix has " + k);
        }
        yield p;
      }
      case ClassBalance.Uniform u -> uniform(k);
      case ClassBalance.Learned l -> uniform(k);
    };
  }

  private static double[] uniform(int k) {
    double[] p = new double[k];
    java.util.Arrays.fill(p, 1.0 / k);
    return p;
  }

  /** Per-class scores table: score[f*k + c] added for a vote f; base[c] added for every row. */
  static double[][] scoreTables(double[] mu, double[] logPrior, int m, int k, boolean modelAbstain) {
    int nf = m * k;
    double[] vote = new double[nf * k];
    double[] base = logPrior.clone();
    for (int j = 0; j < m; j++) {
      for (int c = 0; c < k; c++) {
        double abstain = 1.0;
        for (int v = 0; v < k; v++) {
          abstain -= mu[(j * k + v) * k + c];
        }
        double la = modelAbstain ? Math.log(Math.max(abstain, Double.MIN_NORMAL)) : 0.0;
        base[c] += la;
        for (int v = 0; v < k; v++) {
          int f = j * k + v;
          vote[f * k + c] = Math.log(mu[f * k + c]) - la;
        }
      }
    }
    return new double[][] {vote, base};
  }

  static final class Pass {
    final double[] num;
    final double[] den;
    final double[] lfAgree;
    final double[] lfVotes;
    double logLikelihood;

    Pass(int nf, int k, int m, boolean summaries) {
      num = new double[nf * k];
      den = new double[k];
      lfAgree = summaries ? new double[m] : null;
      lfVotes = summaries ? new double[m] : null;
    }

    void add(Pass o) {
      for (int t = 0; t < num.length; t++) {
        num[t] += o.num[t];
      }
      for (int c = 0; c < den.length; c++) {
        den[c] += o.den[c];
      }
      if (lfAgree != null) {
        for (int j = 0; j < lfAgree.length; j++) {
          lfAgree[j] += o.lfAgree[j];
          lfVotes[j] += o.lfVotes[j];
        }
      }
      logLikelihood += o.logLikelihood;
    }
  }

  /**
   * One E-step over all rows accumulating the M-step sufficient statistics. With {@code mu == null}
   * the posteriors are the smoothed majority-vote shares (the initialisation, which also fixes
   * which class index is which and so avoids label switching).
   */
  private static Pass pass(LabelMatrix g, double[] w, double[] mu, double[] prior, boolean modelAbstain,
      boolean summaries) {
    int n = g.n();
    int k = g.k();
    int m = g.m();
    int nf = m * k;
    double[] logPrior = new double[k];
    for (int c = 0; c < k; c++) {
      logPrior[c] = Math.log(prior[c]);
    }
    double[][] tables = mu == null ? null : scoreTables(mu, logPrior, m, k, modelAbstain);
    int chunks = Math.min(CHUNKS, Math.max(1, n));
    Pass[] parts = new Pass[chunks];
    IntStream.range(0, chunks).parallel().forEach(ch -> {
      Pass part = new Pass(nf, k, m, summaries);
      int from = (int) ((long) n * ch / chunks);
      int to = (int) ((long) n * (ch + 1) / chunks);
      char[] f = g.features();
      double[] q = new double[k];
      for (int i = from; i < to; i++) {
        int s = g.rowStart(i);
        int e = g.rowStart(i + 1);
        double wi = w[i];
        if (tables == null) {
          double z = 0;
          for (int c = 0; c < k; c++) {
            q[c] = INIT_PSEUDO_VOTE;
          }
          for (int p = s; p < e; p++) {
            q[f[p] % k] += 1.0;
          }
          for (int c = 0; c < k; c++) {
            z += q[c];
          }
          for (int c = 0; c < k; c++) {
            q[c] /= z;
          }
        } else {
          double[] vote = tables[0];
          double max = Double.NEGATIVE_INFINITY;
          for (int c = 0; c < k; c++) {
            double sc = tables[1][c];
            for (int p = s; p < e; p++) {
              sc += vote[f[p] * k + c];
            }
            q[c] = sc;
            max = Math.max(max, sc);
          }
          double z = 0;
          for (int c = 0; c < k; c++) {
            q[c] = Math.exp(q[c] - max);
            z += q[c];
          }
          for (int c = 0; c < k; c++) {
            q[c] /= z;
          }
          part.logLikelihood += wi * (max + Math.log(z));
        }
        for (int c = 0; c < k; c++) {
          part.den[c] += wi * q[c];
        }
        for (int p = s; p < e; p++) {
          int base = f[p] * k;
          for (int c = 0; c < k; c++) {
            part.num[base + c] += wi * q[c];
          }
          if (summaries) {
            int j = f[p] / k;
            part.lfVotes[j] += wi;
            part.lfAgree[j] += wi * q[f[p] % k];
          }
        }
      }
      parts[ch] = part;
    });
    Pass sum = new Pass(nf, k, m, summaries);
    for (Pass p : parts) {
      sum.add(p);
    }
    return sum;
  }
}
