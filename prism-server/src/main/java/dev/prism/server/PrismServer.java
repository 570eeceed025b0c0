package dev.prism.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.auth.AuditLog;
import dev.prism.core.auth.Scope;
import dev.prism.core.auth.TokenVerifier;
import dev.prism.core.config.Config;
import dev.prism.core.graph.GraphListener;
import dev.prism.core.graph.ItemResult;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.io.SignalJson;
import dev.prism.core.signal.CodeVersion;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalSpec;
import dev.prism.runtime.media.MediaResolver;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prism's HTTP API over a {@link SignalGraph}.
 *
 * <ul>
 *   <li>{@code POST /v1/signals} — compute signals for 1..N items (micro-batched across requests)
 *   <li>{@code POST /v1/near-duplicates} — nearest indexed items to one item ({@link NearDuplicatesHandler})
 *   <li>{@code GET /v1/contracts} — the contracts of the served signals
 *   <li>{@code GET /healthz} — liveness: the process is up and answers (and what is served)
 *   <li>{@code GET /readyz} — readiness: 200 only while every batch worker is alive and the queue is
 *       below its capacity, otherwise 503 naming the failed condition
 *   <li>{@code GET /metrics} — Prometheus exposition
 *   <li>{@code GET /openapi.json} — the OpenAPI 3.1 document of this API
 * </ul>
 *
 * <p>Transport limits (connections, header and body deadlines, body size and encoding) are in
 * {@link TransportLimits}, deadline-aware admission in {@link Admission}, tokens, scopes, rate
 * limits and the audit log in {@link Access}; every refusal is counted by {@link Refusals}.
 *
 * Every error is {@code application/problem+json} (RFC 9457) with a precise {@code detail}. Bad
 * input never takes the server down: it fails the one request that carried it.
 */
