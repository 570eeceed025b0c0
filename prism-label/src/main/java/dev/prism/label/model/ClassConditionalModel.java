package dev.prism.label.model;

import dev.prism.label.matrix.LabelMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fitted class-conditional LF model (Dawid–Skene or the generative model): per LF and class the
 * distribution of its vote, a class prior, and diagnostics (estimated LF accuracies, duplicate and
 * correlated LF pairs).
 */
public final class ClassConditionalModel implements FittedLabelModel {

  private static final Logger LOG = LoggerFactory.getLogger(ClassConditionalModel.class);

  /**
   * A pair of LFs is reported as correlated when some pair of their vote values co-occurs more or
   * less often than the fitted model implies by at least this much, expressed as a correlation.
   * On youtube the labelled conditional correlations of the known-dependent pairs are 0.2–0.4.
   */
  public static final double CORRELATION_REPORT_THRESHOLD = 0.15;

  /** Above this many features (m × k) the pairwise co-vote table (features²) is not computed. */
  public static final int MAX_DEPENDENCY_FEATURES = 2048;

  private final String name;
  private final int m;
  private final int k;
  private final int[] keep;
  private final boolean modelAbstain;
  private final double[] voteTable;
  private final double[] baseTable;
  private final double[] mu;
  private final double[] classBalance;
  private final double[] meanPosterior;
  private final double[] lfAccuracy;
  private final int[] classRank;
  private final List<LfDependency> dependencies;
  private final int iterations;
  private final boolean converged;

  private ClassConditionalModel(String name, int m, int k, int[] keep, boolean modelAbstain, EmEngine.Result r,
      double[] lfAccuracy, int[] classRank, List<LfDependency> dependencies) {
    this.name = name;
    this.m = m;
    this.k = k;
    this.keep = keep;
    this.modelAbstain = modelAbstain;
    this.mu = r.mu();
    double[][] tables = EmEngine.scoreTables(r.mu(), r.logPrior(), keep.length, k, modelAbstain);
    this.voteTable = tables[0];
    this.baseTable = tables[1];
    this.classBalance = Arrays.stream(r.logPrior()).map(Math::exp).toArray();
    this.meanPosterior = r.meanPosterior();
    this.lfAccuracy = lfAccuracy;
    this.classRank = classRank;
    this.dependencies = List.copyOf(dependencies);
    this.iterations = r.iterations();
    this.converged = r.converged();
  }

  /** Fits the model; {@code modelAbstain} selects the full Dawid–Skene likelihood. */
  static ClassConditionalModel fit(String name, LabelMatrix labels, FitOptions opt, boolean modelAbstain) {
    if (labels.n() == 0) {
      throw new IllegalArgumentException("cannot fit " + name + " on an empty label matrix");
    }
    int m = labels.m();
    int k = labels.k();
    int[] rep = opt.detectDuplicates() ? duplicateRepresentatives(labels) : identity(m);
    int[] keep = Arrays.stream(rep).distinct().sorted().toArray();
    LabelMatrix reduced = keep.length == m ? labels : labels.selectColumns(keep);
    long t0 = System.nanoTime();
    RowGroups groups = RowGroups.of(reduced);
    LOG.info("{}: {} rows, {} distinct vote patterns, {} of {} LFs after merging duplicates",
        name, labels.n(), groups.unique().n(), keep.length, m);
    EmEngine.Result r = EmEngine.fit(groups.unique(), groups.weight(), modelAbstain, opt);
    int[] keptIndex = new int[m];
    Arrays.fill(keptIndex, -1);
    for (int t = 0; t < keep.length; t++) {
      keptIndex[keep[t]] = t;
    }
    double[] acc = new double[m];
    for (int j = 0; j < m; j++) {
      acc[j] = r.lfAccuracy()[keptIndex[rep[j]]];
    }
    List<LfDependency> deps = new ArrayList<>();
    for (int j = 0; j < m; j++) {
      if (rep[j] != j) {
        deps.add(new LfDependency(rep[j], j, LfDependency.Kind.DUPLICATE, 1.0, -1, -1));
      }
    }
    deps.addAll(correlated(groups, r, keep));
    ClassConditionalModel partial = new ClassConditionalModel(name, m, k, keep, modelAbstain, r, acc, identity(k),
        deps);
    // The class ranking for FIT_MAJORITY ties: predicted shares on the fit data.
    ProbabilisticLabels p = partial.predictReduced(groups.unique());
    double[] share = new double[k];
    int[] pred = p.predict(TieBreak.ABSTAIN, identity(k), 0);
    for (int g = 0; g < pred.length; g++) {
      if (pred[g] >= 0) {
        share[pred[g]] += groups.weight()[g];
      }
    }
    LOG.info("{} fit in {} ms", name, (System.nanoTime() - t0) / 1_000_000);
    return new ClassConditionalModel(name, m, k, keep, modelAbstain, r, acc, rankByShare(share), deps);
  }

