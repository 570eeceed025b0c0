package dev.prism.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.auth.Scope;
import dev.prism.core.config.Config;
import dev.prism.core.config.ConfigKey;
import dev.prism.core.data.YoutubeSpamCollection;
import dev.prism.core.graph.NodeProvider;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.io.SignalJson;
import dev.prism.registry.FileArtifactStore;
import dev.prism.registry.ModelRegistry;
import dev.prism.registry.RegistryEvent;
import dev.prism.rollout.RolloutConfig;
import dev.prism.rollout.RolloutController;
import dev.prism.rollout.Rollouts;
import dev.prism.runtime.config.PrismConfig;
import dev.prism.runtime.graph.GraphAssembly;
import dev.prism.store.auth.ApiTokenStore;
import dev.prism.store.db.MetadataDb;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's proof, end to end over HTTP with the real text models: register v1 (the bundled spam
 * head) and serve it through its production alias; register v2 (the bundled head with its
 * first-layer weights perturbed by 2 % seeded Gaussian noise: genuinely different, equally valid),
 * shadow then canary it while concurrent clients send traffic, let the plan promote it; register
 * v3 (outputs flipped: the MLP's output rows swapped), watch a guardrail halt it and traffic return
 * to v2, with zero failed requests or items throughout. Prints the measured breach-to-rollback time.
 */
class RolloutEndToEndTest {
  static final HttpClient http = HttpClient.newHttpClient();
  static final Path BUNDLED = Path.of("..", "models", "spam-youtube.v1.json");

  @TempDir Path dir;
  String base;
  String writeToken;

  @Test
  void shadowCanaryPromoteThenAGuardrailHaltsABrokenCandidate() throws Exception {
    MetadataDb db = MetadataDb.open("jdbc:sqlite:" + dir.resolve("prism.db"));
    List<RegistryEvent> events = new CopyOnWriteArrayList<>();
    ModelRegistry registry = new ModelRegistry(db, new FileArtifactStore(dir.resolve("artifacts")), Clock.systemUTC(),
        events::add);
    registry.register(BUNDLED, null, "cli:test", "bundled v1");
    registry.setAlias("spam", Rollouts.PRODUCTION, 1, "cli:test", "first production");
    ApiTokenStore tokens = new ApiTokenStore(db);
    writeToken = tokens.create("release-bot", Scope.WRITE).secret();

    List<ConfigKey<?>> keys = new ArrayList<>(ServerConfig.KEYS);
    keys.addAll(RolloutConfig.KEYS);
    Config cfg = Config.load(PrismConfig.allKeys(keys), null, Map.of(), Map.ofEntries(Map.entry("server.port", "0"),
        Map.entry("rollout.signals", "spam"), Map.entry("rollout.poll_ms", "50"),
        // the candidate scores every item, so the guardrails fill quickly on a few hundred items
        Map.entry("rollout.shadow.fraction", "1.0"), Map.entry("rollout.guardrail.window_items", "200"),
        Map.entry("rollout.guardrail.min_items", "60"),
        // per-item head time is ~0.05 ms; the shared 2-core test machine pauses threads for tens of ms
        Map.entry("rollout.guardrail.max_latency_p99_ms", "250")));
    PrometheusMeterRegistry meters = PrismServer.newRegistry();
    RolloutController controller = new RolloutController(new Rollouts(db, registry, Clock.systemUTC()), cfg, meters,
        Clock.systemUTC());
    List<NodeProvider> providers = new ArrayList<>(GraphAssembly.discoverProviders());
    providers.add(controller.nodeProvider());
    SignalGraph graph = GraphAssembly.build(providers, cfg, PrismServer.graphListener(meters));
    PrismServer server = new PrismServer(graph, cfg, meters, tokens, tokens).models(registry).rollouts(controller).start();
    controller.start();
    base = "http://127.0.0.1:" + server.port();

    List<String> texts = new ArrayList<>();
    YoutubeSpamCollection.load(YoutubeSpamCollection.find()).forEach(c -> texts.add(c.content()));
    Traffic traffic = new Traffic(texts.subList(0, 300));
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      int client = c;
      clients.add(Thread.ofPlatform().name("client-" + c).start(() -> traffic.run(client)));
    }
    try {
      // v2: a valid, different head, registered over the API and rolled out with the full plan
      int v2 = register(perturbed(7, 0.02));
      JsonNode started = call("POST", "/v1/rollouts", """
          {"signal": "spam", "candidate": "v%d", "steps": "shadow,1,10,50,100", "min_step_ms": 300,
           "min_step_items": 60, "reason": "retrained head"}""".formatted(v2));
      assertThat(started.path("state").asText()).as(started.toString()).isEqualTo("running");
      JsonNode done = await(started.path("id").asText(), "completed", 90_000);
      assertThat(done.path("outcome").asText()).contains("promoted spam@v2");
      assertThat(call("GET", "/v1/models/spam/aliases/production", null).path("version").asInt()).isEqualTo(v2);
      long v2Answers = traffic.answered.getOrDefault("spam@v2", new AtomicLong()).get();
      assertThat(v2Answers).as("items the canary gave v2 before promotion").isPositive();

      // v3: flipped outputs; a guardrail must halt it and leave v2 serving
      int v3 = register(flipped());
      JsonNode broken = call("POST", "/v1/rollouts", """
          {"signal": "spam", "candidate": "v%d", "steps": "10,50,100", "min_step_ms": 300, "min_step_items": 60,
           "reason": "deliberately broken"}""".formatted(v3));
      long startedNanos = System.nanoTime();
      JsonNode halted = await(broken.path("id").asText(), "halted", 60_000);
      long haltSeenNanos = System.nanoTime();
      assertThat(halted.path("outcome").asText()).startsWith("guardrail ");
      assertThat(call("GET", "/v1/models/spam/aliases/production", null).path("version").asInt()).isEqualTo(v2);
      RolloutController.HaltRecord h = controller.haltRecords().getLast();
      long v3Before = traffic.answered.getOrDefault("spam@v3", new AtomicLong()).get();
      Thread.sleep(500); // traffic keeps flowing after the halt
      traffic.mark();
      Thread.sleep(1500);
      assertThat(traffic.sinceMark.get()).as("items answered after the halt").isPositive();
      assertThat(traffic.v3SinceMark.get()).as("items answered by v3 after the halt").isZero();
      System.out.printf(java.util.Locale.ROOT, "rollout e2e: v2 promoted (%d items answered by v2 by the time its rollout completed); "
          + "v3 halted by %s; breach detected %.0f ms after v3's rollout started (%d items answered by v3 before); "
          + "traffic back on v2 %.3f ms after detection; halt recorded and announced %.1f ms after detection; "
          + "halt visible over the API %.0f ms after start; requests %d, failed requests %d, failed items %d%n",
          v2Answers, h.halt().breach().describe(), (h.halt().detectedNanos() - startedNanos) / 1e6, v3Before, h.switchMs(),
          h.recordMs(), (haltSeenNanos - startedNanos) / 1e6, traffic.requests.get(), traffic.failedRequests.get(),
          traffic.failedItems.get());
      assertThat(h.switchMs()).isLessThan(50);
    } finally {
      traffic.stop.set(true);
      for (Thread t : clients) {
        t.join(30_000);
      }
      controller.close();
      server.close();
      graph.close();
      db.close();
    }
    assertThat(traffic.failures).as("failed requests").isEmpty();
    assertThat(traffic.failedItems.get()).as("failed items").isZero();
    assertThat(events.stream().map(RegistryEvent::type).toList()).containsSubsequence(Rollouts.STARTED, Rollouts.STEP,
        Rollouts.COMPLETED, Rollouts.STARTED, Rollouts.HALTED);
    assertThat(meters.scrape()).contains("prism_rollout_guardrail{guardrail=\"agreement\",signal=\"spam\"}");
  }

  /** Clients posting 8 comments at a time until stopped, counting which version answered each item. */
  final class Traffic {
    final List<String> texts;
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong failedRequests = new AtomicLong();
    final AtomicLong failedItems = new AtomicLong();
    final List<String> failures = new CopyOnWriteArrayList<>();
    final Map<String, AtomicLong> answered = new ConcurrentHashMap<>();
    final AtomicBoolean marked = new AtomicBoolean();
    final AtomicLong sinceMark = new AtomicLong();
    final AtomicLong v3SinceMark = new AtomicLong();

    Traffic(List<String> texts) {
      this.texts = texts;
    }

    void mark() {
      marked.set(true);
    }

    void run(int client) {
      Random rnd = new Random(client);
      long n = 0;
      while (!stop.get()) {
        ObjectNode req = SignalJson.MAPPER.createObjectNode();
        req.putArray("signals").add("spam");
        ArrayNode items = req.putArray("items");
        for (int i = 0; i < 8; i++) {
          items.addObject().put("id", "c" + client + "-" + n++).put("text", texts.get(rnd.nextInt(texts.size())));
        }
        try {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/signals"))
              .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(req.toString())).build(),
              HttpResponse.BodyHandlers.ofString());
          requests.incrementAndGet();
          if (r.statusCode() != 200) {
            failedRequests.incrementAndGet();
            failures.add(r.statusCode() + " " + r.body());
            continue;
          }
          JsonNode j = SignalJson.MAPPER.readTree(r.body());
          String top = j.at("/provenance/spam@1/config/registry.version").asText();
          for (JsonNode item : j.get("results")) {
            if (item.has("errors")) {
              failedItems.incrementAndGet();
              failures.add(item.toString());
              continue;
            }
            JsonNode own = item.at("/provenance/spam@1/config/registry.version");
            String version = own.isMissingNode() ? top : own.asText();
            answered.computeIfAbsent(version, k -> new AtomicLong()).incrementAndGet();
            if (marked.get()) {
              sinceMark.incrementAndGet();
              if (version.equals("spam@v3")) {
                v3SinceMark.incrementAndGet();
              }
            }
          }
        } catch (Exception e) {
          failedRequests.incrementAndGet();
          failures.add(e.toString());
        }
      }
    }
  }

  private JsonNode await(String id, String state, long timeoutMs) throws Exception {
    long end = System.currentTimeMillis() + timeoutMs;
    JsonNode r;
    do {
      r = call("GET", "/v1/rollouts/" + id, null);
      if (r.path("state").asText().equals(state)) {
        return r;
      }
      Thread.sleep(25);
    } while (System.currentTimeMillis() < end);
    throw new AssertionError("rollout " + id + " did not reach " + state + " in " + timeoutMs + " ms: " + r);
  }

  private int register(byte[] artifact) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/models"))
        .header("Authorization", "Bearer " + writeToken).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(artifact)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return SignalJson.MAPPER.readTree(r.body()).path("version").asInt();
  }

  private JsonNode call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + writeToken);
    b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
        : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 201);
    return SignalJson.MAPPER.readTree(r.body());
  }

  /** The bundled head with each first-layer weight times (1 + relative·z), z seeded standard normal. */
  static byte[] perturbed(long seed, double relative) throws Exception {
    ObjectNode root = (ObjectNode) SignalJson.MAPPER.readTree(BUNDLED.toFile());
    Random rnd = new Random(seed);
    for (JsonNode row : root.path("head").path("w1")) {
      ArrayNode r = (ArrayNode) row;
      for (int j = 0; j < r.size(); j++) {
        r.set(j, r.get(j).asDouble() * (1 + relative * rnd.nextGaussian()));
      }
    }
    root.put("version", "perturbed-" + seed);
    return SignalJson.MAPPER.writeValueAsBytes(root);
  }

  /** The bundled head with its MLP output rows (w2, b2) swapped: it calls ham spam and spam ham. */
  static byte[] flipped() throws Exception {
    ObjectNode root = (ObjectNode) SignalJson.MAPPER.readTree(BUNDLED.toFile());
    ObjectNode head = (ObjectNode) root.get("head");
    for (String f : List.of("w2", "b2")) {
      ArrayNode a = (ArrayNode) head.get(f);
      JsonNode first = a.get(0);
      a.set(0, a.get(1));
      a.set(1, first);
    }
    root.put("version", "flipped");
    return SignalJson.MAPPER.writeValueAsBytes(root);
  }

  static {
    try {
      Files.createDirectories(Path.of("target"));
    } catch (java.io.IOException ignored) {
      // only a convenience for local runs
    }
  }
}
