package dev.prism.monitor;

import dev.prism.core.config.Config;
import dev.prism.core.config.ConfigKey;
import dev.prism.monitor.drift.Statistic;
import dev.prism.monitor.drift.Thresholds;
import dev.prism.monitor.log.ServedSignalLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Configuration keys of the served-signal log ({@code prism serve}) and of {@code prism monitor}. */
public final class MonitorConfig {
  private MonitorConfig() {}

  public static final ConfigKey<String> LOG_DIR = ConfigKey.stringKey("monitor.log.dir", "",
      "Directory of the served-signal log (partitioned Parquet, signal=NAME@MAJOR/date=YYYY-MM-DD/hour=HH/part-*.parquet). "
          + "Empty = no log. Read by `prism monitor --window-log`.");
  public static final ConfigKey<Double> LOG_SAMPLE_RATE = ConfigKey.doubleKey("monitor.log.sample_rate", 0.01, 0, 1,
      "Share of items whose served values are logged, chosen by a hash of the item id (a sampled item is logged for "
          + "every signal, on every replica).");
  public static final ConfigKey<Integer> LOG_QUEUE = ConfigKey.intKey("monitor.log.queue_capacity", 10_000, 1, 10_000_000,
      "Log rows waiting for the background writer. A full queue drops rows (prism_monitor_log_dropped_total); "
          + "requests are never blocked or failed by the log.");
  public static final ConfigKey<Long> LOG_ROLL_BYTES = ConfigKey.longKey("monitor.log.roll_bytes", 64L << 20, 1024, 1L << 34,
      "A log file is closed (and becomes visible) once this much data is buffered in it.");
  public static final ConfigKey<Integer> LOG_ROLL_SECONDS = ConfigKey.intKey("monitor.log.roll_seconds", 300, 1, 86_400,
      "A log file is closed (and becomes visible) this long after it was opened; until then its rows are in a "
          + "hidden .part-*.inprogress file that readers skip.");

  public static final ConfigKey<Double> PSI = ConfigKey.doubleKey("monitor.threshold.psi", 0.2, 0, 100,
      "Scalar drift: population stability index over reference-decile bins at or above which a signal breaches "
          + "(0.1-0.2 moderate, above 0.2 significant shift). 0 turns a check off (for every monitor.threshold.* key).");
  public static final ConfigKey<Double> KS = ConfigKey.doubleKey("monitor.threshold.ks", 0.1, 0, 1,
      "Scalar drift: two-sample Kolmogorov-Smirnov D at or above which a signal breaches, if its p-value is also "
          + "below monitor.alpha.");
  public static final ConfigKey<Double> JS = ConfigKey.doubleKey("monitor.threshold.js", 0.05, 0, 1,
      "Scalar drift: Jensen-Shannon divergence (bits, over the PSI bins) at or above which a signal breaches.");
  public static final ConfigKey<Double> WASSERSTEIN = ConfigKey.doubleKey("monitor.threshold.wasserstein", 0, 0, 1e12,
      "Scalar drift: Wasserstein-1 distance (in the value's unit) at or above which a signal breaches. Off by "
          + "default: its scale depends on the signal; set it per signal in monitor.thresholds.");
  public static final ConfigKey<Double> SHARE_CHANGE = ConfigKey.doubleKey("monitor.threshold.share_change", 0.05, 0, 1,
      "Label drift: largest change of one class's share at or above which a signal breaches, if the chi-squared "
          + "test of the class counts also has p below monitor.alpha.");
  public static final ConfigKey<Double> MEAN_SHIFT = ConfigKey.doubleKey("monitor.threshold.mean_shift", 0.25, 0, 100,
      "Embedding drift: distance between the window's and the reference's mean vectors, in units of the reference's "
          + "spread (sqrt of its covariance trace), at or above which a signal breaches.");
  public static final ConfigKey<Double> DOMAIN_AUC = ConfigKey.doubleKey("monitor.threshold.domain_auc", 0.65, 0, 1,
      "Embedding drift: held-out AUC of a logistic regression telling window from reference embeddings (0.5 = "
          + "indistinguishable) at or above which a signal breaches.");
  public static final ConfigKey<Double> COVERAGE_DROP = ConfigKey.doubleKey("monitor.threshold.coverage_drop", 0.05, 0, 1,
      "Coverage (share of logged items with a value) lost from reference to window at or above which a signal breaches.");
  public static final ConfigKey<Double> ERROR_RATE = ConfigKey.doubleKey("monitor.threshold.error_rate", 0.02, 0, 1,
      "Error rate gained from reference to window at or above which a signal breaches.");
  public static final ConfigKey<Double> LATENCY_P99 = ConfigKey.doubleKey("monitor.threshold.latency_p99_ms", 0, 0, 1e9,
      "Window request latency p99 (ms, from the log) at or above which a signal breaches. Off by default.");
  public static final ConfigKey<String> OVERRIDES = new ConfigKey<>("monitor.thresholds", String.class, "", s -> {
    Thresholds.parseOverrides(s);
    return s.strip();
  }, v -> null, "Per-signal thresholds, SIGNAL.STATISTIC=VALUE separated by commas, e.g. "
      + "spam.psi=0.1,lang@1.share_change=0.02,text_stats.wasserstein=5. SIGNAL is name or name@major; STATISTIC one of "
      + "psi, ks, js, wasserstein, share_change, mean_shift, domain_auc, coverage_drop, error_rate, latency_p99_ms.");
  public static final ConfigKey<Double> ALPHA = ConfigKey.doubleKey("monitor.alpha", 1e-3, 0, 1,
      "Significance gate of the KS and chi-squared checks: they breach only when the test's p-value is below it too "
          + "(with large windows any difference is significant, so the effect size decides; with small ones noise must not).");
  public static final ConfigKey<Integer> MIN_SAMPLES = ConfigKey.intKey("monitor.min_samples", 100, 1, 100_000_000,
      "Fewest values on each side for a check to give a verdict; with fewer it is reported as insufficient.");
  public static final ConfigKey<Integer> BINS = ConfigKey.intKey("monitor.bins", 10, 2, 1000,
      "Bins for PSI and JS, cut at the reference's quantiles.");
  public static final ConfigKey<Integer> EMBEDDING_MAX_ITEMS = ConfigKey.intKey("monitor.embedding.max_items", 2000, 10, 1_000_000,
      "Most vectors per side the domain classifier is trained and tested on (a seeded subsample).");
  public static final ConfigKey<Long> SEED = ConfigKey.longKey("monitor.seed", 42, Long.MIN_VALUE, Long.MAX_VALUE,
      "Seed of the domain classifier's subsample and train/test split.");