  /**
   * A model with parameters estimated elsewhere (matrix completion, triplets): the same posterior
   * P(Y = c | λ) ∝ π_c Π_{j voted} μ_{j,λ_j,c}, abstentions carry no evidence. LF accuracies, the
   * estimated class balance and correlated pairs are computed as for the EM models.
   *
   * @param mu {@code mu[(j*k + v)*k + c]} = P(λ_j = v | Y = c), all in (0, 1]
   * @param prior P(Y = c)
   */
  static ClassConditionalModel fromParameters(String name, LabelMatrix labels, double[] mu, double[] prior,
      int iterations, boolean converged) {
    int m = labels.m();
    int k = labels.k();
    RowGroups groups = RowGroups.of(labels);
    EmEngine.Result r = EmEngine.summarize(groups.unique(), groups.weight(), mu, prior);
    r = new EmEngine.Result(r.mu(), r.logPrior(), r.meanPosterior(), r.lfAccuracy(), iterations, converged,
        r.logLikelihood());
    int[] keep = identity(m);
    List<LfDependency> deps = correlated(groups, r, keep);
    ClassConditionalModel partial = new ClassConditionalModel(name, m, k, keep, false, r, r.lfAccuracy(),
        identity(k), deps);
    int[] pred = partial.predictReduced(groups.unique()).predict(TieBreak.ABSTAIN, identity(k), 0);
    double[] share = new double[k];
    for (int g = 0; g < pred.length; g++) {
      if (pred[g] >= 0) {
        share[pred[g]] += groups.weight()[g];
      }
    }
    return new ClassConditionalModel(name, m, k, keep, false, r, r.lfAccuracy(), rankByShare(share), deps);
  }

  /** Classes by decreasing share, ties by increasing index. */
  static int[] rankByShare(double[] share) {
    Integer[] idx = new Integer[share.length];
    for (int c = 0; c < idx.length; c++) {
      idx[c] = c;
    }
    Arrays.sort(idx, Comparator.<Integer>comparingDouble(c -> -share[c]).thenComparingInt(c -> c));
    return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
  }

  static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  /** For each LF the index of the first LF with exactly the same vote on every item. */
  static int[] duplicateRepresentatives(LabelMatrix l) {
    int m = l.m();
    int k = l.k();
    long[] hash = new long[m];
    long[] count = new long[m];
    char[] f = l.features();
    for (int i = 0; i < l.n(); i++) {
      for (int p = l.rowStart(i); p < l.rowStart(i + 1); p++) {
        int j = f[p] / k;
        hash[j] = (hash[j] ^ (i * 31L + f[p] % k + 1)) * 0x9E3779B97F4A7C15L;
        count[j]++;
      }
    }
    int[] rep = identity(m);
    Map<Long, List<Integer>> byHash = new HashMap<>();
    int[][] columns = new int[m][];
    for (int j = 0; j < m; j++) {
      List<Integer> candidates = byHash.computeIfAbsent(hash[j] * 31 + count[j], h -> new ArrayList<>());
      for (int c : candidates) {
        if (columns[c] == null) {
          columns[c] = l.column(c);
        }
        if (columns[j] == null) {
          columns[j] = l.column(j);
        }
        if (Arrays.equals(columns[c], columns[j])) {
          rep[j] = c;
          break;
        }
      }
      if (rep[j] == j) {
        candidates.add(j);
      }
    }
    return rep;
  }

