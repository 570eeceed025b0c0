package dev.prism.label.model;

import dev.prism.label.matrix.LabelMatrix;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FlyingSquid's closed-form triplet method (Fu et al., "Fast and Three-rious: Speeding Up Weak
 * Supervision with Triplet Methods", ICML 2020), without dependencies. Each LF has one accuracy α_j
 * (right with probability α_j when it votes, wrong classes equally likely, voting independent of
 * Y). Write s_j = (k·α_j − 1)/(k − 1) (for k = 2, s_j = E[λ_j·Y | j votes] on ±1 votes, FlyingSquid's
 * accuracy parameter). Conditional independence gives, for two LFs on the items both vote on,
 *
 * <pre>
 *   M_ij = (k · P(λ_i = λ_j) − 1)/(k − 1) = s_i · s_j
 * </pre>
 *
 * so for any triplet |s_i| = sqrt(|M_ij · M_il / M_jl|): closed form, no iterations. Each LF's s_i
 * is the median over its triplets (FlyingSquid averages; the median resists the triplets whose
 * small co-vote counts make M noisy), signs are taken positive (LFs better than random, as in
 * FlyingSquid). For k = 2 this is FlyingSquid's estimator; for k > 2 FlyingSquid (and WRENCH's
 * wrapper) fits k one-vs-rest binary models, which breaks for LFs that always vote one class; this
 * uses the k-class identity above instead. A pair counts only with at least {@link #MIN_COVOTES}
 * co-votes and a triplet only when |M_jl| ≥ {@link #MIN_DENOMINATOR}; an LF in no triplet gets
 * {@link FitOptions#PRIOR_ACCURACY}. Prediction: P(Y = c | λ) ∝ π_c Π_{j voted} (α_j if λ_j = c
 * else (1 − α_j)/(k − 1)).
 *
 * @param balance the class balance π: uniform or given (e.g. from valid)
 */
public record TripletModel(ClassBalance balance) implements LabelModel {

  private static final Logger LOG = LoggerFactory.getLogger(TripletModel.class);

  /** Fewer co-votes than this leave a pair's agreement rate too noisy to use (± 0.16 at 10). */
  public static final int MIN_COVOTES = 10;

  /** A triplet divides by M_jl; below this the ratio is noise. */
  public static final double MIN_DENOMINATOR = 0.05;

  /** Accuracies are kept inside (1/k + margin, 1 − margin) so every log stays finite. */
  public static final double ACCURACY_MARGIN = 1e-3;

  public TripletModel {
    if (balance == null) {
      throw new IllegalArgumentException("class balance must not be null");
    }
    if (balance instanceof ClassBalance.Learned) {
      throw new IllegalArgumentException("the triplet model takes the class balance as known: use uniform or given");
    }
  }

  public TripletModel() {
    this(new ClassBalance.Uniform());
  }

  @Override
  public String name() {
    return "flyingsquid";
  }

  @Override
  public ClassConditionalModel fit(LabelMatrix labels) {
    int m = labels.m();
    int k = labels.k();
    int d = m * k;
    double[] p = EmEngine.startPrior(balance, k);
    long t0 = System.nanoTime();
    Moments o = Moments.of(labels, name());
    double n = o.n();
    // Pairwise co-vote counts and centred agreement M_ij.
    double[] covotes = new double[m * m];
    double[] agree = new double[m * m];
    double[] pair = o.pair();
    for (int a = 0; a < d; a++) {
      int i = a / k;
      for (int b = 0; b < d; b++) {
        int j = b / k;
        if (i == j) {
          continue;
        }
        double c = pair[a * d + b] * n;
        covotes[i * m + j] += c;
        if (a % k == b % k) {
          agree[i * m + j] += c;
        }
      }
    }
    double[] mij = new double[m * m];
    boolean[] ok = new boolean[m * m];
    int[][] neighbours = new int[m][];
    for (int i = 0; i < m; i++) {
      int[] nb = new int[m];
      int cnt = 0;
      for (int j = 0; j < m; j++) {
        double c = covotes[i * m + j];
        if (i != j && c >= MIN_COVOTES) {
          ok[i * m + j] = true;
          mij[i * m + j] = (k * agree[i * m + j] / c - 1) / (k - 1);
          nb[cnt++] = j;
        }
      }
      neighbours[i] = Arrays.copyOf(nb, cnt);
    }
    double[] alpha = new double[m];
    int estimated = 0;
    double[] buf = new double[16];
    for (int i = 0; i < m; i++) {
      int[] nb = neighbours[i];
      int cnt = 0;
      for (int x = 0; x < nb.length; x++) {
        for (int y = x + 1; y < nb.length; y++) {
          int j = nb[x];
          int l = nb[y];
          if (!ok[j * m + l] || Math.abs(mij[j * m + l]) < MIN_DENOMINATOR) {
            continue;
          }
          if (cnt == buf.length) {
            buf = Arrays.copyOf(buf, cnt * 2);
          }
          buf[cnt++] = Math.sqrt(Math.abs(mij[i * m + j] * mij[i * m + l] / mij[j * m + l]));
        }
      }
      double a;
      if (cnt == 0) {
        a = FitOptions.PRIOR_ACCURACY;
      } else {
        double[] v = Arrays.copyOf(buf, cnt);
        Arrays.sort(v);
        double s = cnt % 2 == 1 ? v[cnt / 2] : 0.5 * (v[cnt / 2 - 1] + v[cnt / 2]);
        a = 1.0 / k + (k - 1.0) / k * s;
        estimated++;
      }
      alpha[i] = Math.min(1 - ACCURACY_MARGIN, Math.max(1.0 / k + ACCURACY_MARGIN, a));
    }
    double[] mu = new double[d * k];
    for (int j = 0; j < m; j++) {
      double coverage = 0;
      for (int v = 0; v < k; v++) {
        coverage += o.single()[j * k + v];
      }
      double beta = Math.max(coverage, 1e-6);
      for (int v = 0; v < k; v++) {
        for (int c = 0; c < k; c++) {
          mu[(j * k + v) * k + c] = beta * (v == c ? alpha[j] : (1 - alpha[j]) / (k - 1));
        }
      }
    }
    LOG.info("flyingsquid: {} of {} LFs estimated from triplets, the rest at the prior accuracy {}; {} ms",
        estimated, m, FitOptions.PRIOR_ACCURACY, (System.nanoTime() - t0) / 1_000_000);
    return ClassConditionalModel.fromParameters(name(), labels, mu, p, 0, true);
  }
}