  public static final List<ConfigKey<?>> KEYS = List.of(LOG_DIR, LOG_SAMPLE_RATE, LOG_QUEUE, LOG_ROLL_BYTES, LOG_ROLL_SECONDS,
      PSI, KS, JS, WASSERSTEIN, SHARE_CHANGE, MEAN_SHIFT, DOMAIN_AUC, COVERAGE_DROP, ERROR_RATE, LATENCY_P99, OVERRIDES, ALPHA,
      MIN_SAMPLES, BINS, EMBEDDING_MAX_ITEMS, SEED);

  /** The thresholds {@code cfg} sets. */
  public static Thresholds thresholds(Config cfg) {
    Map<Statistic, Double> d = new EnumMap<>(Statistic.class);
    d.put(Statistic.PSI, cfg.get(PSI));
    d.put(Statistic.KS, cfg.get(KS));
    d.put(Statistic.JS, cfg.get(JS));
    d.put(Statistic.WASSERSTEIN, cfg.get(WASSERSTEIN));
    d.put(Statistic.SHARE_CHANGE, cfg.get(SHARE_CHANGE));
    d.put(Statistic.MEAN_SHIFT, cfg.get(MEAN_SHIFT));
    d.put(Statistic.DOMAIN_AUC, cfg.get(DOMAIN_AUC));
    d.put(Statistic.COVERAGE_DROP, cfg.get(COVERAGE_DROP));
    d.put(Statistic.ERROR_RATE, cfg.get(ERROR_RATE));
    d.put(Statistic.LATENCY_P99_MS, cfg.get(LATENCY_P99));
    return new Thresholds(d, Thresholds.parseOverrides(cfg.get(OVERRIDES)), cfg.get(ALPHA), cfg.get(MIN_SAMPLES));
  }

  /** The log settings, or null when {@code monitor.log.dir} is empty (no log). */
  public static ServedSignalLog.Settings logSettings(Config cfg) {
    String dir = cfg.get(LOG_DIR).strip();
    if (dir.isEmpty()) {
      return null;
    }
    return new ServedSignalLog.Settings(Path.of(dir), cfg.get(LOG_SAMPLE_RATE), cfg.get(LOG_QUEUE), cfg.get(LOG_ROLL_BYTES),
        Duration.ofSeconds(cfg.get(LOG_ROLL_SECONDS)));
  }
}