  /**
   * Residual co-vote correlations: for features f, g of different LFs, observed rate O_fg of both
   * votes on one item versus the model's E_fg = Σ_c π̂_c μ_fc μ_gc (π̂ = mean posterior), scaled
   * by sqrt(P_f (1 − P_f) P_g (1 − P_g)).
   */
  private static List<LfDependency> correlated(RowGroups groups, EmEngine.Result r, int[] keep) {
    LabelMatrix g = groups.unique();
    int k = g.k();
    int nf = g.m() * k;
    if (nf > MAX_DEPENDENCY_FEATURES) {
      LOG.info("skipping correlated-LF detection: {} features exceed {}", nf, MAX_DEPENDENCY_FEATURES);
      return List.of();
    }
    double[] w = groups.weight();
    double total = 0;
    double[] marg = new double[nf];
    double[] co = new double[nf * nf];
    char[] f = g.features();
    for (int i = 0; i < g.n(); i++) {
      total += w[i];
      int s = g.rowStart(i);
      int e = g.rowStart(i + 1);
      for (int p = s; p < e; p++) {
        marg[f[p]] += w[i];
        for (int q = p + 1; q < e; q++) {
          co[f[p] * nf + f[q]] += w[i];
        }
      }
    }
    double[] mu = r.mu();
    double[] pi = r.meanPosterior();
    List<LfDependency> out = new ArrayList<>();
    int m = g.m();
    for (int a = 0; a < m; a++) {
      for (int b = a + 1; b < m; b++) {
        double best = 0;
        int bestVa = -1;
        int bestVb = -1;
        for (int va = 0; va < k; va++) {
          int fa = a * k + va;
          double pa = marg[fa] / total;
          for (int vb = 0; vb < k; vb++) {
            int fb = b * k + vb;
            double pb = marg[fb] / total;
            double sd = Math.sqrt(pa * (1 - pa) * pb * (1 - pb));
            if (sd <= 0) {
              continue;
            }
            double expected = 0;
            for (int c = 0; c < k; c++) {
              expected += pi[c] * mu[fa * k + c] * mu[fb * k + c];
            }
            double rho = (co[fa * nf + fb] / total - expected) / sd;
            if (Math.abs(rho) > Math.abs(best)) {
              best = rho;
              bestVa = va;
              bestVb = vb;
            }
          }
        }
        if (Math.abs(best) >= CORRELATION_REPORT_THRESHOLD) {
          out.add(new LfDependency(keep[a], keep[b], LfDependency.Kind.CORRELATED, best, bestVa, bestVb));
        }
      }
    }
    out.sort(Comparator.comparingDouble((LfDependency d) -> -Math.abs(d.residualCorrelation())));
    return out;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int k() {
    return k;
  }

  @Override
  public int m() {
    return m;
  }

  @Override
  public int[] classRank() {
    return classRank.clone();
  }

  @Override
  public double[] classPrior() {
    return classBalance.clone();
  }

  /** The class prior the model predicts with. */
  public double[] classBalance() {
    return classBalance.clone();
  }

  /** Mean posterior P(Y = c) over the fit data: the model's estimate of the class balance there. */
  public double[] estimatedClassBalance() {
    return meanPosterior.clone();
  }

  /**
   * Per LF, the estimated accuracy on the fit data: the posterior-expected share of its non-abstain
   * votes that equal the true class. NaN for an LF that never voted.
   */
  public double[] lfAccuracies() {
    return lfAccuracy.clone();
  }

  /** P(λ_j = v | Y = c) for an LF that was kept (duplicates share their representative's). */
  public double voteProbability(int lf, int vote, int cls) {
    int t = Arrays.binarySearch(keep, lf);
    if (t < 0) {
      throw new IllegalArgumentException("LF " + lf + " is a duplicate; ask its representative");
    }
    return mu[(t * k + vote) * k + cls];
  }

  /** Duplicate LFs (fit on one of them) and correlated pairs, strongest first. */
  public List<LfDependency> dependencies() {
    return dependencies;
  }

  public int iterations() {
    return iterations;
  }

  public boolean converged() {
    return converged;
  }

  @Override
  public ProbabilisticLabels predictProba(LabelMatrix labels) {
    checkCompatible(labels);
    return predictReduced(keep.length == m ? labels : labels.selectColumns(keep));
  }

  private ProbabilisticLabels predictReduced(LabelMatrix l) {
    int n = l.n();
    double[] probs = new double[n * k];
    char[] f = l.features();
    double[] s = new double[k];
    for (int i = 0; i < n; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        double sc = baseTable[c];
        for (int p = l.rowStart(i); p < l.rowStart(i + 1); p++) {
          sc += voteTable[f[p] * k + c];
        }
        s[c] = sc;
        max = Math.max(max, sc);
      }
      double z = 0;
      for (int c = 0; c < k; c++) {
        s[c] = Math.exp(s[c] - max);
        z += s[c];
      }
      for (int c = 0; c < k; c++) {
        probs[i * k + c] = s[c] / z;
      }
    }
    return new ProbabilisticLabels(n, k, probs);
  }

  boolean modelsAbstain() {
    return modelAbstain;
  }
}
