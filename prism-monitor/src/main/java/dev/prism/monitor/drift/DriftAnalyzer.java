package dev.prism.monitor.drift;

import dev.prism.core.stats.Binning;
import dev.prism.core.stats.ChiSquared;
import dev.prism.core.stats.ChiSquaredResult;
import dev.prism.core.stats.JensenShannon;
import dev.prism.core.stats.KolmogorovSmirnov;
import dev.prism.core.stats.KsResult;
import dev.prism.core.stats.Psi;
import dev.prism.core.stats.PsiResult;
import dev.prism.core.stats.Wasserstein;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares a window's samples with a reference's, signal by signal, and checks every statistic
 * against its threshold ({@link Thresholds}):
 *
 * <ul>
 *   <li>probability / score, and each feature of a features signal: PSI, KS, JS, Wasserstein;
 *   <li>label: class shares and a chi-squared test of the 2 × classes table;
 *   <li>embedding: mean shift and the domain-classifier AUC ({@link DomainClassifier});
 *   <li>every signal: coverage, error rate, latency percentiles.
 * </ul>
 */
public final class DriftAnalyzer {
  private final Thresholds thresholds;
  private final int bins;
  private final long seed;
  private final int maxEmbeddingItems;

  public DriftAnalyzer(Thresholds thresholds, int bins, long seed, int maxEmbeddingItems) {
    if (bins < 2) {
      throw new IllegalArgumentException("bins must be >= 2, got " + bins);
    }
    this.thresholds = thresholds;
    this.bins = bins;
    this.seed = seed;
    this.maxEmbeddingItems = maxEmbeddingItems;
  }

