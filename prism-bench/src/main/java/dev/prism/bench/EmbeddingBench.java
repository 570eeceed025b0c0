package dev.prism.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.prism.core.config.Config;
import dev.prism.core.data.YoutubeSpamCollection;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.io.SignalJson;
import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.CodeVersion;
import dev.prism.core.signal.ContractRegistry;
import dev.prism.core.signal.SignalSpec;
import dev.prism.models.ModelsConfig;
import dev.prism.models.TextNodeProvider;
import dev.prism.models.text.MiniLmTextEncoder;
import dev.prism.models.text.TextTokenizer;
import dev.prism.models.text.TokenBatch;
import dev.prism.runtime.batch.BatchRunner;
import dev.prism.runtime.config.PrismConfig;
import dev.prism.server.PrismServer;
import dev.prism.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * End-to-end throughput of {@code text_embedding@1}, every stage measured in one run on the same
 * real texts so that ratios are meaningful on a shared machine whose absolute speed drifts:
 *
 * <ul>
 *   <li>raw: ONNX Runtime session.run on pre-tokenized, pre-padded batches (the ceiling)
 *   <li>pipeline: Prism's signal graph in-process (tokenize, batch, run, pool, validate)
 *   <li>server: POST /v1/signals over HTTP from concurrent clients, at saturation
 *   <li>latency: single-item requests, saturated rate (closed loop), then p50/p99 at half of it (open loop)
 *   <li>langchain4j: AllMiniLmL6V2EmbeddingModel.embedAll, the existing Java peer
 * </ul>
 *
 * The {@code prism bench} command (prism-cli) parses options into {@link Options} and calls {@link #run}.
 */
public final class EmbeddingBench {
  /** Stages in run order. */
  public static final List<String> STAGES = List.of("raw", "pipeline", "server", "latency", "langchain4j");

  /**
   * @param data YouTube Spam Collection CSV directory
   * @param passes passes over the texts per stage after one warm-up pass
   * @param clients concurrent HTTP clients for the saturation stage
   * @param perRequest items per request in the saturation stage
   * @param latencySeconds duration of the latency stage
   * @param lc4jItems texts embedded by the langchain4j peer; 0 = all
   * @param variant fp32 or int8
   * @param stages stages to run
   * @param out directory for results
   */
  public record Options(Path data, int passes, int clients, int perRequest, int latencySeconds, int lc4jItems,
      String variant, Set<String> stages, Path out) {
    public Options {
      stages = Set.copyOf(stages);
      for (String st : stages) {
        if (!STAGES.contains(st)) {
          throw new IllegalArgumentException("unknown stage '" + st + "' (known: " + STAGES + ")");
        }
      }
      if (passes < 1 || clients < 1 || perRequest < 1 || latencySeconds < 1) {
        throw new IllegalArgumentException("passes, clients, items per request and latency seconds must be >= 1");
      }
      if (!List.of("fp32", "int8").contains(variant)) {
        throw new IllegalArgumentException("variant must be fp32 or int8, got '" + variant + "'");
      }
    }
  }

  private final Path data;
  private final int passes;
  private final int clients;
  private final int perRequest;
  private final int latencySeconds;
  private final int lc4jItems;
  private final String variant;
  private final Set<String> stages;
  private final Path out;

  public EmbeddingBench(Options o) {
    this.data = o.data();
    this.passes = o.passes();
    this.clients = o.clients();
    this.perRequest = o.perRequest();
    this.latencySeconds = o.latencySeconds();
    this.lc4jItems = o.lc4jItems();
    this.variant = o.variant();
    this.stages = o.stages();
    this.out = o.out();
  }

  static final SignalSpec EMB = MiniLmTextEncoder.TEXT_EMBEDDING;

  /** Runs the selected stages, prints a table and writes JSON + Markdown results under {@code out}. */
  public int run() throws Exception {
    Path dir = data;
    List<String> texts = load(dir);
    System.out.printf(Locale.ROOT, "bench: %,d real texts from %s, %d passes per stage, %d cores, %s%n", texts.size(), dir, passes,
        Runtime.getRuntime().availableProcessors(), variant);
    Config cfg = PrismConfig.load(ServerConfig.KEYS, null, System.getenv(),
        Map.of("server.port", "0", "models.text_embedding.variant", variant));
    Map<String, Object> results = new LinkedHashMap<>();

    MiniLmTextEncoder encoder = new MiniLmTextEncoder(ModelsConfig.textEmbeddingOptions(cfg));
    List<ContentItem> items = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      items.add(ContentItem.ofText("t" + i, texts.get(i)));
    }
    try (SignalGraph graph = new SignalGraph(List.of(encoder), new ContractRegistry(TextNodeProvider.contracts()))) {
      // 1. raw ceiling: the same length-sorted, padded model batches the pipeline builds, pre-tokenized.
      List<TokenBatch> batches = new ArrayList<>();
      int graphBatch = encoder.maxBatchSize();
      long tokens = 0;
      for (int from = 0; from < texts.size(); from += graphBatch) {
        List<TextTokenizer.Tokens> tok = encoder.tokenizer().encode(texts.subList(from, Math.min(texts.size(), from + graphBatch)));
        for (List<Integer> g : MiniLmTextEncoder.modelBatches(tok, encoder.options().modelBatchSize(),
            encoder.options().batchTokenBudget(), encoder.options().callOverheadTokens())) {
          List<TextTokenizer.Tokens> sub = new ArrayList<>();
          g.forEach(i -> sub.add(tok.get(i)));
          TokenBatch b = TextTokenizer.pad(sub);
          batches.add(b);
          tokens += b.tokenCount();
        }
      }
      double raw = measure("raw onnxruntime", texts.size(), () -> batches.forEach(encoder::run));
      // 2. in-process pipeline through the signal graph
      double pipeline = measure("pipeline (in-process)", texts.size(), () -> {
        for (int from = 0; from < items.size(); from += BatchRunner.DEFAULT_BATCH_SIZE) {
          graph.run(items.subList(from, Math.min(items.size(), from + BatchRunner.DEFAULT_BATCH_SIZE)), Set.of(EMB));
        }
      });
      // 3. server over HTTP at saturation
      double server;
      double p50;
      double p99;
      double offered;
      double achieved;
      io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry = PrismServer.newRegistry();
      // Same encoder instance, wrapped in a graph that reports node timings (the outer graph owns and closes it).
      SignalGraph served = new SignalGraph(List.of(encoder), new ContractRegistry(TextNodeProvider.contracts()), PrismServer.graphListener(registry));
      try (PrismServer srv = new PrismServer(served, cfg, registry).start()) {
        String url = "http://127.0.0.1:" + srv.port() + "/v1/signals";
        HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        List<String> bodies = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += perRequest) {
          bodies.add(body(texts, from, Math.min(texts.size(), from + perRequest)));
        }
        long modelNanos0 = modelNanos(registry);
        long wall0 = System.nanoTime();
        server = measure("server over HTTP (" + clients + " clients x " + perRequest + " items)", texts.size(),
            () -> saturate(http, url, bodies));
        double modelShare = (modelNanos(registry) - modelNanos0) / (double) (System.nanoTime() - wall0);
        var batchSizes = registry.find("prism.batch.size").summary();
        System.out.printf(Locale.ROOT, "    server: mean batch %.1f items over %d batches; encoder busy %.0f%% of wall time%n",
            batchSizes.mean(), batchSizes.count(), 100 * modelShare);
        results.put("server_mean_batch_items", batchSizes.mean());
        results.put("server_encoder_busy_share", modelShare);
        // 4. single-item requests: their own saturation point (closed loop), then latency at half of it (open loop)
        List<String> singles = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
          singles.add(body(texts, i, i + 1));
        }
        double singleMax = measure("server, single-item requests (" + clients + " clients)", texts.size(),
            () -> saturate(http, url, singles));
        offered = singleMax / 2;
        if (Double.isNaN(singleMax)) {
          p50 = p99 = achieved = Double.NaN;
        } else {
          long gc0 = gcMillis();
          long wall = System.nanoTime();
          OpenLoop lat = openLoop(http, url, texts, offered, latencySeconds);
          double gcShare = (gcMillis() - gc0) / ((System.nanoTime() - wall) / 1e6);
          p50 = lat.p50();
          p99 = lat.p99();
          achieved = lat.achieved();
          System.out.printf(Locale.ROOT, "  latency at %.0f req/s offered (%.0f achieved; open loop, from intended send time): "
              + "p50 %.1f ms, p99 %.1f ms; GC %.1f%% of wall time%n", offered, achieved, p50, p99, 100 * gcShare);
          results.put("latency_breakdown_ms", breakdown(lat.samples()));
          results.put("latency_gc_share", gcShare);
        }
        results.put("server_single_item_max_req_per_s", singleMax);
      }
      // 5. langchain4j peer
      List<TextSegment> segs = texts.subList(0, lc4jItems <= 0 ? texts.size() : Math.min(lc4jItems, texts.size()))
          .stream().map(TextSegment::from).toList();
      AllMiniLmL6V2EmbeddingModel lc4j = new AllMiniLmL6V2EmbeddingModel();
      double langchain = measure("langchain4j embedAll", segs.size(), () -> lc4j.embedAll(segs));

      results.put("date", Instant.now().toString());
      results.put("code_version", CodeVersion.get());
      results.put("cores", Runtime.getRuntime().availableProcessors());
      results.put("java", Runtime.version().toString());
      results.put("variant", variant);
      results.put("texts", texts.size());
      results.put("mean_tokens_per_text", (double) tokens / texts.size());
      results.put("raw_items_per_s", raw);
      results.put("pipeline_items_per_s", pipeline);
      results.put("server_items_per_s", server);
      results.put("langchain4j_items_per_s", langchain);
      results.put("pipeline_over_raw", pipeline / raw);
      results.put("server_over_pipeline", server / pipeline);
      results.put("pipeline_over_langchain4j", pipeline / langchain);
      results.put("server_over_langchain4j", server / langchain);
      results.put("latency_offered_req_per_s", offered);
      results.put("latency_achieved_req_per_s", achieved);
      results.put("latency_p50_ms", p50);
      results.put("latency_p99_ms", p99);
      results.put("config", Map.of("clients", clients, "items_per_request", perRequest, "passes", passes,
          "server_batch_max_size", cfg.get(ServerConfig.MAX_BATCH_SIZE), "server_batch_max_wait_us", cfg.get(ServerConfig.MAX_WAIT_MICROS),
          "server_batch_target_ms", cfg.get(ServerConfig.BATCH_TARGET_MS),
          "server_batch_workers", cfg.get(ServerConfig.WORKERS), "model_batch_size", cfg.get(ModelsConfig.TEXT_EMBEDDING_MODEL_BATCH),
          "call_overhead_tokens", cfg.get(ModelsConfig.TEXT_EMBEDDING_CALL_OVERHEAD), "server_batch_split_chars", cfg.get(ServerConfig.SPLIT_CHARS)));
    }
    report(results);
    return 0;
  }


  /** Collection time of every collector of this JVM (server and load generator share it). */
  static long gcMillis() {
    return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
  }

  private static long modelNanos(io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry) {
    var t = registry.find("prism.node.compute").timer();
    return t == null ? 0 : (long) t.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private double measure(String name, int n, ThrowingRunnable r) throws Exception {
    String stage = name.startsWith("raw") ? "raw" : name.startsWith("pipeline") ? "pipeline"
        : name.startsWith("server, single") ? "latency" : name.startsWith("server") ? "server" : "langchain4j";
    if (!stages.contains(stage)) {
      return Double.NaN;
    }
    r.run(); // warm-up pass: JIT, ONNX Runtime arenas, connection pools
    long t0 = System.nanoTime();
    for (int p = 0; p < passes; p++) {
      r.run();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    double rate = (double) n * passes / secs;
    System.out.printf(Locale.ROOT, "  %-45s %8.1f items/s  (%.2f s)%n", name, rate, secs);
    return rate;
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  private void saturate(HttpClient http, String url, List<String> bodies) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        fs.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
            HttpResponse<String> r = http.send(post(url, bodies.get(i)), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
              throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Server-side phases a response reports in its Server-Timing header, in this order. */
  static final List<String> PHASES = List.of("parse", "queue", "model", "handback", "serialize");

  /** One open-loop request: latency from its intended send time, how late it was sent, its server phases (ms). */
  record Sample(double latencyMs, double sendLagMs, double[] phasesMs, int batchItems, int textChars) {}

  /** What the open-loop stage measured. */
  record OpenLoop(double p50, double p99, double achieved, List<Sample> samples) {}

  /**
   * Open loop: Poisson arrivals at {@code rate} req/s for {@code seconds}, each request sent at its
   * scheduled time whatever happened to earlier ones (a late generator sends at once to catch up).
   * Latency is measured from the <em>intended</em> send time, so a stall of the generator or of
   * the client's connection pool counts against the server instead of being hidden (coordinated
   * omission).
   */
  static OpenLoop openLoop(HttpClient http, String url, List<String> texts, double rate, int seconds) throws Exception {
    Random rnd = new Random(42);
    List<CompletableFuture<Sample>> fs = new ArrayList<>();
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    double next = start;
    int i = 0;
    while (next < end) {
      long intended = (long) next;
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      long sent = System.nanoTime();
      String b = body(texts, i % texts.size(), i % texts.size() + 1);
      int chars = texts.get(i % texts.size()).length();
      i++;
      fs.add(http.sendAsync(post(url, b), HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
        long done = System.nanoTime();
        if (r.statusCode() != 200) {
          throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
        }
        return sample(r, (done - intended) / 1e6, (sent - intended) / 1e6, chars);
      }));
      next += -Math.log(1 - rnd.nextDouble()) / rate * 1e9;
    }
    List<Sample> samples = new ArrayList<>();
    for (CompletableFuture<Sample> f : fs) {
      samples.add(f.get());
    }
    double achieved = samples.size() / ((System.nanoTime() - start) / 1e9);
    double[] lat = samples.stream().mapToDouble(Sample::latencyMs).sorted().toArray();
    return new OpenLoop(quantile(lat, 0.5), quantile(lat, 0.99), achieved, samples);
  }

  private static Sample sample(HttpResponse<String> r, double latencyMs, double lagMs, int textChars) {
    double[] phases = new double[PHASES.size()];
    Arrays.fill(phases, Double.NaN);
    int batch = -1;
    for (String part : r.headers().firstValue("Server-Timing").orElse("").split(",")) {
      String[] kv = part.strip().split(";");
      int k = PHASES.indexOf(kv[0]);
      for (int j = 1; j < kv.length; j++) {
        String a = kv[j].strip();
        if (k >= 0 && a.startsWith("dur=")) {
          phases[k] = Double.parseDouble(a.substring(4));
        } else if (kv[0].equals("batch") && a.startsWith("desc=")) {
          batch = Integer.parseInt(a.substring(5).replace("\"", ""));
        }
      }
    }
    return new Sample(latencyMs, lagMs, phases, batch, textChars);
  }

  /** Nearest-rank quantile of sorted values. */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))];
  }

  /**
   * Prints where the time went: p50 and p99 of each server phase, of the rest (client, network,
   * Jetty and thread handoffs before the handler: total minus the server phases) and of the
   * generator's send lag; and the mean of each over the slowest 1 % of requests, which is what
   * the p99 is made of. Returns the table for the results file.
   */
  static Map<String, Object> breakdown(List<Sample> samples) {
    Map<String, double[]> cols = new LinkedHashMap<>();
    cols.put("total", samples.stream().mapToDouble(Sample::latencyMs).toArray());
    for (int k = 0; k < PHASES.size(); k++) {
      int kk = k;
      cols.put(PHASES.get(k), samples.stream().mapToDouble(s -> s.phasesMs()[kk]).toArray());
    }
    cols.put("other", samples.stream().mapToDouble(s -> s.latencyMs() - Arrays.stream(s.phasesMs()).sum()).toArray());
    cols.put("send_lag", samples.stream().mapToDouble(Sample::sendLagMs).toArray());
    cols.put("batch_items", samples.stream().mapToDouble(Sample::batchItems).toArray());
    // the request's own text length: is the tail long texts, or short texts held up behind them?
    cols.put("text_chars", samples.stream().mapToDouble(Sample::textChars).toArray());
    List<Sample> slow = samples.stream().sorted(java.util.Comparator.comparingDouble(Sample::latencyMs).reversed())
        .limit(Math.max(1, samples.size() / 100)).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    System.out.printf(Locale.ROOT, "    %-12s %9s %9s %14s%n", "phase (ms)", "p50", "p99", "slowest 1% mean");
    for (var e : cols.entrySet()) {
      double[] sorted = e.getValue().clone();
      Arrays.sort(sorted);
      String name = e.getKey();
      double slowMean = slow.stream().mapToDouble(s -> switch (name) {
        case "total" -> s.latencyMs();
        case "other" -> s.latencyMs() - Arrays.stream(s.phasesMs()).sum();
        case "send_lag" -> s.sendLagMs();
        case "batch_items" -> s.batchItems();
        case "text_chars" -> s.textChars();
        default -> s.phasesMs()[PHASES.indexOf(name)];
      }).average().orElse(Double.NaN);
      double p50 = quantile(sorted, 0.5);
      double p99 = quantile(sorted, 0.99);
      System.out.printf(Locale.ROOT, "    %-12s %9.1f %9.1f %14.1f%n", name, p50, p99, slowMean);
      out.put(name, Map.of("p50", p50, "p99", p99, "slowest_1pct_mean", slowMean));
    }
    return out;
  }

  private static HttpRequest post(String url, String body) {
    return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static String body(List<String> texts, int from, int to) {
    ObjectNode o = SignalJson.MAPPER.createObjectNode();
    o.putArray("signals").add("text_embedding");
    ArrayNode a = o.putArray("items");
    for (int i = from; i < to; i++) {
      a.addObject().put("id", "t" + i).put("text", texts.get(i));
    }
    return o.toString();
  }

  static List<String> load(Path dir) throws Exception {
    return YoutubeSpamCollection.load(dir).stream().map(c -> c.item().text()).toList();
  }

  private void report(Map<String, Object> r) throws Exception {
    Files.createDirectories(out);
    String stamp = ((String) r.get("date")).substring(0, 19).replace(':', '-');
    Path json = out.resolve("text-embedding-" + variant + "-" + stamp + ".json");
    Files.writeString(json, SignalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(r));
    String md = String.format(Locale.ROOT, """
        | stage | items/s | ratio |
        | --- | ---: | --- |
        | raw ONNX Runtime (pre-tokenized, ceiling) | %.1f | |
        | Prism pipeline, in-process | %.1f | %.3f x raw (target >= 0.9) |
        | Prism server over HTTP, saturated | %.1f | %.3f x pipeline (target >= 0.8) |
        | langchain4j AllMiniLmL6V2EmbeddingModel | %.1f | pipeline = %.2f x langchain4j (target >= 1.5) |

        Single-item requests saturate at %.1f req/s; at %.0f req/s offered (half; Poisson arrivals), %.0f achieved: p50 %.1f ms, p99 %.1f ms.
        %d texts, %.1f tokens/text on average, %s cores, %s, java %s.
        """, r.get("raw_items_per_s"), r.get("pipeline_items_per_s"), r.get("pipeline_over_raw"), r.get("server_items_per_s"),
        r.get("server_over_pipeline"), r.get("langchain4j_items_per_s"), r.get("pipeline_over_langchain4j"),
        r.get("server_single_item_max_req_per_s"), r.get("latency_offered_req_per_s"), r.get("latency_achieved_req_per_s"), r.get("latency_p50_ms"), r.get("latency_p99_ms"),
        r.get("texts"), r.get("mean_tokens_per_text"), r.get("cores"), variant, r.get("java"));
    Files.writeString(out.resolve("text-embedding-" + variant + "-latest.md"), md);
    System.out.println();
    System.out.print(md);
    System.out.println("results: " + json.toAbsolutePath());
  }
}
