package dev.prism.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.config.Config;
import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.graph.Node;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.signal.ContractRegistry;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.core.signal.ValueType;
import dev.prism.runtime.config.PrismConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Overload answers 503 + Retry-After instead of queueing without bound. The node here is a real
 * (deterministic) node that blocks until released, so the queue fills at a known moment.
 */
class OverloadTest {
  static final SignalSpec SLOW = new SignalSpec("slow", 1);

  static final class GateNode implements Node {
    final CountDownLatch gate = new CountDownLatch(1);
    final java.util.concurrent.atomic.AtomicInteger computed = new java.util.concurrent.atomic.AtomicInteger();

    @Override public String name() { return "gate"; }
    @Override public Set<SignalSpec> consumes() { return Set.of(); }
    @Override public Set<SignalSpec> produces() { return Set.of(SLOW); }
    @Override public Provenance provenance() { return Provenance.ofCode("gate", "1", Map.of()); }

    @Override
    public Map<SignalSpec, Column> compute(Batch batch) {
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      computed.addAndGet(batch.size());
      Column c = new Column(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        c.set(i, new SignalValue.Score(batch.items().get(i).text().length()));
      }
      return Map.of(SLOW, c);
    }
  }

  @Test
  void fullQueueAnswers503AndRecovers() throws Exception {
    GateNode node = new GateNode();
    ContractRegistry reg = new ContractRegistry(List.of(new SignalContract(SLOW, new ValueType.ScoreType(0, 1e9), "gate",
        "test", "length, slowly", "", "", "")));
    Config cfg = Config.load(PrismConfig.allKeys(ServerConfig.KEYS), null, Map.of(), Map.of("server.port", "0",
        "server.queue.capacity_items", "4", "server.batch.max_size", "1", "server.batch.workers", "1"));
    try (SignalGraph graph = new SignalGraph(List.of(node), reg);
        PrismServer server = new PrismServer(graph, cfg, PrismServer.newRegistry()).start()) {
      HttpClient http = HttpClient.newHttpClient();
      String url = "http://127.0.0.1:" + server.port() + "/v1/signals";
      List<CompletableFuture<HttpResponse<String>>> inflight = new ArrayList<>();
      // 1 item is taken by the blocked worker, 4 fill the queue, the rest must be refused
      for (int i = 0; i < 9; i++) {
        inflight.add(http.sendAsync(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[{\"id\":\"" + i + "\",\"text\":\"abc\"}]}")).build(),
            HttpResponse.BodyHandlers.ofString()));
        Thread.sleep(50);
      }
      long deadline = System.currentTimeMillis() + 10_000;
      while (inflight.stream().filter(CompletableFuture::isDone).count() < 4 && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      List<HttpResponse<String>> refused = inflight.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join).toList();
      assertThat(refused).hasSize(4).allSatisfy(r -> {
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(r.body()).contains("queue full");
      });
      // Readiness says the same while the queue is at capacity; liveness still says up.
      HttpResponse<String> notReady = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/readyz"))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
      assertThat(notReady.body()).contains("not ready: queue full: 4 of 4 items waiting");
      assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz")).GET().build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      node.gate.countDown();
      long ok = inflight.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 200).count();
      assertThat(ok).isEqualTo(5);
      HttpResponse<String> after = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[{\"id\":\"z\",\"text\":\"abcd\"}]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(after.body()).contains("\"slow@1\":4.0");
      assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/readyz")).GET().build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void timedOutRequestsGet503AndAreNotComputedAfterwards() throws Exception {
    GateNode node = new GateNode();
    ContractRegistry reg = new ContractRegistry(List.of(new SignalContract(SLOW, new ValueType.ScoreType(0, 1e9), "gate",
        "test", "length, slowly", "", "", "")));
    Config cfg = Config.load(PrismConfig.allKeys(ServerConfig.KEYS), null, Map.of(), Map.of("server.port", "0",
        "server.request_timeout_ms", "300", "server.batch.max_size", "1", "server.batch.workers", "1"));
    try (SignalGraph graph = new SignalGraph(List.of(node), reg);
        PrismServer server = new PrismServer(graph, cfg, PrismServer.newRegistry()).start()) {
      HttpClient http = HttpClient.newHttpClient();
      String url = "http://127.0.0.1:" + server.port() + "/v1/signals";
      List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
      for (String id : List.of("running", "queued")) {
        sent.add(http.sendAsync(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[{\"id\":\"" + id + "\",\"text\":\"abc\"}]}")).build(),
            HttpResponse.BodyHandlers.ofString()));
        Thread.sleep(50);
      }
      for (CompletableFuture<HttpResponse<String>> f : sent) {
        HttpResponse<String> r = f.get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("not computed within 300 ms");
      }
      node.gate.countDown();
      Thread.sleep(300);
      // the worker finished the running item; the queued one was dropped, not computed for nobody
      assertThat(node.computed.get()).isEqualTo(1);
    }
  }
}
