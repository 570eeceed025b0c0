package dev.prism.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.config.Config;
import dev.prism.core.data.YoutubeSpamCollection;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.io.SignalJson;
import dev.prism.learn.serve.HeadNodeProvider;
import dev.prism.runtime.graph.GraphAssembly;
import dev.prism.server.PrismServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Prism's main job on its embedded defaults: start the signal server, score the bundled YouTube "
            + "comments through it over HTTP from concurrent clients, and show what the signals say.",
        "",
        "Writes every item's signals to --output and prints: throughput and latency, the language "
            + "mix, how text_stats separate spam from ham, a k-nearest-neighbour spam check on the "
            + "embeddings, and nearest neighbours of a few comments. --keep-serving leaves the server up.",
        "",
        "When models/spam-youtube.v1.json exists (examples/youtube-spam/run.sh trains it from weak labels) "
            + "and graph.heads is not set, the demo serves it as spam@1 next to the built-in signals and reports "
            + "how it scores the Shakira file (05), the only file that is not its training data."})
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR", description = "Directory of YouTube Spam Collection CSVs (default: datasets/youtube_spam_collection).")
  Path data;

  @Option(names = "--output", defaultValue = "out/demo/signals.jsonl", description = "Where to write the signals (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--clients", defaultValue = "4", description = "Concurrent HTTP clients (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--items-per-request", defaultValue = "8", description = "Items per POST (default: ${DEFAULT-VALUE}).")
  int perRequest;

  @Option(names = "--port", defaultValue = "0", description = "Server port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--keep-serving", description = "Keep the server running after the demo (Ctrl-C to stop).")
  boolean keepServing;

  @Option(names = "--no-heads", description = "Do not load the bundled spam head (models/spam-youtube.v1.json) by default.")
  boolean noHeads;

  @Mixin ConfigOptions config;

  /** The spam head that examples/youtube-spam/run.sh trains; served by default when present. */
  static final String DEFAULT_HEAD = "models/spam-youtube.v1.json";

  /** The YouTube file whose comments form the spam head's valid and test splits (files 01-04 are its training data). */
  static final String HELD_OUT_SOURCE = "Youtube05-Shakira";


  @Override
  public Integer call() throws Exception {
    config.overrides.putIfAbsent("server.port", Integer.toString(port));
    Config cfg = config.load();
    Path head = home().resolve(DEFAULT_HEAD).toAbsolutePath();
    boolean bundledHead = false;
    if (!noHeads && cfg.get(HeadNodeProvider.HEADS).isBlank() && Files.isRegularFile(head)) {
      config.overrides.put(HeadNodeProvider.HEADS.name(), head.toString());
      cfg = config.load();
      bundledHead = true;
    }
    Path dir = data != null ? data : home().resolve("datasets/youtube_spam_collection");
    List<YoutubeSpamCollection.Comment> items = YoutubeSpamCollection.load(dir);
    System.out.printf(Locale.ROOT, "Loaded %,d comments from %s%n", items.size(), dir);

    PrometheusMeterRegistry registry = PrismServer.newRegistry();
    try (SignalGraph graph = GraphAssembly.build(cfg, PrismServer.graphListener(registry));
        PrismServer server = new PrismServer(graph, cfg, registry).start()) {
      String base = "http://" + cfg.get(dev.prism.server.ServerConfig.HOST) + ":" + server.port();
      System.out.println("Server up at " + base + " serving " + graph.served());

      HttpClient http = HttpClient.newHttpClient();
      List<List<YoutubeSpamCollection.Comment>> requests = new ArrayList<>();
      for (int i = 0; i < items.size(); i += perRequest) {
        requests.add(items.subList(i, Math.min(items.size(), i + perRequest)));
      }
      Map<String, JsonNode> results = new java.util.concurrent.ConcurrentHashMap<>();
      long[] latencies = new long[requests.size()];
      AtomicInteger next = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      long t0 = System.nanoTime();
      List<Future<?>> fs = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        fs.add(pool.submit(() -> {
          for (int r = next.getAndIncrement(); r < requests.size(); r = next.getAndIncrement()) {
            ObjectNode body = SignalJson.MAPPER.createObjectNode();
            ArrayNode arr = body.putArray("items");
            for (YoutubeSpamCollection.Comment l : requests.get(r)) {
              arr.addObject().put("id", l.item().id()).put("text", l.item().description());
            }
            long s = System.nanoTime();
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/signals"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
            latencies[r] = System.nanoTime() - s;
            if (resp.statusCode() != 200) {
              throw new IllegalStateException("server answered " + resp.statusCode() + ": " + resp.body());
            }
            for (JsonNode res : SignalJson.MAPPER.readTree(resp.body()).get("results")) {
              results.put(res.get("id").asText(), res);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      pool.shutdown();
      double secs = (System.nanoTime() - t0) / 1e9;
      Arrays.sort(latencies);
      System.out.printf(Locale.ROOT, "%nScored %,d items in %.2f s over HTTP (%,.0f items/s; %d clients x %d items/request);"
              + " request latency p50 %.1f ms, p99 %.1f ms%n", results.size(), secs, results.size() / secs, clients, perRequest,
          latencies[latencies.length / 2] / 1e6, latencies[(int) Math.min(latencies.length - 1, latencies.length * 0.99)] / 1e6);

      write(items, results);
      report(items, results);
      spamReport(items, results, bundledHead);
      imageReport(http, base, home().resolve("datasets/kodak24"));
      System.out.println("\nSignals written to " + output.toAbsolutePath());
      System.out.println("Try: curl -s " + base + "/v1/contracts | head -c 400; curl -s " + base + "/metrics | grep prism_batch");
      if (keepServing) {
        System.out.println("Serving at " + base + " (Ctrl-C to stop)");
        Thread.currentThread().join();
      }
    }
    return Prism.EXIT_OK;
  }

  /**
   * The image signals over the same HTTP API: the Kodak photographs as JPEG uploads (one item per
   * request, text and image together), plus two re-encoded half-size copies, to show quality
   * measures, the nsfw classifier and near-duplicates by perceptual hash. Skipped when the
   * photographs are not there (a custom --data run from elsewhere).
   */
  static void imageReport(HttpClient http, String base, Path kodak) throws Exception {
    if (!Files.isRegularFile(kodak.resolve("kodim01.png"))) {
      return;
    }
    Map<String, byte[]> uploads = new LinkedHashMap<>();
    for (int i = 1; i <= 24; i++) {
      String name = String.format(Locale.ROOT, "kodim%02d", i);
      java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(kodak.resolve(name + ".png").toFile());
      uploads.put(name, jpeg(img, 1));
      if (i == 3 || i == 19) {
        uploads.put(name + "-copy", jpeg(img, 2)); // half size, re-encoded: what a re-upload looks like
      }
    }
    Map<String, JsonNode> signals = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    for (Map.Entry<String, byte[]> u : uploads.entrySet()) {
      ObjectNode body = SignalJson.MAPPER.createObjectNode();
      ObjectNode item = body.putArray("items").addObject().put("id", u.getKey()).put("text", "photo " + u.getKey());
      item.putObject("image").put("base64", java.util.Base64.getEncoder().encodeToString(u.getValue()));
      HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/signals"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
          HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() != 200) {
        throw new IllegalStateException("server answered " + resp.statusCode() + ": " + resp.body());
      }
      signals.put(u.getKey(), SignalJson.MAPPER.readTree(resp.body()).at("/results/0/signals"));
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "%nImages: %d JPEG uploads (24 Kodak photographs + 2 half-size copies), one per request, "
        + "text and image signals together in %.1f s (%.0f ms per request)%n", uploads.size(), secs, secs * 1000 / uploads.size());
    System.out.println("  photo      size      sharpness  mean luma  colourful  blockiness  nsfw top class");
    for (Map.Entry<String, JsonNode> e : signals.entrySet()) {
      if (!e.getKey().endsWith("-copy") && !List.of("kodim01", "kodim03", "kodim08", "kodim13", "kodim19", "kodim23").contains(e.getKey())) {
        continue;
      }
      JsonNode q = e.getValue().get("image_quality@1");
      JsonNode n = e.getValue().get("nsfw@1");
      String top = "";
      double best = -1;
      for (var it = n.fields(); it.hasNext(); ) {
        var f = it.next();
        if (f.getValue().asDouble() > best) {
          best = f.getValue().asDouble();
          top = f.getKey();
        }
      }
      System.out.printf(Locale.ROOT, "  %-12s %4.0fx%-4.0f %9.0f %10.2f %10.1f %11.2f  %s %.2f%n", e.getKey(), q.get("width").asDouble(),
          q.get("height").asDouble(), q.get("sharpness").asDouble(), q.get("mean_luma").asDouble(), q.get("colorfulness").asDouble(),
          q.get("blockiness").asDouble(), top, best);
    }
    System.out.println("  Near-duplicates by image_phash@1 (Hamming <= 10 of 64 bits), all pairs:");
    List<String> ids = new ArrayList<>(signals.keySet());
    for (int i = 0; i < ids.size(); i++) {
      for (int j = i + 1; j < ids.size(); j++) {
        long a = Long.parseUnsignedLong(signals.get(ids.get(i)).get("image_phash@1").asText(), 16);
        long b = Long.parseUnsignedLong(signals.get(ids.get(j)).get("image_phash@1").asText(), 16);
        int d = Long.bitCount(a ^ b);
        if (d <= 10) {
          System.out.printf(Locale.ROOT, "    %s ~ %s: %d bits apart%n", ids.get(i), ids.get(j), d);
        }
      }
    }
  }

  /** {@code img} scaled down by {@code divisor} and encoded as JPEG (default quality). */
  private static byte[] jpeg(java.awt.image.BufferedImage img, int divisor) throws java.io.IOException {
    java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(img.getWidth() / divisor, img.getHeight() / divisor,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = out.createGraphics();
    g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(img, 0, 0, out.getWidth(), out.getHeight(), null);
    g.dispose();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(out, "jpeg", bytes);
    return bytes.toByteArray();
  }

  static Path home() {
    String h = System.getProperty("prism.home");
    return h != null ? Path.of(h) : Path.of("");
  }

  private void write(List<YoutubeSpamCollection.Comment> items, Map<String, JsonNode> results) throws Exception {
    Path parent = output.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    try (BufferedWriter w = Files.newBufferedWriter(output)) {
      for (YoutubeSpamCollection.Comment l : items) {
        w.write(results.get(l.item().id()).toString());
        w.write('\n');
      }
    }
  }

  private static List<Map.Entry<String, Integer>> top(Map<String, Integer> counts, int n) {
    return counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(n).toList();
  }

  private static String share(Map.Entry<String, Integer> e, int total) {
    return String.format(Locale.ROOT, "%-4s %5d %5.1f%%", e.getKey(), e.getValue(), 100.0 * e.getValue() / total);
  }

  private static void report(List<YoutubeSpamCollection.Comment> items, Map<String, JsonNode> results) {
    Map<String, Integer> langs = new TreeMap<>();
    Map<String, Integer> langs2 = new TreeMap<>();
    Map<String, double[]> statSums = new LinkedHashMap<>();
    int[] counts = new int[2];
    List<String> shown = List.of("url_count", "uppercase_ratio", "exclamation_count", "token_count", "emoji_ratio");
    float[][] emb = new float[items.size()][];
    for (int i = 0; i < items.size(); i++) {
      YoutubeSpamCollection.Comment l = items.get(i);
      JsonNode s = results.get(l.item().id()).get("signals");
      langs.merge(s.at("/lang@1/label").asText(), 1, Integer::sum);
      if (s.has("lang@2")) {
        langs2.merge(s.at("/lang@2/label").asText(), 1, Integer::sum);
      }
      counts[l.spam()]++;
      for (String f : shown) {
        statSums.computeIfAbsent(f, k -> new double[2])[l.spam()] += s.at("/text_stats@1/" + f).asDouble();
      }
      JsonNode e = s.get("text_embedding@1");
      emb[i] = new float[e.size()];
      for (int d = 0; d < e.size(); d++) {
        emb[i][d] = e.get(d).floatValue();
      }
    }
    List<Map.Entry<String, Integer>> top1 = top(langs, 6);
    List<Map.Entry<String, Integer>> top2 = top(langs2, 6);
    System.out.println("\nLanguage, top 6   lang@1 (OpenNLP)       lang@2 (Lingua, short text)");
    for (int r = 0; r < Math.max(top1.size(), top2.size()); r++) {
      System.out.printf(Locale.ROOT, "                  %-22s %s%n", r < top1.size() ? share(top1.get(r), items.size()) : "",
          r < top2.size() ? share(top2.get(r), items.size()) : "");
    }
    System.out.printf(Locale.ROOT, "%ntext_stats@1 means           spam (n=%d)   ham (n=%d)%n", counts[1], counts[0]);
    statSums.forEach((f, v) -> System.out.printf(Locale.ROOT, "  %-20s %12.3f %12.3f%n", f, v[1] / counts[1], v[0] / counts[0]));

    // Leave-one-out 5-NN on cosine similarity: how much the embedding alone knows about spam.
    int k = 5;
    int correct = 0;
    int[] nearestOf = new int[items.size()];
    for (int i = 0; i < items.size(); i++) {
      int[] best = new int[k];
      double[] sim = new double[k];
      Arrays.fill(sim, -2);
      for (int j = 0; j < items.size(); j++) {
        if (j == i) {
          continue;
        }
        double d = dot(emb[i], emb[j]);
        if (d > sim[k - 1]) {
          int p = k - 1;
          while (p > 0 && sim[p - 1] < d) {
            sim[p] = sim[p - 1];
            best[p] = best[p - 1];
            p--;
          }
          sim[p] = d;
          best[p] = j;
        }
      }
      nearestOf[i] = best[0];
      int votes = 0;
      for (int b : best) {
        votes += items.get(b).spam();
      }
      if ((votes * 2 > k ? 1 : 0) == items.get(i).spam()) {
        correct++;
      }
    }
    System.out.printf(Locale.ROOT, "%ntext_embedding@1: leave-one-out 5-NN spam accuracy %.1f%% (majority class %.1f%%)%n",
        100.0 * correct / items.size(), 100.0 * Math.max(counts[0], counts[1]) / items.size());
    System.out.println("\nNearest neighbours (cosine):");
    for (int i : new int[] {3, 400, 1500}) {
      if (i < items.size()) {
        int j = nearestOf[i];
        System.out.printf(Locale.ROOT, "  %s%n    -> %s  (%.3f)%n", clip(items.get(i).item().description()),
            clip(items.get(j).item().description()), dot(emb[i], emb[j]));
      }
    }
  }

  /**
   * How spam@1 (a trained head, when served) scores the comments that are not its training data:
   * file 05, whose comments are the head's valid (calibration, model selection) and test splits.
   */
  static void spamReport(List<YoutubeSpamCollection.Comment> items, Map<String, JsonNode> results, boolean bundledHead) {
    String spam = "spam@1";
    List<double[]> scored = new ArrayList<>(); // {score, class}
    for (YoutubeSpamCollection.Comment l : items) {
      JsonNode v = results.get(l.item().id()).path("signals").get(spam);
      if (v != null && v.isNumber() && HELD_OUT_SOURCE.equals(l.item().metadata().get("source"))) {
        scored.add(new double[] {v.asDouble(), l.spam()});
      }
    }
    if (scored.isEmpty()) {
      return;
    }
    if (bundledHead) {
      System.out.printf(Locale.ROOT, "%n%s (%s) on %s (%d comments: the head's 120 valid comments, used for calibration and%n"
          + "model selection, plus its 250 test comments; files 01-04 are its training data and are left out here):%n",
          spam, DEFAULT_HEAD, HELD_OUT_SOURCE, scored.size());
    } else {
      System.out.printf(Locale.ROOT, "%n%s on %s (%d comments; how much of it the head saw in training depends on the head):%n",
          spam, HELD_OUT_SOURCE, scored.size());
    }
    double[] edges = {0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0000001};
    System.out.print("  spam@1 bucket      ");
    for (int b = 0; b + 1 < edges.length; b++) {
      System.out.printf(Locale.ROOT, " %-9s", String.format(Locale.ROOT, "%.1f-%.1f", edges[b], Math.min(1, edges[b + 1])));
    }
    System.out.println("   mean");
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int tn = 0;
    for (int cls = 1; cls >= 0; cls--) {
      int[] hist = new int[edges.length - 1];
      double sum = 0;
      int n = 0;
      for (double[] s : scored) {
        if ((int) s[1] != cls) {
          continue;
        }
        n++;
        sum += s[0];
        for (int b = 0; b + 1 < edges.length; b++) {
          if (s[0] >= edges[b] && s[0] < edges[b + 1]) {
            hist[b]++;
          }
        }
        boolean predicted = s[0] >= 0.5;
        if (cls == 1) {
          tp += predicted ? 1 : 0;
          fn += predicted ? 0 : 1;
        } else {
          fp += predicted ? 1 : 0;
          tn += predicted ? 0 : 1;
        }
      }
      System.out.printf(Locale.ROOT, "  CLASS=%d %-4s n=%-4d", cls, cls == 1 ? "spam" : "ham", n);
      for (int h : hist) {
        System.out.printf(Locale.ROOT, " %-9d", h);
      }
      System.out.printf(Locale.ROOT, "  %.3f%n", n == 0 ? Double.NaN : sum / n);
    }
    int n = tp + fp + fn + tn;
    System.out.printf(Locale.ROOT, "  at threshold 0.5: accuracy %.1f%% (%d/%d), precision %.1f%%, recall %.1f%%%n",
        100.0 * (tp + tn) / n, tp + tn, n, tp + fp == 0 ? 0.0 : 100.0 * tp / (tp + fp), tp + fn == 0 ? Double.NaN : 100.0 * tp / (tp + fn));
  }

  private static String clip(String s) {
    String t = s.replaceAll("\\s+", " ").strip();
    return t.length() > 90 ? t.substring(0, 87) + "..." : t;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
