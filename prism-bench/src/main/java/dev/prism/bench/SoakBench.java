package dev.prism.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.config.Config;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.io.SignalJson;
import dev.prism.core.signal.ContractRegistry;
import dev.prism.models.ModelsConfig;
import dev.prism.models.TextNodeProvider;
import dev.prism.models.text.MiniLmTextEncoder;
import dev.prism.models.text.TextStatsNode;
import dev.prism.runtime.config.PrismConfig;
import dev.prism.server.PrismServer;
import dev.prism.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Soak test of the server: a long open-loop run (Poisson arrivals) at a fraction of the measured
 * single-item saturation, with a mix of good, hostile and oversize requests, sampling the process's
 * resident memory and open file descriptors over time.
 *
 * <p>The server runs in this JVM (as in {@link EmbeddingBench}), serving {@code text_embedding@1}
 * and {@code text_stats@1} (the node whose regexes the hostile texts of issue 9 attacked). Good
 * requests must all answer 200 with a 384-float embedding and no item error; hostile and oversize
 * requests are sent through their own HTTP client (a server closing an oversize request's
 * connection must not be blamed on a good request that happened to reuse it) and their statuses
 * are reported. RSS ({@code VmRSS} of {@code /proc/self/status}) and the {@code /proc/self/fd}
 * count are sampled; the RSS slope is a least-squares fit over the samples after the first quarter
 * of the run (heap growth while the JIT and the allocator warm up is not a leak).
 */
public final class SoakBench {
  /** Fraction of saturation the soak offers unless told otherwise (issue 9: 70 %). */
  public static final double DEFAULT_LOAD = 0.7;
  /** Share of arrivals that are hostile (valid or malformed requests built to hurt). */
  static final double HOSTILE_SHARE = 0.15;
  /** Share of arrivals that are oversize (body, item count or text over the limits). */
  static final double OVERSIZE_SHARE = 0.05;
  /** Closed-loop clients for the saturation measurement (as {@code prism bench}'s default). */
  static final int SATURATION_CLIENTS = 16;
  /** Embedding width of text_embedding@1 (all-MiniLM-L6-v2), checked on every good answer. */
  static final int EMBEDDING_DIM = 384;

  /**
   * @param data YouTube Spam Collection CSV directory (good texts)
   * @param duration length of the soak
   * @param load fraction of the measured saturation to offer
   * @param rate offered req/s; 0 = measure saturation first and offer {@code load} of it
   * @param saturation how long to measure saturation (after a warm-up of a third of it)
   * @param sampleEvery RSS / fd sampling interval
   * @param out directory for the JSON result, or null
   */
  public record Options(Path data, Duration duration, double load, double rate, Duration saturation, Duration sampleEvery,
      Path out) {
    public Options {
      if (duration.isNegative() || duration.isZero() || saturation.isNegative() || saturation.isZero()
          || sampleEvery.isNegative() || sampleEvery.isZero()) {
        throw new IllegalArgumentException("duration, saturation and sample interval must be > 0");
      }
      if (!(load > 0 && load <= 1)) {
        throw new IllegalArgumentException("load must be in (0, 1], got " + load);
      }
      if (rate < 0) {
        throw new IllegalArgumentException("rate must be >= 0 (0 = measure saturation), got " + rate);
      }
    }
  }

  /** One resource sample, {@code seconds} after the soak started. */
  public record Sample(double seconds, long rssKb, int fds, long heapUsedBytes) {}

  /**
   * What the soak measured. {@code statuses} counts answers per kind of request and HTTP status
   * (0: no answer, an I/O error); {@code goodErrors} are good requests that did not get a correct
   * 200 (the first few are described in {@code goodErrorExamples}). {@code peakInFlight} is the most
   * requests outstanding at once: an open loop opens a connection per outstanding request (a socket
   * on each side), so descriptors may grow to about twice it without anything leaking.
   */
  public record Result(double saturationReqPerS, double offeredReqPerS, double achievedReqPerS, long good, long goodErrors,
      List<String> goodErrorExamples, Map<String, Map<Integer, Long>> statuses, List<Sample> samples, double rssSlopeMbPerMin,
      int fdFirst, int fdMax, int fdLast, int peakInFlight, double goodP50Ms, double goodP99Ms) {
    public Result {
      goodErrorExamples = List.copyOf(goodErrorExamples);
      samples = List.copyOf(samples);
    }
  }

  private final Options o;

  public SoakBench(Options o) {
    this.o = o;
  }

