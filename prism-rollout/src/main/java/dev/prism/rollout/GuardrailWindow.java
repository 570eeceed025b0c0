package dev.prism.rollout;

import dev.prism.core.stats.Binning;
import dev.prism.core.stats.Psi;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A sliding window over the last {@link Guardrails#windowItems()} items both the candidate and
 * production scored (count-based, so a quiet hour and a busy minute weigh the same number of
 * items), plus the candidate's per-item compute time of its last calls. Thread-safe: batches record
 * into it concurrently.
 *
 * <p>Each compared item keeps both scores (NaN when that side failed) and both decisions (a
 * probability at the threshold, or the label). The guardrails, in the order they are checked:
 * error-rate increase, latency p99, PSI of the candidate's scores against production's on the
 * same items ({@link Psi}, production's deciles; for labels, class shares), decision agreement.
 */
public final class GuardrailWindow {
  private final Guardrails limits;
  private final double[] prod;
  private final double[] cand;
  private final String[] prodDecision;
  private final String[] candDecision;
  private final double[] latencyMs;
  private int next;
  private int size;
  private int latencyNext;
  private int latencySize;
  private long recorded;

  public GuardrailWindow(Guardrails limits) {
    this.limits = limits;
    int n = limits.windowItems();
    this.prod = new double[n];
    this.cand = new double[n];
    this.prodDecision = new String[n];
    this.candDecision = new String[n];
    this.latencyMs = new double[Math.min(Math.max(n, 100), 10_000)]; // one sample per call, not per item
  }

  public Guardrails limits() {
    return limits;
  }

  /**
   * One compared item.
   *
   * @param productionScore NaN when production failed on the item
   * @param candidateScore NaN when the candidate failed on it (an error, a contract violation)
   * @param productionDecision null when production failed
   * @param candidateDecision null when the candidate failed
   */
  public synchronized void record(double productionScore, String productionDecision, double candidateScore,
      String candidateDecision) {
    prod[next] = productionScore;
    cand[next] = candidateScore;
    prodDecision[next] = productionDecision;
    candDecision[next] = candidateDecision;
    next = (next + 1) % prod.length;
    size = Math.min(size + 1, prod.length);
    recorded++;
  }

  /** Compared items recorded since this window was made (not capped by the window's size). */
  public synchronized long recorded() {
    return recorded;
  }

  /** The candidate's compute time per item of one call (its time over the items it scored). */
  public synchronized void recordLatency(double msPerItem) {
    latencyMs[latencyNext] = msPerItem;
    latencyNext = (latencyNext + 1) % latencyMs.length;
    latencySize = Math.min(latencySize + 1, latencyMs.length);
  }

  public synchronized int size() {
    return size;
  }

  /** The guardrail values now, and the first breach when the window holds enough items. */
  public synchronized GuardrailReport evaluate() {
    int n = size;
    int prodErr = 0;
    int candErr = 0;
    int both = 0;
    int agree = 0;
    double[] ps = new double[n];
    double[] cs = new double[n];
    for (int i = 0; i < n; i++) {
      boolean pOk = prodDecision[i] != null;
      boolean cOk = candDecision[i] != null;
      prodErr += pOk ? 0 : 1;
      candErr += cOk ? 0 : 1;
      if (pOk && cOk) {
        ps[both] = prod[i];
        cs[both] = cand[i];
        if (prodDecision[i].equals(candDecision[i])) {
          agree++;
        }
        both++;
      }
    }
    double candRate = n == 0 ? Double.NaN : (double) candErr / n;
    double prodRate = n == 0 ? Double.NaN : (double) prodErr / n;
    double agreement = both == 0 ? Double.NaN : (double) agree / both;
    double psi = both == 0 ? Double.NaN : psi(Arrays.copyOf(ps, both), Arrays.copyOf(cs, both), n);
    double p99 = Double.NaN;
    if (latencySize > 0) {
      double[] l = Arrays.copyOf(latencyMs, latencySize);
      Arrays.sort(l);
      p99 = Binning.quantileSorted(l, 0.99);
    }
    boolean judged = n >= limits.minItems();
    Optional<GuardrailReport.Breach> breach = Optional.empty();
    if (judged) {
      if (candRate - prodRate > limits.maxErrorRateIncrease()) {
        breach = Optional.of(new GuardrailReport.Breach(Guardrails.ERROR_RATE, candRate - prodRate,
            limits.maxErrorRateIncrease(), n));
      } else if (p99 > limits.maxLatencyP99Ms()) {
        breach = Optional.of(new GuardrailReport.Breach(Guardrails.LATENCY_P99, p99, limits.maxLatencyP99Ms(), n));
      } else if (psi > limits.maxPsi()) {
        breach = Optional.of(new GuardrailReport.Breach(Guardrails.PSI, psi, limits.maxPsi(), n));
      } else if (agreement < limits.minAgreement()) {
        breach = Optional.of(new GuardrailReport.Breach(Guardrails.AGREEMENT, agreement, limits.minAgreement(), n));
      }
    }
    return new GuardrailReport(n, judged, candRate, prodRate, p99, psi, agreement, breach);
  }

  /**
   * PSI of the candidate's scores against production's. Label signals carry no score (NaN): their
   * decisions (labels) are the categories, compared by class share.
   */
  private double psi(double[] p, double[] c, int n) {
    if (!Double.isNaN(p[0])) {
      return Psi.of(p, c, Psi.DEFAULT_BINS).psi();
    }
    Map<String, long[]> counts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      if (prodDecision[i] != null && candDecision[i] != null) {
        counts.computeIfAbsent(prodDecision[i], k -> new long[2])[0]++;
        counts.computeIfAbsent(candDecision[i], k -> new long[2])[1]++;
      }
    }
    TreeSet<String> labels = new TreeSet<>(counts.keySet());
    long[] r = new long[labels.size()];
    long[] w = new long[labels.size()];
    int i = 0;
    for (String l : labels) {
      r[i] = counts.get(l)[0];
      w[i++] = counts.get(l)[1];
    }
    return Psi.fromCounts(r, w);
  }
}