public final class PrismServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PrismServer.class);
  /**
   * Request bodies are read strictly: a duplicate key ({@code {"id": "a", "id": "b"}}) is an
   * error, not a silent "last one wins", and text after the request object is refused.
   */
  private static final com.fasterxml.jackson.databind.ObjectMapper STRICT_JSON = SignalJson.MAPPER.copy()
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** Request attribute set when a handler answered with its own problem, so the 404 error page does not replace it. */
  private static final String PROBLEM_SENT = "prism.problem";

  private final SignalGraph graph;
  private final Config config;
  private final PrometheusMeterRegistry registry;
  private final MicroBatcher batcher;
  private final ClientGoneWatch clientGone;
  private final MediaResolver media;
  private final NearDuplicatesHandler nearDuplicates;
  private final Javalin app;
  private final byte[] contractsJson;
  private final byte[] openApi;
  /**
   * Provenance as JSON, by provenance: a signal served through the registry changes version at run
   * time (a swap, a canary), so the response asks the graph each time and caches the JSON of each
   * version it has seen.
   */
  private final Map<dev.prism.core.signal.Provenance, ObjectNode> provenanceJson = new java.util.concurrent.ConcurrentHashMap<>();
  private final int maxItems;
  private final int maxTextChars;
  private final long maxBodyBytes;
  private final long timeoutMs;
  private final Refusals refusals;
  private final TransportLimits transport;
  private final Admission admission;
  private final Access access;
  private final Phases phases;
  /** Told about each answered signals request (the served-signal log); set before {@link #start}. */
  private volatile ServedListener servedListener = (results, nanos) -> { };

  /**
   * Builds the server around a graph the caller owns (and closes after this server). Every served
   * signal's node is built here (its provenance is needed for responses), so a model that cannot
   * load fails start-up, not the first request. The registry
   * is created here and gets the graph's node timings through {@link #graphListener(PrometheusMeterRegistry)}.
   */
  public PrismServer(SignalGraph graph, Config config, PrometheusMeterRegistry registry) {
    this(graph, config, registry, null, null);
  }

  /**
   * With API tokens: {@code verifier} checks presented tokens and {@code audit} records every
   * write (prism-cli's serve command passes prism-store's token store for both). Either may be
   * null: without a verifier no token is valid (only open routes answer), without an audit log
   * write routes are refused.
   */
  public PrismServer(SignalGraph graph, Config config, PrometheusMeterRegistry registry, TokenVerifier verifier,
      AuditLog audit) {
    this.graph = graph;
    this.config = config;
    this.registry = registry;
    this.maxItems = config.get(ServerConfig.MAX_ITEMS);
    this.maxTextChars = config.get(ServerConfig.MAX_TEXT_CHARS);
    this.maxBodyBytes = config.get(ServerConfig.MAX_BODY_BYTES);
    this.timeoutMs = config.get(ServerConfig.REQUEST_TIMEOUT_MS);
    this.media = MediaResolver.create(config);
    this.refusals = new Refusals(registry);
    this.admission = new Admission(config.get(ServerConfig.WORKERS));
    double rps = config.get(ServerConfig.RATE_LIMIT_RPS);
    this.access = new Access(verifier, audit, "token".equals(config.get(ServerConfig.AUTH_READ)),
        rps > 0 ? new RateLimiter(rps, config.get(ServerConfig.RATE_LIMIT_BURST), System::nanoTime) : null,
        java.time.Clock.systemUTC());
    this.transport = new TransportLimits(config, refusals);
    this.phases = Phases.register(registry);

    DistributionSummary batchSizes = DistributionSummary.builder("prism.batch.size")
        .description("Items per graph batch formed by the micro-batcher")
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256).register(registry);
    this.batcher = new MicroBatcher(graph, config.get(ServerConfig.MAX_BATCH_SIZE),
        config.get(ServerConfig.MAX_WAIT_MICROS), config.get(ServerConfig.QUEUE_CAPACITY),
        config.get(ServerConfig.WORKERS), batchSizes::record,
        Counter.builder("prism.batcher.worker.restarts")
            .description("Batch workers replaced after ending unexpectedly").register(registry)::increment,
        admission::batchDone, batchCap(admission, config), config.get(ServerConfig.SPLIT_CHARS));
    Gauge.builder("prism.queue.depth", batcher, MicroBatcher::queuedItems)
        .description("Items waiting for a batch").baseUnit("items").register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("prism.batcher.dropped", batcher, MicroBatcher::droppedExpiredItems)
        .description("Items dropped before reaching the model").tag("reason", "deadline").baseUnit("items").register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("prism.batcher.dropped", batcher, MicroBatcher::droppedAbandonedItems)
        .description("Items dropped before reaching the model").tag("reason", "abandoned").baseUnit("items").register(registry);
    Gauge.builder("prism.admission.item.cost", admission, a -> Double.isNaN(a.nanosPerItem()) ? 0 : a.nanosPerItem() / 1e9)
        .description("Smoothed graph time per item that admission expects (0 before the first batch)").baseUnit("seconds")
        .register(registry);
    Gauge.builder("prism.connections.open", transport, TransportLimits::connections)
        .description("Open client connections (capped by server.limits.max_connections)").register(registry);
    this.clientGone = new ClientGoneWatch(config.get(ServerConfig.CLIENT_GONE_CHECK_MS), ClientGoneWatch.PROC_TABLES);
    io.micrometer.core.instrument.FunctionCounter.builder("prism.client.gone", clientGone, ClientGoneWatch::cancelled)
        .description("Requests cancelled because their client closed the connection while they waited").register(registry);
    Gauge.builder("prism.batcher.workers.alive", batcher, MicroBatcher::workersAlive)
        .description("Batch worker threads running (readiness needs all of server.batch.workers)").register(registry);

    ArrayNode contracts = SignalJson.MAPPER.createArrayNode();
    for (SignalSpec s : graph.served()) {
      SignalContract c = graph.contracts().get(s);
      contracts.add(SignalJson.contract(c));
    }
    ObjectNode cj = SignalJson.MAPPER.createObjectNode();
    cj.set("contracts", contracts);
    this.contractsJson = bytes(cj);
    graph.served().forEach(graph::provenance); // builds every served node: a model that cannot load fails start-up
    this.openApi = resource("/prism-server/openapi.json");
    try {
      this.nearDuplicates = new NearDuplicatesHandler(graph, batcher, media, config, transport::readBody);
    } catch (RuntimeException e) {
      batcher.close();
      media.close();
      throw e;
    }

    this.app = Javalin.create(cfg -> {
      cfg.showJavalinBanner = false;
      cfg.useVirtualThreads = true; // handlers block on the batcher's future: cheap on virtual threads
      // Let Javalin read a little more than the limit so our own check answers with problem+json.
      cfg.http.maxRequestSize = maxBodyBytes + 1;
      cfg.http.defaultContentType = "application/json";
      transport.configure(cfg);
    });
    app.before(ctx -> ctx.attribute("t0", System.nanoTime()));
    app.before("/v1/*", access::before);
    route(HandlerType.POST, "/v1/signals", Scope.READ, this::signals);
    route(HandlerType.POST, "/v1/near-duplicates", Scope.READ, nearDuplicates::handle);
    route(HandlerType.GET, "/v1/contracts", Scope.READ, ctx -> ctx.contentType("application/json").result(contractsJson));
    app.get("/healthz", this::health);
    app.get("/readyz", this::ready);
    app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
    app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
    app.after(this::recordRequest);
    app.exception(Problem.Failure.class, (e, ctx) -> {
      refusals.count(e.problem());
      ctx.attribute(PROBLEM_SENT, Boolean.TRUE);
      problem(ctx, e.problem(), e.retryAfterSeconds());
    });
    app.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, new Problem(Problem.BASE + "http-" + e.getStatus(),
        e.getMessage(), e.getStatus(), e.getMessage()), null));
    app.exception(Exception.class, (e, ctx) -> {
      log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
      problem(ctx, new Problem(Problem.BASE + "internal", "Internal error", 500,
          "internal error (" + e.getClass().getSimpleName() + "); see server log"), null);
    });
    app.error(404, ctx -> {
      // a handler's own 404 problem (e.g. no near-duplicate index) stands; an unmatched route gets this one
      if (ctx.attribute(PROBLEM_SENT) == null && !Problem.MEDIA_TYPE.equals(ctx.res().getContentType())) {
        problem(ctx, new Problem(Problem.BASE + "not-found", "Not found", 404, "no route " + ctx.method() + " " + ctx.path()
            + "; see /openapi.json"), null);
      }
    });
    app.error(405, ctx -> problem(ctx, new Problem(Problem.BASE + "method-not-allowed", "Method not allowed", 405,
        ctx.method() + " is not allowed on " + ctx.path()), null));
  }

  /** The adaptive batch cap from configuration ({@code server.batch.target_ms}, {@code min_size}, {@code max_size}). */
  private static java.util.function.IntSupplier batchCap(Admission admission, Config config) {
    long target = TimeUnit.MILLISECONDS.toNanos(config.get(ServerConfig.BATCH_TARGET_MS));
    int min = config.get(ServerConfig.MIN_BATCH_SIZE);
    int max = config.get(ServerConfig.MAX_BATCH_SIZE);
    return () -> admission.batchCap(target, min, max);
  }

  /** A graph listener recording per-node model time into {@code registry}. Pass it to the graph. */
  public static GraphListener graphListener(PrometheusMeterRegistry registry) {
    return new GraphListener() {
      @Override
      public void nodeComputed(String node, int size, long nanos) {
        Timer.builder("prism.node.compute").description("Time a node spends on one batch (model time for encoders)")
            .tag("node", node).publishPercentileHistogram().register(registry).record(nanos, TimeUnit.NANOSECONDS);
        Counter.builder("prism.node.items").tag("node", node).register(registry).increment(size);
      }

      @Override
      public void nodeFailed(String node, int size, Throwable error) {
        Counter.builder("prism.errors").tag("kind", "node_failed").tag("node", node).register(registry).increment();
      }

      @Override
      public void contractViolation(SignalSpec spec, String message) {
        Counter.builder("prism.errors").tag("kind", "contract_violation").tag("signal", spec.toString())
            .register(registry).increment();
      }
    };
  }

  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /**
   * Registers a route behind the access rules: {@code READ} routes follow {@code server.auth.read},
   * {@code WRITE} and {@code ADMIN} routes always need a token of that scope and are audited.
   */
  public void route(HandlerType method, String path, Scope scope, Handler handler) {
    app.addHttpHandler(method, path, access.guard(scope, handler));
  }

  /**
   * Serves the model registry under {@code /v1/models…} (see {@link ModelsHandler}); call before
   * {@link #start}. Writes need a {@code write} token and are audited like every write route.
   */
  public PrismServer models(dev.prism.registry.ModelRegistry models) {
    new ModelsHandler(models, transport::readBody).install(this);
    return this;
  }

  /** Tells {@code listener} about every answered {@code POST /v1/signals} ({@link ServedListener}); call before {@link #start}. */
  public PrismServer onServed(ServedListener listener) {
    this.servedListener = java.util.Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Serves rollout control under {@code /v1/rollouts…} (see {@link RolloutsHandler}); call before
   * {@link #start}. Starting, pausing, resuming and aborting need a {@code write} token and are audited.
   */
  public PrismServer rollouts(dev.prism.rollout.RolloutController controller) {
    new RolloutsHandler(controller, transport::readBody).install(this);
    return this;
  }

  public PrismServer start() {
    app.start(); // the connector (host, port, TLS) is TransportLimits'
    log.info("prism serving {} on {}://{}:{} (max batch {}, max wait {} us, workers {})", graph.served(),
        transport.tls() ? "https" : "http", config.get(ServerConfig.HOST), port(), config.get(ServerConfig.MAX_BATCH_SIZE),
        config.get(ServerConfig.MAX_WAIT_MICROS), config.get(ServerConfig.WORKERS));
    return this;
  }

  public int port() {
    return app.port();
  }

  private void signals(Context ctx) {
    long deadline = deadline(ctx);
    byte[] body = transport.readBody(ctx);
    JsonNode root;
    try (com.fasterxml.jackson.core.JsonParser parser = STRICT_JSON.createParser(body)) {
      root = parser.readValueAsTree();
      if (root != null && parser.nextToken() != null) {
        throw Problem.badRequest("malformed JSON: more text after the request object at line "
            + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr());
      }
    } catch (IOException e) {
      String msg = e instanceof JsonProcessingException jpe && jpe.getLocation() != null
          ? jpe.getOriginalMessage() + " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr()
          : e.getMessage();
      throw Problem.badRequest("malformed JSON: " + msg);
    }
    SignalsRequest req = SignalsRequest.parse(root, graph, maxItems, maxTextChars, media.config().maxBytes());
    // Admission first: a request that cannot meet its deadline is refused before any media is
    // fetched or decoded for it.
    long budget = deadline - System.nanoTime();
    Admission.Verdict verdict = admission.check(batcher.queuedItems() + batcher.inFlightItems(), req.items().size(), budget);
    if (!verdict.admitted()) {
      registry.counter("prism.errors", "kind", "deadline_unmeetable").increment();
      throw Problem.deadline(req.items().size() + " items would be answered in about "
          + TimeUnit.NANOSECONDS.toMillis(verdict.expectedNanos()) + " ms (" + (batcher.queuedItems() + batcher.inFlightItems())
          + " items ahead, " + String.format(java.util.Locale.ROOT, "%.2f", admission.nanosPerItem() / 1e6)
          + " ms per item), after the deadline in " + Math.max(0, TimeUnit.NANOSECONDS.toMillis(budget)) + " ms", verdict.retryAfterSeconds());
    }
    // The media stage runs here, on the request's thread and the resolver's own executor, never on
    // the batch worker: a slow host or a large image delays only this request. Only requests for a
    // signal that reads images resolve and decode media.
    List<dev.prism.core.item.ContentItem> items = media.resolve(req.items(), graph.readsImages(req.signals()));
    CompletableFuture<MicroBatcher.Answer> future;
    long submitted = System.nanoTime();
    try {
      future = batcher.submitTimed(items, req.signals(), deadline);
    } catch (MicroBatcher.OverloadedException e) {
      registry.counter("prism.errors", "kind", "overloaded").increment();
      // retry when enough of the queue has been worked off for this request to fit
      throw Problem.overloaded(e.getMessage() + "; retry later", admission.secondsToDrain(
          batcher.queuedItems() + items.size() - batcher.capacity()));
    }
    List<ItemResult> results;
    MicroBatcher.Answer answer;
    try (ClientGoneWatch.Handle watched = clientGone.watch(ctx.req().getRemoteAddr(), ctx.req().getRemotePort(), ctx.req().getLocalPort(),
        future)) {
      answer = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      results = answer.results();
      if (req.defaults()) {
        results = graph.applicableDefaults(items, results);
      }
    } catch (TimeoutException e) {
      future.cancel(false);
      registry.counter("prism.errors", "kind", "timeout").increment();
      throw Problem.timeout("items not computed " + deadlineSource(ctx));
    } catch (java.util.concurrent.CancellationException e) {
      // the client closed its connection while waiting (ClientGoneWatch): nobody reads this answer
      registry.counter("prism.errors", "kind", "client_gone").increment();
      throw Problem.clientClosed("client closed the connection before its items were computed; dropped");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Problem.timeout("interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof MicroBatcher.DeadlineExceededException d) {
        registry.counter("prism.errors", "kind", "timeout").increment();
        throw Problem.timeout("items not computed " + deadlineSource(ctx) + ": " + d.getMessage());
      }
      registry.counter("prism.errors", "kind", "batch_failed").increment();
      throw Problem.batchFailed(e.getCause().getMessage() + "; the server is still serving, retry may succeed");
    }
    long answered = System.nanoTime();
    notifyServed(results, ctx, answered);
    byte[] json = bytes(response(req, items, results));
    long serialized = System.nanoTime();
    Long t0 = ctx.attribute("t0");
    long parse = submitted - (t0 == null ? submitted : t0);
    long handback = answered - answer.doneNanos(); // batch end -> this handler running again
    phases.record(parse, answer.queueNanos(), answer.modelNanos(), handback, serialized - answered);
    ctx.header(SERVER_TIMING, serverTiming(parse, answer.queueNanos(), answer.modelNanos(), handback, serialized - answered,
        answer.batchItems()));
    ctx.contentType("application/json").result(json);
  }

  private void notifyServed(List<ItemResult> results, Context ctx, long answered) {
    Long t0 = ctx.attribute("t0");
    try {
      servedListener.served(results, answered - (t0 == null ? answered : t0));
    } catch (RuntimeException e) {
      log.warn("served listener failed (the request is answered anyway): {}", e.toString());
    }
  }

  /** W3C Server-Timing: where this request's time went on the server, per phase, in ms. */
  static final String SERVER_TIMING = "Server-Timing";

  /**
   * {@code parse} (arrival to submit: body read, JSON, validation, admission, media), {@code queue}
   * (submit to its batch's graph run), {@code model} (that graph run: tokenize, encode, pool),
   * {@code handback} (run end to the handler running again: thread handoff), {@code serialize}
   * (response JSON), and the batch size in {@code batch}'s description.
   */
  static String serverTiming(long parse, long queue, long model, long handback, long serialize, int batchItems) {
    return String.format(java.util.Locale.ROOT, "parse;dur=%.3f, queue;dur=%.3f, model;dur=%.3f, handback;dur=%.3f, "
        + "serialize;dur=%.3f, batch;desc=\"%d\"", parse / 1e6, queue / 1e6, model / 1e6, handback / 1e6, serialize / 1e6,
        batchItems);
  }

  /** Per-request phase timers ({@code prism_request_phase_seconds{phase}}), the same phases as Server-Timing. */
  private record Phases(Timer parse, Timer queue, Timer model, Timer handback, Timer serialize) {
    static Phases register(PrometheusMeterRegistry registry) {
      return new Phases(timer(registry, "parse"), timer(registry, "queue"), timer(registry, "model"),
          timer(registry, "handback"), timer(registry, "serialize"));
    }

    private static Timer timer(PrometheusMeterRegistry registry, String phase) {
      return Timer.builder("prism.request.phase").description("Where a POST /v1/signals request's time goes, by phase")
          .tag("phase", phase).publishPercentileHistogram().register(registry);
    }

    void record(long parse, long queue, long model, long handback, long serialize) {
      this.parse.record(parse, TimeUnit.NANOSECONDS);
      this.queue.record(queue, TimeUnit.NANOSECONDS);
      this.model.record(model, TimeUnit.NANOSECONDS);
      this.handback.record(handback, TimeUnit.NANOSECONDS);
      this.serialize.record(serialize, TimeUnit.NANOSECONDS);
    }
  }

  /** Header a client names its deadline with, in milliseconds from the request's arrival. */
  static final String DEADLINE_HEADER = "Prism-Deadline-Ms";

  /**
   * The request's deadline ({@link System#nanoTime()} scale): the client's {@value #DEADLINE_HEADER},
   * capped by {@code server.request_timeout_ms}, which is also the default.
   */
  private long deadline(Context ctx) {
    Long t0 = ctx.attribute("t0");
    long start = t0 == null ? System.nanoTime() : t0;
    long ms = timeoutMs;
    String h = ctx.header(DEADLINE_HEADER);
    if (h != null) {
      long asked;
      try {
        asked = Long.parseLong(h.strip());
      } catch (NumberFormatException e) {
        throw Problem.badRequest(DEADLINE_HEADER + " must be a whole number of milliseconds, got '" + h + "'");
      }
      if (asked < 1) {
        throw Problem.badRequest(DEADLINE_HEADER + " must be >= 1, got " + asked);
      }
      ms = Math.min(ms, asked);
    }
    return start + TimeUnit.MILLISECONDS.toNanos(ms);
  }

  /** "within N ms (where N comes from)", for timeout messages. */
  private String deadlineSource(Context ctx) {
    String h = ctx.header(DEADLINE_HEADER);
    return h == null ? "within " + timeoutMs + " ms (server.request_timeout_ms)"
        : "within " + Math.min(timeoutMs, Long.parseLong(h.strip())) + " ms (" + DEADLINE_HEADER
            + ", capped at server.request_timeout_ms=" + timeoutMs + ")";
  }

  private ObjectNode response(SignalsRequest req, List<dev.prism.core.item.ContentItem> items, List<ItemResult> results) {
    ObjectNode root = SignalJson.MAPPER.createObjectNode();
    Map<SignalSpec, dev.prism.core.signal.Provenance> served = new java.util.HashMap<>();
    req.signals().forEach(s -> served.put(s, graph.provenance(s)));
    ArrayNode arr = root.putArray("results");
    long failed = 0;
    for (int i = 0; i < results.size(); i++) {
      ItemResult r = results.get(i);
      ObjectNode o = arr.addObject();
      o.put("id", r.itemId());
      ObjectNode sig = o.putObject("signals");
      r.values().forEach((spec, rec) -> SignalJson.putValue(sig, spec.toString(), rec.value()));
      // An item answered by another version than the signal's (a canary, a batch that began before
      // a swap) says which one, beside its values; the others share the top-level provenance.
      ObjectNode own = null;
      for (var e : r.values().entrySet()) {
        dev.prism.core.signal.Provenance p = e.getValue().provenance();
        if (p != served.get(e.getKey()) && !p.equals(served.get(e.getKey()))) {
          if (own == null) {
            own = o.putObject("provenance");
          }
          own.set(e.getKey().toString(), provenanceJson(p));
        }
      }
      // A media reference that could not be resolved is reported even when no requested signal
      // reads the image, so a client learns that its path or URL was refused and why.
      boolean mediaFailed = items.get(i).image() instanceof dev.prism.core.item.MediaRef.Unavailable;
      if (!r.errors().isEmpty() || mediaFailed) {
        failed++;
        ObjectNode err = o.putObject("errors");
        r.errors().forEach((spec, why) -> err.put(spec.toString(), why));
        if (mediaFailed) {
          err.put("image", items.get(i).image().describe());
          registry.counter("prism.errors", "kind", "media").increment();
        }
      }
    }
    if (failed > 0) {
      registry.counter("prism.errors", "kind", "item_signal").increment(failed);
    }
    ObjectNode prov = root.putObject("provenance");
    for (SignalSpec s : req.signals()) {
      prov.set(s.toString(), provenanceJson(served.get(s)));
    }
    return root;
  }

  private ObjectNode provenanceJson(dev.prism.core.signal.Provenance p) {
    if (provenanceJson.size() > 1024) {
      provenanceJson.clear(); // a long-running server sees few versions; never let the cache grow unbounded
    }
    return provenanceJson.computeIfAbsent(p, SignalJson::provenance);
  }

  private void health(Context ctx) {
    ObjectNode o = SignalJson.MAPPER.createObjectNode();
    o.put("status", "ok").put("version", CodeVersion.get()).put("queued_items", batcher.queuedItems());
    ArrayNode a = o.putArray("signals");
    graph.served().forEach(s -> a.add(s.toString()));
    ctx.contentType("application/json").result(bytes(o));
  }

  /**
   * Readiness: a load balancer should send traffic only while every batch worker is alive (a dead
   * one is replaced at once, so this fails only for a moment) and the queue is below capacity (at
   * capacity every request is refused with 503). Liveness stays {@code /healthz}.
   */
  private void ready(Context ctx) {
    int alive = batcher.workersAlive();
    int workers = batcher.workerCount();
    int queued = batcher.queuedItems();
    int capacity = batcher.capacity();
    List<String> failed = new java.util.ArrayList<>();
    if (alive < workers) {
      failed.add(alive + " of " + workers + " batch workers alive");
    }
    if (queued >= capacity) {
      failed.add("queue full: " + queued + " of " + capacity + " items waiting (server.queue.capacity_items)");
    }
    if (!failed.isEmpty()) {
      problem(ctx, new Problem(Problem.BASE + "not-ready", "Not ready", 503, "not ready: " + String.join("; ", failed)), 1);
      return;
    }
    ObjectNode o = SignalJson.MAPPER.createObjectNode();
    o.put("status", "ready").put("workers_alive", alive).put("workers", workers)
        .put("worker_restarts", batcher.workerRestarts()).put("queued_items", queued).put("queue_capacity", capacity);
    ctx.contentType("application/json").result(bytes(o));
  }

  private void recordRequest(Context ctx) {
    Long t0 = ctx.attribute("t0");
    if (t0 == null) {
      return;
    }
    String route = ctx.endpointHandlerPath();
    Timer.builder("prism.http.request").description("HTTP request latency")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
        .tags("route", route == null || route.isEmpty() ? "unmatched" : route, "method", ctx.method().name(),
        "status", Integer.toString(ctx.statusCode())).register(registry).record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
  }

  private static void problem(Context ctx, Problem p, Integer retryAfter) {
    ObjectNode o = SignalJson.MAPPER.createObjectNode();
    o.put("type", p.type()).put("title", p.title()).put("status", p.status()).put("detail", p.detail())
        .put("instance", ctx.path());
    if (retryAfter != null) {
      ctx.header("Retry-After", retryAfter.toString());
    }
    ctx.status(p.status()).contentType(Problem.MEDIA_TYPE).result(bytes(o));
  }

  private static byte[] bytes(JsonNode n) {
    try {
      return SignalJson.MAPPER.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] resource(String path) {
    try (InputStream in = PrismServer.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops accepting connections, drains the batcher. The graph stays open (its owner closes it). */
  @Override
  public void close() {
    app.stop();
    transport.close();
    clientGone.close();
    batcher.close();
    media.close();
    nearDuplicates.close();
  }
}