  public MonitorReport compare(String referenceName, Map<String, SignalSample> reference, String windowName,
      Map<String, SignalSample> window, Instant now) {
    List<SignalDrift> out = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>(reference.keySet());
    names.addAll(window.keySet());
    for (String s : names) {
      SignalSample r = reference.get(s);
      SignalSample w = window.get(s);
      if (r == null) {
        notes.add(s + ": in the window only (" + w.rows() + " rows), no reference to compare with");
        continue;
      }
      if (w == null) {
        notes.add(s + ": in the reference only (" + r.rows() + " rows), not served in the window");
        continue;
      }
      out.add(signal(r, w));
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("bins", Integer.toString(bins));
    settings.put("alpha", Double.toString(thresholds.alpha()));
    settings.put("min_samples", Integer.toString(thresholds.minSamples()));
    settings.put("seed", Long.toString(seed));
    settings.put("embedding_max_items", Integer.toString(maxEmbeddingItems));
    thresholds.defaults().forEach((k, v) -> settings.put("threshold." + k.key(), Double.toString(v)));
    thresholds.overrides().forEach((sig, m) -> m.forEach((k, v) -> settings.put("threshold." + sig + "." + k.key(),
        Double.toString(v))));
    return new MonitorReport(referenceName, windowName, now, settings, out, notes);
  }

  SignalDrift signal(SignalSample r, SignalSample w) {
    String s = w.signal();
    List<SeriesDrift> series = new ArrayList<>();
    List<Check> checks = new ArrayList<>();
    String kind = w.kind().equals("error") ? r.kind() : w.kind();
    switch (kind) {
      case "probability", "score" -> scalar(s, s, r.scalars(), w.scalars(), series, checks);
      case "features" -> {
        TreeSet<String> fs = new TreeSet<>(r.features().keySet());
        fs.retainAll(w.features().keySet());
        for (String f : fs) {
          scalar(s, s + "." + f, r.features().get(f), w.features().get(f), series, checks);
        }
      }
      case "label" -> label(s, r, w, series, checks);
      case "embedding" -> embedding(s, r, w, series, checks);
      default -> { } // hash, text: coverage and errors only
    }
    double covDrop = r.coverage() - w.coverage();
    checks.add(check(s, s, Statistic.COVERAGE_DROP, covDrop, Double.NaN, r.rows(), w.rows()));
    checks.add(check(s, s, Statistic.ERROR_RATE, w.errorRate() - r.errorRate(), Double.NaN, r.rows(), w.rows()));
    double[] latW = percentiles(w.latenciesMs());
    double[] latR = percentiles(r.latenciesMs());
    if (latW.length > 0) {
      checks.add(check(s, s, Statistic.LATENCY_P99_MS, latW[2], Double.NaN, Long.MAX_VALUE, w.latenciesMs().length));
    }
    return new SignalDrift(s, kind, r.rows(), w.rows(), r.coverage(), w.coverage(), r.errorRate(), w.errorRate(), latR, latW,
        r.versions(), w.versions(), series, checks);
  }

  private void scalar(String signal, String name, double[] ref, double[] win, List<SeriesDrift> series, List<Check> checks) {
    if (ref.length < 2 || win.length < 1) {
      checks.add(new Check(name, Statistic.PSI, Double.NaN, thresholds.of(signal, Statistic.PSI), Double.NaN,
          Check.Status.INSUFFICIENT));
      return;
    }
    PsiResult psi = Psi.of(ref, win, bins);
    KsResult ks = KolmogorovSmirnov.twoSample(ref, win);
    double js = JensenShannon.fromCounts(psi.referenceCounts(), psi.windowCounts());
    double wd = Wasserstein.distance(ref, win);
    series.add(new SeriesDrift.Scalar(name, ref.length, win.length, mean(ref), mean(win), psi, ks, js, wd,
        quantiles(ref), quantiles(win)));
    checks.add(check(signal, name, Statistic.PSI, psi.psi(), Double.NaN, ref.length, win.length));
    checks.add(check(signal, name, Statistic.KS, ks.statistic(), ks.pValue(), ref.length, win.length));
    checks.add(check(signal, name, Statistic.JS, js, Double.NaN, ref.length, win.length));
    checks.add(check(signal, name, Statistic.WASSERSTEIN, wd, Double.NaN, ref.length, win.length));
  }

  private void label(String s, SignalSample r, SignalSample w, List<SeriesDrift> series, List<Check> checks) {
    TreeSet<String> classes = new TreeSet<>(r.labels().keySet());
    classes.addAll(w.labels().keySet());
    long[][] table = new long[2][classes.size()];
    int i = 0;
    long nr = r.labels().values().stream().mapToLong(Long::longValue).sum();
    long nw = w.labels().values().stream().mapToLong(Long::longValue).sum();
    double maxChange = 0;
    String maxClass = "";
    for (String c : classes) {
      table[0][i] = r.labels().getOrDefault(c, 0L);
      table[1][i] = w.labels().getOrDefault(c, 0L);
      double change = Math.abs((nw == 0 ? 0 : (double) table[1][i] / nw) - (nr == 0 ? 0 : (double) table[0][i] / nr));
      if (change > maxChange) {
        maxChange = change;
        maxClass = c;
      }
      i++;
    }
    if (nr == 0 || nw == 0) {
      checks.add(new Check(s, Statistic.SHARE_CHANGE, Double.NaN, thresholds.of(s, Statistic.SHARE_CHANGE), Double.NaN,
          Check.Status.INSUFFICIENT));
      return;
    }
    ChiSquaredResult chi = ChiSquared.contingency(table);
    series.add(new SeriesDrift.Label(s, r.labels(), w.labels(), chi, maxChange, maxClass));
    checks.add(check(s, s, Statistic.SHARE_CHANGE, maxChange, chi.pValue(), nr, nw));
  }

  private void embedding(String s, SignalSample r, SignalSample w, List<SeriesDrift> series, List<Check> checks) {
    if (r.vectors().isEmpty() || w.vectors().isEmpty()) {
      checks.add(new Check(s, Statistic.MEAN_SHIFT, Double.NaN, thresholds.of(s, Statistic.MEAN_SHIFT), Double.NaN,
          Check.Status.INSUFFICIENT));
      return;
    }
    int d = r.vectors().get(0).length;
    double[] mr = meanVector(r.vectors(), d, s + " reference");
    double[] mw = meanVector(w.vectors(), d, s + " window");
    double trace = 0;
    for (float[] x : r.vectors()) {
      for (int j = 0; j < d; j++) {
        trace += (x[j] - mr[j]) * (x[j] - mr[j]);
      }
    }
    trace /= Math.max(1, r.vectors().size() - 1);
    double dist = 0;
    for (int j = 0; j < d; j++) {
      dist += (mw[j] - mr[j]) * (mw[j] - mr[j]);
    }
    dist = Math.sqrt(dist);
    double shift = trace > 0 ? dist / Math.sqrt(trace) : (dist > 0 ? Double.POSITIVE_INFINITY : 0);
    DomainClassifier.Result dc = DomainClassifier.auc(r.vectors(), w.vectors(), maxEmbeddingItems, seed);
    series.add(new SeriesDrift.Embedding(s, d, r.vectors().size(), w.vectors().size(), shift, dist, dc.auc(), dc.trainItems(),
        dc.testItems()));
    checks.add(check(s, s, Statistic.MEAN_SHIFT, shift, Double.NaN, r.vectors().size(), w.vectors().size()));
    checks.add(check(s, s, Statistic.DOMAIN_AUC, dc.auc(), Double.NaN, r.vectors().size(), w.vectors().size()));
  }

  private Check check(String signal, String series, Statistic stat, double value, double p, long nRef, long nWin) {
    double t = thresholds.of(signal, stat);
    if (t == 0) {
      return new Check(series, stat, value, t, p, Check.Status.OFF);
    }
    if (nRef < thresholds.minSamples() || nWin < thresholds.minSamples() || Double.isNaN(value)) {
      return new Check(series, stat, value, t, p, Check.Status.INSUFFICIENT);
    }
    boolean past = value >= t;
    if (stat == Statistic.KS || stat == Statistic.SHARE_CHANGE) {
      // effect size and significance both: with large windows any difference is significant
      past = past && p < thresholds.alpha();
    }
    return new Check(series, stat, value, t, p, past ? Check.Status.BREACH : Check.Status.OK);
  }

  private static double[] meanVector(List<float[]> xs, int d, String what) {
    double[] m = new double[d];
    for (float[] x : xs) {
      if (x.length != d) {
        throw new IllegalArgumentException(what + ": embeddings of dimension " + x.length + " and " + d);
      }
      for (int j = 0; j < d; j++) {
        m[j] += x[j];
      }
    }
    for (int j = 0; j < d; j++) {
      m[j] /= xs.size();
    }
    return m;
  }

  static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return x.length == 0 ? Double.NaN : s / x.length;
  }

  /** The 0th..100th percentiles. */
  static double[] quantiles(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    double[] q = new double[101];
    for (int i = 0; i <= 100; i++) {
      q[i] = Binning.quantileSorted(s, i / 100.0);
    }
    return q;
  }

  /** p50, p90, p99, or empty. */
  static double[] percentiles(double[] x) {
    if (x.length == 0) {
      return new double[0];
    }
    double[] s = x.clone();
    Arrays.sort(s);
    return new double[] {Binning.quantileSorted(s, 0.5), Binning.quantileSorted(s, 0.9), Binning.quantileSorted(s, 0.99)};
  }
}
