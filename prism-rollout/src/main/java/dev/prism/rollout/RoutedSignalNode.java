package dev.prism.rollout;

import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.graph.Node;
import dev.prism.core.signal.ContractViolation;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graph node of a signal served through the registry. It produces the signal's contract and
 * routes each item to the production version or the candidate, following the current
 * {@link Routing} (read once per batch: a batch finishes on the versions it started with).
 *
 * <ul>
 *   <li>production scores every item (heads are a few dot products, so computing it on the
 *       candidate's items too costs little and gives the guardrails a same-item comparison);
 *   <li>the candidate scores the canary's items and the shadow sample; a canary item gets the
 *       candidate's value and provenance ({@code Column.set(i, v, provenance)}), a shadow item only
 *       goes into the comparison;
 *   <li>a candidate failure (a throw, an item error, a value its contract refuses) never fails the
 *       item: production's value answers it and the failure counts against the candidate;
 *   <li>after each batch the guardrails are evaluated; a breach switches this node back to
 *       production-only at once (before the batch returns) and hands a {@link Halt} to the listener,
 *       which records it.
 * </ul>
 */
public final class RoutedSignalNode implements Node {
  private static final Logger log = LoggerFactory.getLogger(RoutedSignalNode.class);
  private static final Logger comparisons = LoggerFactory.getLogger("dev.prism.rollout.comparisons");

  private final String name;
  private final String signal;
  private final VersionLoader.Slot slot;
  private final AtomicReference<Routing> routing;
  private final Consumer<Halt> onHalt;
  private final AtomicReference<GuardrailReport> lastReport = new AtomicReference<>();
  private final MeterRegistry meters;
  private final Counter candidateErrors;
  private final Counter comparedItems;

  public RoutedSignalNode(String signal, VersionLoader.Slot slot, LoadedVersion production, MeterRegistry meters,
      Consumer<Halt> onHalt) {
    this.signal = signal;
    this.name = nodeName(signal);
    this.slot = slot;
    this.routing = new AtomicReference<>(Routing.productionOnly(production));
    this.onHalt = onHalt;
    this.meters = meters;
    this.candidateErrors = Counter.builder("prism.rollout.candidate.errors")
        .description("Items a candidate failed on (production answered them)").tag("signal", signal).register(meters);
    this.comparedItems = Counter.builder("prism.rollout.compared.items")
        .description("Items scored by both the candidate and production").tag("signal", signal).register(meters);
    gauge(Guardrails.ERROR_RATE, r -> r.candidateErrorRate() - r.productionErrorRate());
    gauge(Guardrails.LATENCY_P99, GuardrailReport::latencyP99Ms);
    gauge(Guardrails.PSI, GuardrailReport::psi);
    gauge(Guardrails.AGREEMENT, GuardrailReport::agreement);
    Gauge.builder("prism.rollout.canary.percent", routing, r -> r.get().candidate() == null ? 0 : r.get().canaryPercent())
        .description("Share of items (%) answered by the candidate").tag("signal", signal).register(meters);
    Gauge.builder("prism.rollout.production.version", routing, r -> r.get().production().version().version())
        .description("Registry version number serving production").tag("signal", signal).register(meters);
  }

  private void gauge(String guardrail, ToDoubleFunction<GuardrailReport> value) {
    Gauge.builder("prism.rollout.guardrail", lastReport, r -> r.get() == null ? Double.NaN : value.applyAsDouble(r.get()))
        .description("The candidate's guardrail value over the sliding window (error_rate: increase over production)")
        .tag("signal", signal).tag("guardrail", guardrail).register(meters);
  }

  /** {@code spam} is served by node {@code spam_router}. */
  public static String nodeName(String signal) {
    return signal + "_router";
  }

  public String signal() {
    return signal;
  }

  public VersionLoader.Slot slot() {
    return slot;
  }

  public Routing routing() {
    return routing.get();
  }

  /** The latest guardrail evaluation of the current candidate, or null before one. */
  public GuardrailReport lastReport() {
    return lastReport.get();
  }

  /** Switches to {@code next} for every batch that starts from now on. */
  public void route(Routing next) {
    Routing prev = routing.getAndSet(next);
    if (prev.window() != next.window()) {
      lastReport.set(null);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<SignalSpec> consumes() {
    return slot.inputs();
  }

  @Override
  public Set<SignalSpec> produces() {
    return Set.of(slot.output());
  }

  /** The production version's provenance; canary items carry the candidate's instead. */
  @Override
  public Provenance provenance() {
    return routing.get().production().provenance();
  }

  @Override
  public int maxBatchSize() {
    return 1024;
  }

  @Override
  public Map<SignalSpec, Column> compute(Batch batch) {
    Routing r = routing.get(); // one snapshot: this batch finishes on these versions
    SignalSpec out = slot.output();
    int n = batch.size();
    long t0 = System.nanoTime();
    Column prod = r.production().node().compute(batch).get(out);
    long prodNanos = System.nanoTime() - t0;
    Column result = new Column(n);
    if (r.candidate() == null) {
      for (int i = 0; i < n; i++) {
        put(result, i, prod, i, r.production().provenance());
      }
      count(r.production(), "production", n);
      return Map.of(out, result);
    }
    // which items the candidate sees: the canary's (answered) and the shadow sample (compared only)
    boolean[] canary = new boolean[n];
    List<Integer> picked = new ArrayList<>();
    String salt = r.salt();
    for (int i = 0; i < n; i++) {
      String id = batch.items().get(i).id();
      canary[i] = Assignment.canary(salt, id, r.canaryPercent());
      if (canary[i] || Assignment.shadow(salt, id, r.shadowFraction())) {
        picked.add(i);
      }
    }
    Column cand = null;
    String candFailure = null;
    long candNanos = 0;
    if (!picked.isEmpty()) {
      Batch sub = subBatch(batch, picked, r.candidate().node().consumes());
      long t1 = System.nanoTime();
      try {
        cand = r.candidate().node().compute(sub).get(out);
        if (cand == null || cand.size() != picked.size()) {
          candFailure = "returned no column of " + picked.size() + " values";
          cand = null;
        }
      } catch (Throwable e) {
        if (e instanceof VirtualMachineError fatal && !(e instanceof StackOverflowError)) {
          throw fatal;
        }
        candFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
        log.warn("candidate {} failed on a batch of {} items ({}); production answered them", r.candidate().ref(),
            picked.size(), candFailure);
      }
      candNanos = System.nanoTime() - t1;
    }
    Map<Integer, SignalValue> candValues = new HashMap<>();
    int answeredByCandidate = 0;
    for (int j = 0; j < picked.size(); j++) {
      int i = picked.get(j);
      SignalValue cv = null;
      String why = candFailure;
      if (cand != null) {
        cv = cand.get(j);
        why = cv == null ? cand.error(j) : null;
        if (cv != null) {
          try {
            slot.contract().validate(cv);
          } catch (ContractViolation e) {
            why = "contract violation: " + e.getMessage();
            cv = null;
          }
        }
      }
      if (cv == null) {
        candidateErrors.increment();
      } else {
        candValues.put(i, cv);
      }
      SignalValue pv = prod.get(i);
      if (r.window() != null) {
        r.window().record(score(pv), decision(pv, r.window().limits().threshold()), score(cv),
            decision(cv, r.window().limits().threshold()));
      }
      comparisons.atDebug().setMessage("compared").addKeyValue("signal", signal)
          .addKeyValue("item", batch.items().get(i).id()).addKeyValue("production", r.production().ref())
          .addKeyValue("candidate", r.candidate().ref()).addKeyValue("answered_by", canary[i] && cv != null ? "candidate"
              : "production").addKeyValue("production_value", pv == null ? prod.error(i) : pv)
          .addKeyValue("candidate_value", cv == null ? why : cv).log();
    }
    for (int i = 0; i < n; i++) {
      SignalValue cv = candValues.get(i);
      if (canary[i] && cv != null) {
        result.set(i, cv, r.candidate().provenance());
        answeredByCandidate++;
      } else {
        put(result, i, prod, i, r.production().provenance());
      }
    }
    count(r.production(), "production", n - answeredByCandidate);
    count(r.candidate(), "canary", answeredByCandidate);
    count(r.candidate(), "shadow", picked.size() - answeredByCandidate);
    comparedItems.increment(picked.size());
    if (r.window() != null) {
      if (!picked.isEmpty()) {
        r.window().recordLatency(candNanos / 1e6 / picked.size());
      }
      judge(r, t0);
    }
    return Map.of(out, result);
  }

  /** Evaluates the guardrails of {@code r}; a breach of a rollout moves traffic back to production. */
  private void judge(Routing r, long t0) {
    GuardrailReport report = r.window().evaluate();
    if (routing.get().window() == r.window()) {
      lastReport.set(report);
    }
    if (report.breach().isEmpty() || r.rolloutId() == null) {
      return;
    }
    long detected = System.nanoTime();
    Instant at = Instant.now();
    if (!routing.compareAndSet(r, Routing.productionOnly(r.production()))) {
      return; // another batch halted it first, or the controller moved on
    }
    long switched = System.nanoTime();
    GuardrailReport.Breach b = report.breach().get();
    Counter.builder("prism.rollout.halts").description("Rollouts halted by a guardrail").tag("signal", signal)
        .tag("guardrail", b.guardrail()).register(meters).increment();
    log.error("rollout {} of {}: guardrail breached, {}; traffic moved back to {} in {} us", r.rolloutId(),
        r.candidate().ref(), b.describe(), r.production().ref(), (switched - detected) / 1000);
    onHalt.accept(new Halt(signal, r.rolloutId(), r.candidate(), r.production(), b, report, at, detected, switched));
  }

  private void count(LoadedVersion v, String role, int items) {
    if (items > 0) {
      Counter.builder("prism.rollout.items").description("Items scored per version and role (production, canary, shadow)")
          .tag("signal", signal).tag("version", v.ref()).tag("role", role).register(meters).increment(items);
    }
  }

  private static void put(Column dst, int i, Column src, int j, Provenance p) {
    SignalValue v = src.get(j);
    if (v == null) {
      dst.fail(i, src.error(j));
    } else {
      dst.set(i, v, p);
    }
  }

  private static Batch subBatch(Batch batch, List<Integer> idx, Set<SignalSpec> inputs) {
    List<dev.prism.core.item.ContentItem> items = new ArrayList<>(idx.size());
    Map<SignalSpec, Column> cols = new HashMap<>();
    for (SignalSpec s : inputs) {
      Column src = batch.inputs().get(s);
      Column dst = new Column(idx.size());
      for (int j = 0; j < idx.size(); j++) {
        dst.set(j, src.get(idx.get(j)));
      }
      cols.put(s, dst);
    }
    idx.forEach(i -> items.add(batch.items().get(i)));
    return new Batch(items, cols);
  }

  /** A probability's value; NaN for a label (compared by class) or a failure. */
  static double score(SignalValue v) {
    return v instanceof SignalValue.Probability p ? p.p() : Double.NaN;
  }

  /** The consumer's decision: positive/negative at the threshold, or the label; null for a failure. */
  static String decision(SignalValue v, double threshold) {
    if (v instanceof SignalValue.Probability p) {
      return p.p() >= threshold ? "positive" : "negative";
    }
    if (v instanceof SignalValue.Label l) {
      return l.label();
    }
    return v == null ? null : v.toString();
  }
}
