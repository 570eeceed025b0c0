package dev.prism.rollout;

import dev.prism.core.config.Config;
import dev.prism.core.config.ConfigKey;
import dev.prism.core.graph.NodeDeclaration;
import dev.prism.core.graph.NodeProvider;
import dev.prism.core.signal.SignalContract;
import dev.prism.registry.AliasTarget;
import dev.prism.registry.ModelVersion;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves learned signals through the registry and runs their rollouts, in the server process.
 *
 * <p>At start-up each signal of {@link RolloutConfig#SIGNALS} is resolved through its
 * {@code production} alias and declared as a {@link RoutedSignalNode} (its inputs and contract are
 * those of that first production version: the slot every later version must fit). Then, every
 * {@link RolloutConfig#POLL_MS} (and at once after a guardrail halt), one thread:
 *
 * <ol>
 *   <li>follows the {@code production} alias: a new target is loaded and checked
 *       ({@link VersionLoader}) before it is switched in; one that fails is refused (logged,
 *       counted, a {@code serving.refused} event) and the old version keeps serving;
 *   <li>records halts the routers made (state {@code halted}, a {@code rollout.halted} event);
 *   <li>runs the signal's active rollout: routes its step's canary percentage and the shadow
 *       sample to the candidate, advances a step once it has lasted its minimum time, the candidate
 *       has scored its minimum items in it and the guardrails have been judged within limits, and
 *       after the last step moves {@code production} to the candidate;
 *   <li>without a rollout, shadows the {@code shadow} alias's version when there is one.
 * </ol>
 *
 * Switches are compare-and-set on the router's {@link Routing}: a tick never undoes a halt that a
 * batch made while the tick was reading the database.
 */
public final class RolloutController implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RolloutController.class);
  /** Who the server's own changes are recorded as. */
  public static final String ACTOR = "prism-serve";

  private final Rollouts rollouts;
  private final VersionLoader loader;
  private final MeterRegistry meters;
  private final Clock clock;
  private final Guardrails guardrails;
  private final double shadowFraction;
  private final long pollMs;
  private final RolloutPlan defaultPlan;
  private final Map<String, RoutedSignalNode> routers = new LinkedHashMap<>();
  private final Map<String, LoadedVersion> candidates = new ConcurrentHashMap<>();
  private final Map<String, GuardrailWindow> windows = new ConcurrentHashMap<>();
  /** (rollout id, step index) → the window's recorded count when the step was first seen. */
  private final Map<String, Long> stepBaselines = new ConcurrentHashMap<>();
  private final Map<String, Integer> refusedProduction = new ConcurrentHashMap<>();
  private final Set<String> halted = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<Halt> pendingHalts = new ConcurrentLinkedQueue<>();
  /** Guarded by this (added in {@link #tick()}). */
  private final List<HaltRecord> haltRecords = new ArrayList<>();
  private ScheduledExecutorService executor;

  /**
   * A halt as recorded: {@code recordedNanos} is when its row and event were written ({@link
   * System#nanoTime()} scale, like the halt's own times).
   */
  public record HaltRecord(Halt halt, long recordedNanos) {
    /** Detection to traffic back on production, in ms. */
    public double switchMs() {
      return (halt.switchedNanos() - halt.detectedNanos()) / 1e6;
    }

    /** Detection to the halt recorded and announced, in ms. */
    public double recordMs() {
      return (recordedNanos - halt.detectedNanos()) / 1e6;
    }
  }

  public RolloutController(Rollouts rollouts, Config config, MeterRegistry meters, Clock clock) {
    this.rollouts = rollouts;
    this.loader = new VersionLoader(rollouts.registry());
    this.meters = meters;
    this.clock = clock;
    this.guardrails = RolloutConfig.guardrails(config);
    this.shadowFraction = config.get(RolloutConfig.SHADOW_FRACTION);
    this.pollMs = config.get(RolloutConfig.POLL_MS);
    this.defaultPlan = defaultPlan(config);
    for (String signal : RolloutConfig.signals(config)) {
      routers.put(signal, newRouter(signal));
    }
  }

  private RoutedSignalNode newRouter(String signal) {
    AliasTarget prod = rollouts.registry().aliases(signal).stream().filter(a -> a.alias().equals(Rollouts.PRODUCTION))
        .findFirst().orElseThrow(() -> new IllegalArgumentException("config " + RolloutConfig.SIGNALS.name() + ": signal '"
            + signal + "' has no " + Rollouts.PRODUCTION + " alias in the registry (register a version and run prism models "
            + "alias " + signal + " " + Rollouts.PRODUCTION + " v1 --reason …)"));
    ModelVersion v = rollouts.registry().version(signal, prod.version()).orElseThrow();
    LoadedVersion lv;
    try {
      lv = loader.load(v);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("config " + RolloutConfig.SIGNALS.name() + ": cannot serve " + signal + "@"
          + Rollouts.PRODUCTION + ": " + e.getMessage(), e);
    }
    SignalContract c = lv.node().contract();
    String name = RoutedSignalNode.nodeName(signal);
    SignalContract routed = new SignalContract(c.spec(), c.type(), name, c.owner(), c.description(), c.calibration(),
        c.freshness(), c.coverage());
    VersionLoader.Slot slot = new VersionLoader.Slot(c.spec(), routed, Set.copyOf(lv.node().consumes()));
    VersionLoader.check(lv, slot);
    log.info("serving {} through its {} alias: {}", c.spec(), Rollouts.PRODUCTION, lv.ref());
    return new RoutedSignalNode(signal, slot, lv, meters, this::onHalt);
  }

  /** The routing nodes, to add to the graph (contracts included). */
  public List<NodeDeclaration> declarations() {
    List<NodeDeclaration> out = new ArrayList<>();
    routers.values().forEach(r -> out.add(NodeDeclaration.of(r, List.of(r.slot().contract()))));
    return out;
  }

  /** {@link #declarations()} as a node provider for prism-runtime's graph assembly. */
  public NodeProvider nodeProvider() {
    List<NodeDeclaration> decls = declarations();
    return new NodeProvider() {
      @Override
      public String name() {
        return "rollouts";
      }

      @Override
      public List<ConfigKey<?>> configKeys() {
        return List.of(); // RolloutConfig.KEYS are the server's, documented with them
      }

      @Override
      public List<NodeDeclaration> declare(Config config) {
        return decls;
      }
    };
  }

  /** The plan of {@link RolloutConfig#PLAN_STEPS} and its minimums. */
  public static RolloutPlan defaultPlan(Config config) {
    return RolloutPlan.parse(config.get(RolloutConfig.PLAN_STEPS), config.get(RolloutConfig.PLAN_MIN_STEP_MS),
        config.get(RolloutConfig.PLAN_MIN_STEP_ITEMS));
  }

  /** The plan a rollout started without one follows. */
  public RolloutPlan defaultPlan() {
    return defaultPlan;
  }

  /** The live guardrail values of rollout {@code id} when this server is running it. */
  public Optional<GuardrailReport> live(Rollout r) {
    RoutedSignalNode router = routers.get(r.signal());
    if (router == null || !r.id().equals(router.routing().rolloutId())) {
      return Optional.empty();
    }
    return Optional.ofNullable(router.lastReport());
  }

  public Rollouts rollouts() {
    return rollouts;
  }

  public Optional<RoutedSignalNode> router(String signal) {
    return Optional.ofNullable(routers.get(signal));
  }

  /**
   * Halts recorded so far, oldest first (tests and the report measure breach-to-rollback time from
   * them). Synchronized with {@link #tick()}, which writes a halt to the database and then adds it
   * here: a caller that has seen the halt in the database (the API, {@code prism rollout status})
   * waits for a tick still in progress, so it always finds the record.
   */
  public synchronized List<HaltRecord> haltRecords() {
    return List.copyOf(haltRecords);
  }

  /** Starts the poll loop (one daemon thread). */
  public synchronized RolloutController start() {
    if (executor == null && !routers.isEmpty()) {
      executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "prism-rollouts");
        t.setDaemon(true);
        return t;
      });
      executor.scheduleWithFixedDelay(this::tickQuietly, 0, pollMs, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  private void onHalt(Halt h) {
    halted.add(h.rolloutId());
    pendingHalts.add(h);
    ScheduledExecutorService e;
    synchronized (this) {
      e = executor;
    }
    if (e != null) {
      try {
        e.execute(this::tickQuietly); // record it now, not at the next poll
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        log.warn("halt of rollout {} detected while closing; it is recorded on the next start", h.rolloutId());
      }
    }
  }

  private void tickQuietly() {
    try {
      tick();
    } catch (RuntimeException e) {
      log.error("rollout controller tick failed (serving continues on the current versions)", e);
    }
  }

  /** One pass over every served signal (also called directly by tests). */
  public synchronized void tick() {
    Halt h;
    while ((h = pendingHalts.poll()) != null) {
      Optional<Rollout> r = rollouts.halt(h, ACTOR, values(h.report()));
      long recorded = System.nanoTime();
      haltRecords.add(new HaltRecord(h, recorded));
      log.warn("rollout {} of {} halted ({}); traffic back on {} {} ms after detection, recorded {} ms after it{}",
          h.rolloutId(), h.candidate().ref(), h.breach().describe(), h.production().ref(),
          String.format(java.util.Locale.ROOT, "%.3f", (h.switchedNanos() - h.detectedNanos()) / 1e6),
          String.format(java.util.Locale.ROOT, "%.1f", (recorded - h.detectedNanos()) / 1e6),
          r.isEmpty() ? " (it had already ended in the database)" : "");
    }
    for (RoutedSignalNode router : routers.values()) {
      try {
        tick(router);
      } catch (RuntimeException e) {
        log.error("rollout controller: {} failed this pass; it keeps serving {}", router.signal(),
            router.routing().production().ref(), e);
      }
    }
  }

  private void tick(RoutedSignalNode router) {
    String signal = router.signal();
    Routing cur = router.routing();
    LoadedVersion prod = production(router, cur.production());
    Optional<Rollout> active = rollouts.active(signal);
    Routing next = Routing.productionOnly(prod);
    if (active.isPresent() && !halted.contains(active.get().id())) {
      Rollout r = active.get();
      Optional<LoadedVersion> cand = candidate(router, r);
      if (cand.isPresent()) {
        GuardrailWindow window = windows.computeIfAbsent(r.id(), k -> new GuardrailWindow(guardrails));
        if (r.state() == Rollout.State.RUNNING) {
          Optional<Rollout> moved = progress(r, window, router);
          if (moved.isPresent() && moved.get().state() == Rollout.State.COMPLETED) {
            LoadedVersion promoted = cand.get();
            log.info("rollout {} completed: {} is production", r.id(), promoted.ref());
            refusedProduction.remove(signal);
            windows.remove(r.id());
            routeIf(router, cur, Routing.productionOnly(promoted));
            return;
          }
          r = moved.orElse(r);
        }
        next = new Routing(prod, cand.get(), r.id(), r.canaryPercent(), shadowFraction, window);
      }
    } else if (active.isEmpty()) {
      Optional<AliasTarget> shadow = alias(signal, Rollouts.SHADOW);
      if (shadow.isPresent() && shadow.get().version() != prod.version().version()) {
        Optional<LoadedVersion> cand = load(router, shadow.get().version(), Rollouts.SHADOW);
        if (cand.isPresent()) {
          String key = "shadow:" + cand.get().ref();
          windows.keySet().removeIf(k -> k.startsWith("shadow:") && !k.equals(key));
          GuardrailWindow window = windows.computeIfAbsent(key, k -> new GuardrailWindow(guardrails));
          next = new Routing(prod, cand.get(), null, 0, shadowFraction, window);
        }
      }
    }
    if (!same(cur, next)) {
      routeIf(router, cur, next);
    }
  }

  private static void routeIf(RoutedSignalNode router, Routing cur, Routing next) {
    if (router.routing() == cur) { // a halt since this pass read it wins; the next pass sees it
      router.route(next);
    }
  }

  private static boolean same(Routing a, Routing b) {
    return a.production() == b.production() && a.candidate() == b.candidate()
        && java.util.Objects.equals(a.rolloutId(), b.rolloutId()) && a.canaryPercent() == b.canaryPercent()
        && a.shadowFraction() == b.shadowFraction() && a.window() == b.window();
  }

  /** Follows the production alias; returns what serves production after this pass. */
  private LoadedVersion production(RoutedSignalNode router, LoadedVersion current) {
    String signal = router.signal();
    Optional<AliasTarget> target = alias(signal, Rollouts.PRODUCTION);
    if (target.isEmpty() || target.get().version() == current.version().version()) {
      refusedProduction.remove(signal);
      return current;
    }
    int v = target.get().version();
    if (Integer.valueOf(v).equals(refusedProduction.get(signal))) {
      return current; // refused once already; wait for the alias to move again
    }
    Optional<LoadedVersion> next = load(router, v, Rollouts.PRODUCTION);
    if (next.isEmpty()) {
      refusedProduction.put(signal, v);
      return current;
    }
    log.info("{}@{} moved: now serving {} (was {})", signal, Rollouts.PRODUCTION, next.get().ref(), current.ref());
    return next.get();
  }

  private Optional<LoadedVersion> candidate(RoutedSignalNode router, Rollout r) {
    LoadedVersion cached = candidates.get(r.id());
    if (cached != null) {
      return Optional.of(cached);
    }
    try {
      ModelVersion v = rollouts.registry().version(r.signal(), r.candidateVersion()).orElseThrow();
      LoadedVersion lv = loader.load(v, router.slot());
      candidates.keySet().removeIf(k -> !k.equals(r.id()));
      candidates.put(r.id(), lv);
      return Optional.of(lv);
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      log.error("rollout {}: candidate {}@v{} refused, production keeps serving: {}", r.id(), r.signal(), r.candidateVersion(),
          why);
      refusedCounter(r.signal(), "rollout").increment();
      halted.add(r.id());
      rollouts.haltUnservable(r, why, ACTOR);
      return Optional.empty();
    }
  }

  /** Loads and checks version {@code v} for {@code router}; a refusal is logged, counted and announced. */
  private Optional<LoadedVersion> load(RoutedSignalNode router, int v, String alias) {
    String signal = router.signal();
    String key = alias + ":" + v;
    LoadedVersion cached = candidates.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    ModelVersion mv = rollouts.registry().version(signal, v).orElseThrow();
    try {
      LoadedVersion lv = loader.load(mv, router.slot());
      if (alias.equals(Rollouts.SHADOW)) {
        candidates.keySet().removeIf(k -> k.startsWith(Rollouts.SHADOW + ":"));
        candidates.put(key, lv);
      }
      return Optional.of(lv);
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      log.error("{}@{} names {}, which cannot be served; {} keeps serving: {}", signal, alias, mv.ref(),
          router.routing().production().ref(), why);
      refusedCounter(signal, alias).increment();
      rollouts.refused(signal, alias, mv, why, ACTOR);
      return Optional.empty();
    }
  }

  private Counter refusedCounter(String signal, String alias) {
    return Counter.builder("prism.rollout.refused").description("Versions refused for serving (corrupt or incompatible)")
        .tag("signal", signal).tag("alias", alias).register(meters);
  }

  /** Advances or completes {@code r} when its step is done; returns the rollout as it is after this pass. */
  private Optional<Rollout> progress(Rollout r, GuardrailWindow window, RoutedSignalNode router) {
    long base = stepBaselines.computeIfAbsent(r.id() + "#" + r.stepIndex(), k -> window.recorded());
    long items = window.recorded() - base;
    long elapsed = clock.millis() - r.stepStartedAt().toEpochMilli();
    GuardrailReport report = window.evaluate();
    rollouts.saveGuardrails(r.id(), values(report));
    if (elapsed < r.plan().minStepMs() || items < r.plan().minStepItems() || !report.judged() || report.breach().isPresent()) {
      return Optional.empty();
    }
    boolean last = r.stepIndex() == r.plan().steps().size() - 1;
    if (last) {
      return rollouts.complete(r, ACTOR, values(report));
    }
    long now = window.recorded();
    Optional<Rollout> next = rollouts.advance(r, ACTOR, values(report));
    next.ifPresent(n -> stepBaselines.put(n.id() + "#" + n.stepIndex(), now)); // the new step counts from here
    next.ifPresent(n -> log.info("rollout {} of {}@v{}: step {} -> {} after {} ms and {} candidate items; guardrails {}",
        r.id(), r.signal(), r.candidateVersion(), r.stepName(), n.stepName(), elapsed, items, values(report)));
    return next;
  }

  private Optional<AliasTarget> alias(String signal, String alias) {
    return rollouts.registry().aliases(signal).stream().filter(a -> a.alias().equals(alias)).findFirst();
  }

  /** A report's values as JSON-friendly map (NaN as null). */
  static Map<String, Object> values(GuardrailReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("items", r.items());
    m.put("judged", r.judged());
    m.put("candidate_error_rate", num(r.candidateErrorRate()));
    m.put("production_error_rate", num(r.productionErrorRate()));
    m.put("latency_p99_ms", num(r.latencyP99Ms()));
    m.put("psi", num(r.psi()));
    m.put("agreement", num(r.agreement()));
    r.breach().ifPresent(b -> m.put("breach", b.describe()));
    return m;
  }

  private static Object num(double x) {
    return Double.isFinite(x) ? x : null;
  }

  @Override
  public synchronized void close() {
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      executor = null;
    }
  }
}