  /** Runs the soak and prints its report; returns what it measured. */
  public Result run() throws Exception {
    List<String> texts = EmbeddingBench.load(o.data());
    Config cfg = PrismConfig.load(ServerConfig.KEYS, null, System.getenv(), Map.of("server.port", "0"));
    // the soak serves the reference fp32 model whatever models.text_embedding.variant says
    MiniLmTextEncoder.Options served = ModelsConfig.textEmbeddingOptions(cfg);
    MiniLmTextEncoder encoder = new MiniLmTextEncoder(new MiniLmTextEncoder.Options(MiniLmTextEncoder.Variant.FP32,
        served.maxTokens(), served.modelBatchSize(), served.batchTokenBudget(), served.onnx(), served.callOverheadTokens()));
    var registry = PrismServer.newRegistry();
    try (SignalGraph graph = new SignalGraph(List.of(encoder, new TextStatsNode()), new ContractRegistry(TextNodeProvider.contracts()),
        PrismServer.graphListener(registry));
        PrismServer srv = new PrismServer(graph, cfg, registry).start()) {
      String url = "http://127.0.0.1:" + srv.port() + "/v1/signals";
      ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor();
      HttpClient goodHttp = HttpClient.newBuilder().executor(exec).build();
      HttpClient hostileHttp = HttpClient.newBuilder().executor(exec).build();
      long maxBody = cfg.get(ServerConfig.MAX_BODY_BYTES);
      int maxItems = cfg.get(ServerConfig.MAX_ITEMS);
      int maxChars = cfg.get(ServerConfig.MAX_TEXT_CHARS);

      double saturation = Double.NaN;
      double rate = o.rate();
      if (rate == 0) {
        saturate(goodHttp, url, texts, o.saturation().dividedBy(3)); // warm-up
        saturation = saturate(goodHttp, url, texts, o.saturation());
        rate = o.load() * saturation;
        System.out.printf(Locale.ROOT, "soak: single-item saturation %.1f req/s; offering %.0f %% of it: %.1f req/s for %s%n",
            saturation, 100 * o.load(), rate, o.duration());
      }

      Map<String, Map<Integer, LongAdder>> statuses = new ConcurrentHashMap<>();
      LongAdder good = new LongAdder();
      LongAdder goodErrors = new LongAdder();
      ConcurrentLinkedQueue<String> examples = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<Long> goodLatencies = new ConcurrentLinkedQueue<>();
      AtomicInteger inFlight = new AtomicInteger();
      AtomicInteger peakInFlight = new AtomicInteger();
      List<CompletableFuture<?>> pending = new ArrayList<>();
      List<Sample> samples = new ArrayList<>();
      Random rnd = new Random(7);
      long start = System.nanoTime();
      long end = start + o.duration().toNanos();
      long nextSample = start;
      double next = start;
      int sent = 0;
      while (next < end) {
        long now = System.nanoTime();
        if (now >= nextSample) {
          samples.add(sample((now - start) / 1e9));
          nextSample += o.sampleEvery().toNanos();
          pending.removeIf(CompletableFuture::isDone);
        }
        long intended = (long) next;
        long wait = Math.min(intended, nextSample) - now;
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          continue;
        }
        peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        double kind = rnd.nextDouble();
        CompletableFuture<?> f;
        if (kind < HOSTILE_SHARE) {
          Attack a = hostile(rnd);
          f = send(hostileHttp, url, a.contentType(), a.body(), "hostile:" + a.name(), statuses);
        } else if (kind < HOSTILE_SHARE + OVERSIZE_SHARE) {
          Attack a = oversize(rnd, maxBody, maxItems, maxChars);
          f = send(hostileHttp, url, "application/json", a.body(), "oversize:" + a.name(), statuses);
        } else {
          String text = texts.get(sent % texts.size());
          String body = goodBody("g" + sent, text);
          f = goodHttp.sendAsync(post(url, "application/json", body), HttpResponse.BodyHandlers.ofString())
              .handle((r, e) -> {
                good.increment();
                count(statuses, "good", r == null ? 0 : r.statusCode());
                String why = e != null ? "I/O error: " + e : checkGood(r);
                if (why != null) {
                  goodErrors.increment();
                  if (examples.size() < 5) {
                    examples.add(why);
                  }
                } else {
                  goodLatencies.add(System.nanoTime() - intended); // from the intended send time
                }
                return null;
              });
        }
        pending.add(f.whenComplete((x, e) -> inFlight.decrementAndGet()));
        sent++;
        next += -Math.log(1 - rnd.nextDouble()) / rate * 1e9;
      }
      for (CompletableFuture<?> f : pending) {
        f.join();
      }
      double secs = (System.nanoTime() - start) / 1e9;
      samples.add(sample(secs));
      double achieved = sent / secs;

      double[] lat = goodLatencies.stream().mapToDouble(n -> n / 1e6).sorted().toArray();
      Map<String, Map<Integer, Long>> st = new java.util.TreeMap<>();
      statuses.forEach((k, v) -> {
        Map<Integer, Long> m = new java.util.TreeMap<>();
        v.forEach((s, n) -> m.put(s, n.sum()));
        st.put(k, m);
      });
      int fdFirst = samples.get(0).fds();
      int fdMax = samples.stream().mapToInt(Sample::fds).max().orElse(0);
      Result r = new Result(saturation, rate, achieved, good.sum(), goodErrors.sum(), new ArrayList<>(examples), st, samples,
          rssSlopeMbPerMin(samples, secs / 4), fdFirst, fdMax, samples.get(samples.size() - 1).fds(),
          peakInFlight.get(), EmbeddingBench.quantile(lat, 0.5), EmbeddingBench.quantile(lat, 0.99));
      report(r);
      return r;
    }
  }

  /** Closed loop, {@link #SATURATION_CLIENTS} clients sending single good items for {@code d}; returns req/s. */
  private static double saturate(HttpClient http, String url, List<String> texts, Duration d) throws Exception {
    AtomicInteger next = new AtomicInteger();
    long end = System.nanoTime() + d.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(SATURATION_CLIENTS);
    long t0 = System.nanoTime();
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int c = 0; c < SATURATION_CLIENTS; c++) {
        fs.add(pool.submit(() -> {
          while (System.nanoTime() < end) {
            int i = next.getAndIncrement();
            HttpResponse<String> r = http.send(post(url, "application/json", goodBody("s" + i, texts.get(i % texts.size()))),
                HttpResponse.BodyHandlers.ofString());
            String why = checkGood(r);
            if (why != null) {
              throw new IllegalStateException("saturation request failed: " + why);
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
    return next.get() / ((System.nanoTime() - t0) / 1e9);
  }

  private static CompletableFuture<?> send(HttpClient http, String url, String contentType, String body, String kind,
      Map<String, Map<Integer, LongAdder>> statuses) {
    return http.sendAsync(post(url, contentType, body), HttpResponse.BodyHandlers.discarding())
        .handle((r, e) -> {
          count(statuses, kind, r == null ? 0 : r.statusCode());
          return null;
        });
  }

  private static void count(Map<String, Map<Integer, LongAdder>> statuses, String kind, int status) {
    statuses.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).computeIfAbsent(status, s -> new LongAdder()).increment();
  }

  /** Null when {@code r} is a correct answer to a good request, else why not. */
  static String checkGood(HttpResponse<String> r) {
    if (r.statusCode() != 200) {
      return "HTTP " + r.statusCode() + ": " + r.body();
    }
    try {
      JsonNode res = SignalJson.MAPPER.readTree(r.body()).path("results").path(0);
      if (res.has("errors")) {
        return "item errors: " + res.get("errors");
      }
      JsonNode emb = res.path("signals").path("text_embedding@1");
      if (!emb.isArray() || emb.size() != EMBEDDING_DIM) {
        return "no " + EMBEDDING_DIM + "-float text_embedding@1 in " + res;
      }
      if (!res.path("signals").has("text_stats@1")) {
        return "no text_stats in " + res;
      }
      return null;
    } catch (IOException e) {
      return "unreadable JSON: " + e.getMessage();
    }
  }

  /** A request built to hurt: its name, content type and body. */
  record Attack(String name, String contentType, String body) {}

  /** Issue 9's attacks that fit the limits: regex killers, malformed JSON, unknown signals, wrong types. */
  static Attack hostile(Random rnd) {
    return switch (rnd.nextInt(7)) {
      case 0 -> new Attack("digits_3000", "application/json", goodBody("h", digits(rnd, 3000)));
      case 1 -> new Attack("a_dot_4000", "application/json", goodBody("h", "a.".repeat(2000)));
      case 2 -> new Attack("token_20k", "application/json", goodBody("h", "x".repeat(20_000)));
      case 3 -> new Attack("malformed_json", "application/json", "{\"signals\": [\"text_embedding\"], \"items\": [{\"id\": \"h\", \"text\": ");
      case 4 -> new Attack("unknown_signal", "application/json", "{\"signals\": [\"no_such_signal\"], \"items\": [{\"id\": \"h\", \"text\": \"hi\"}]}");
      case 5 -> new Attack("deep_nesting", "application/json", "[".repeat(5000) + "]".repeat(5000));
      default -> new Attack("wrong_content_type", "text/plain", goodBody("h", "hello"));
    };
  }

  /** Requests over a limit: body bytes, items per request, characters per item. */
  static Attack oversize(Random rnd, long maxBody, int maxItems, int maxChars) {
    return switch (rnd.nextInt(3)) {
      case 0 -> new Attack("body_over_limit", "application/json", goodBody("o", "y ".repeat((int) (maxBody / 2) + 1024)));
      case 1 -> {
        ObjectNode o = SignalJson.MAPPER.createObjectNode();
        o.putArray("signals").add("text_embedding");
        ArrayNode a = o.putArray("items");
        for (int i = 0; i <= maxItems; i++) {
          a.addObject().put("id", "o" + i).put("text", "item " + i);
        }
        yield new Attack("items_over_limit", "application/json", o.toString());
      }
      default -> new Attack("text_over_limit", "application/json", goodBody("o", "z".repeat(maxChars + 1)));
    };
  }

  private static String digits(Random rnd, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) ('0' + rnd.nextInt(10)));
    }
    return sb.toString();
  }

  static String goodBody(String id, String text) {
    ObjectNode o = SignalJson.MAPPER.createObjectNode();
    o.putArray("signals").add("text_embedding").add("text_stats");
    o.putArray("items").addObject().put("id", id).put("text", text);
    return o.toString();
  }

  private static HttpRequest post(String url, String contentType, String body) {
    return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  /** Resident set size and open descriptors of this process (Linux /proc), and the heap in use. */
  static Sample sample(double seconds) throws IOException {
    long rss = -1;
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    int fds;
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      fds = (int) s.count();
    }
    Runtime rt = Runtime.getRuntime();
    return new Sample(seconds, rss, fds, rt.totalMemory() - rt.freeMemory());
  }

  /** Least-squares slope of RSS over the samples taken at or after {@code fromSeconds}, in MB per minute. */
  static double rssSlopeMbPerMin(List<Sample> samples, double fromSeconds) {
    List<Sample> s = samples.stream().filter(x -> x.seconds() >= fromSeconds).toList();
    if (s.size() < 2) {
      return Double.NaN;
    }
    double mx = s.stream().mapToDouble(Sample::seconds).average().orElseThrow();
    double my = s.stream().mapToDouble(Sample::rssKb).average().orElseThrow();
    double num = 0;
    double den = 0;
    for (Sample x : s) {
      num += (x.seconds() - mx) * (x.rssKb() - my);
      den += (x.seconds() - mx) * (x.seconds() - mx);
    }
    return num / den * 60 / 1024; // kB/s -> MB/min
  }

  private void report(Result r) throws IOException {
    System.out.printf(Locale.ROOT, "soak: %.1f req/s offered, %.1f sent; %d good requests, %d not answered correctly%n",
        r.offeredReqPerS(), r.achievedReqPerS(), r.good(), r.goodErrors());
    r.goodErrorExamples().forEach(e -> System.out.println("  good request failed: " + e));
    System.out.printf(Locale.ROOT, "  good latency (from intended send): p50 %.1f ms, p99 %.1f ms%n", r.goodP50Ms(), r.goodP99Ms());
    r.statuses().forEach((k, v) -> System.out.println("  " + k + ": " + v));
    System.out.printf(Locale.ROOT, "  RSS slope after the first quarter: %.2f MB/min; RSS %d -> %d MB; fds first %d, max %d, last %d; "
        + "at most %d requests in flight%n", r.rssSlopeMbPerMin(), r.samples().get(0).rssKb() / 1024,
        r.samples().get(r.samples().size() - 1).rssKb() / 1024, r.fdFirst(), r.fdMax(), r.fdLast(), r.peakInFlight());
    if (o.out() != null) {
      Files.createDirectories(o.out());
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("date", Instant.now().toString());
      j.put("result", r);
      Path f = o.out().resolve("soak-" + Instant.now().toString().substring(0, 19).replace(':', '-') + ".json");
      Files.writeString(f, SignalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(j));
      System.out.println("results: " + f.toAbsolutePath());
    }
  }
}
