package dev.prism.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.core.config.Config;
import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.graph.Node;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.io.SignalJson;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A batch worker survives whatever a batch throws, a worker that ends anyway is replaced and
 * counted, and /healthz (liveness) and /readyz (readiness) say so. The node is a deterministic
 * node that fails on purpose for marked texts: a real stack overflow, or an OutOfMemoryError that
 * the graph deliberately does not contain.
 */
class WorkerResilienceTest {
  static final SignalSpec LEN = new SignalSpec("len", 1);

  static final class FragileNode implements Node {
    @Override public String name() { return "fragile"; }
    @Override public Set<SignalSpec> consumes() { return Set.of(); }
    @Override public Set<SignalSpec> produces() { return Set.of(LEN); }
    @Override public Provenance provenance() { return Provenance.ofCode("fragile", "1", Map.of()); }

    @Override
    public Map<SignalSpec, Column> compute(Batch batch) {
      Column c = new Column(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        String t = batch.items().get(i).text();
        if (t.equals("deep")) {
          recurse(0);
        }
        if (t.equals("oom")) {
          throw new OutOfMemoryError("simulated heap exhaustion");
        }
        c.set(i, new SignalValue.Score(t.length()));
      }
      return Map.of(LEN, c);
    }

    private static int recurse(int depth) {
      return recurse(depth + 1) + 1;
    }
  }

  static HttpResponse<String> send(HttpClient http, HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void workersSurviveAnyBatchFailureAndAreReplacedWhenTheyEnd() throws Exception {
    ContractRegistry reg = new ContractRegistry(List.of(new SignalContract(LEN, new ValueType.ScoreType(0, 1e9), "fragile",
        "test", "length, unless the text is marked", "", "", "")));
    Config cfg = Config.load(PrismConfig.allKeys(ServerConfig.KEYS), null, Map.of(), Map.of("server.port", "0",
        "server.batch.workers", "1", "server.request_timeout_ms", "10000"));
    try (SignalGraph graph = new SignalGraph(List.of(new FragileNode()), reg);
        PrismServer server = new PrismServer(graph, cfg, PrismServer.newRegistry()).start()) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      HttpRequest.Builder ready = HttpRequest.newBuilder(URI.create(base + "/readyz")).GET();
      String okBody = "{\"items\":[{\"id\":\"z\",\"text\":\"abcd\"}]}";

      // One item overflows the stack: it alone gets the error, its neighbours their values.
      HttpResponse<String> r = send(http, post(base, "{\"items\":[{\"id\":\"a\",\"text\":\"ab\"},"
          + "{\"id\":\"d\",\"text\":\"deep\"},{\"id\":\"b\",\"text\":\"abc\"}]}"));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode j = SignalJson.MAPPER.readTree(r.body());
      assertThat(j.at("/results/0/signals/len@1").asDouble()).isEqualTo(2.0);
      assertThat(j.at("/results/1/errors/len@1").asText()).isEqualTo("node fragile failed on this item: StackOverflowError");
      assertThat(j.at("/results/2/signals/len@1").asDouble()).isEqualTo(3.0);

      // A whole batch fails (the graph lets OutOfMemoryError through): that request gets 500 with
      // the reason, the worker goes on.
      r = send(http, post(base, "{\"items\":[{\"id\":\"o\",\"text\":\"oom\"}]}"));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
      assertThat(r.body()).contains("OutOfMemoryError: simulated heap exhaustion").contains("batch-failed");
      assertThat(send(http, post(base, okBody)).statusCode()).isEqualTo(200);
      assertThat(send(http, ready).statusCode()).isEqualTo(200);

      // A worker that ends anyway (here: interrupted) is replaced and counted.
      List<Thread> workers = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().equals("prism-batcher-0") && t.isAlive()).toList();
      assertThat(workers).isNotEmpty();
      workers.forEach(Thread::interrupt);
      long deadline = System.currentTimeMillis() + 10_000;
      String metrics = "";
      while (System.currentTimeMillis() < deadline) {
        metrics = send(http, HttpRequest.newBuilder(URI.create(base + "/metrics")).GET()).body();
        if (metrics.contains("prism_batcher_worker_restarts_total 1.0")) {
          break;
        }
        Thread.sleep(20);
      }
      assertThat(metrics).contains("prism_batcher_worker_restarts_total 1.0").contains("prism_batcher_workers_alive 1.0");
      HttpResponse<String> rd = send(http, ready);
      assertThat(rd.statusCode()).as(rd.body()).isEqualTo(200);
      JsonNode rj = SignalJson.MAPPER.readTree(rd.body());
      assertThat(rj.get("status").asText()).isEqualTo("ready");
      assertThat(rj.get("workers_alive").asInt()).isEqualTo(1);
      assertThat(rj.get("worker_restarts").asInt()).isEqualTo(1);
      r = send(http, post(base, okBody));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"len@1\":4.0");
      assertThat(send(http, HttpRequest.newBuilder(URI.create(base + "/healthz")).GET()).body()).contains("\"status\":\"ok\"");
    }
  }

  private static HttpRequest.Builder post(String base, String body) {
    return HttpRequest.newBuilder(URI.create(base + "/v1/signals")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }
}
