package dev.prism.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.graph.SignalGraph;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Deadline-aware admission on a real server: the node costs 20 ms per item (a sleep, so the cost is
 * known by hand), a backlog is built, and a request whose deadline the backlog makes unmeetable is
 * refused at once, with a Retry-After from the backlog, and never computed.
 */
class AdmissionTest {
  static final HttpClient http = HttpClient.newHttpClient();

  static HttpRequest post(int port, String body, String deadlineMs) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/signals"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (deadlineMs != null) {
      b.header(PrismServer.DEADLINE_HEADER, deadlineMs);
    }
    return b.build();
  }

  @Test
  void requestThatCannotMeetItsDeadlineIsRefusedAtOnceWithRetryAfterFromTheBacklog() throws Exception {
    ToyServers.LenNode node = new ToyServers.LenNode(20, false);
        // one worker: the hand calculations below divide the backlog by one
    try (SignalGraph g = ToyServers.graph(node);
        PrismServer server = new PrismServer(g, ToyServers.config(Map.of("server.batch.max_size", "10", "server.batch.workers", "1")),
            PrismServer.newRegistry()).start()) {
      int port = server.port();
      assertThat(http.send(post(port, ToyServers.items("w", 10), null), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200); // one batch measured: about 20 ms per item
      CompletableFuture<HttpResponse<String>> backlog = http.sendAsync(post(port, ToyServers.items("b", 100), null),
          HttpResponse.BodyHandlers.ofString());
      Thread.sleep(100);
      long t0 = System.nanoTime();
      HttpResponse<String> refused = http.send(post(port, ToyServers.items("late", 10), "500"), HttpResponse.BodyHandlers.ofString());
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
      assertThat(refused.body()).contains("deadline-unmeetable").contains("10 items would be answered in about")
          .contains("after the deadline in");
      // Hand calculation: about 95 of the 100 backlog items are left after 100 ms; (95 + 10) x 20 ms
      // = 2.1 s expected against a 0.5 s deadline, so the backlog needs about 1.6 s to shrink enough:
      // Retry-After 2 (3 or 4 where sleeps and overhead make an item cost up to 30 ms here).
      int retry = Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow());
      assertThat(retry).isBetween(2, 4);
      assertThat(ms).as("refused at once, not after waiting").isLessThan(500L);
      assertThat(backlog.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(node.computedIds).noneMatch(id -> id.startsWith("late"));
      // with the backlog gone, the same request fits its deadline: 10 x 20 ms = 200 ms < 500 ms
      assertThat(http.send(post(port, ToyServers.items("again", 10), "500"), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
      String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).contains("prism_refusals_total{reason=\"deadline-unmeetable\",status=\"503\"} 1.0");
      assertThat(metrics).containsPattern("prism_admission_item_cost_seconds 0\\.0[2-4]");
    }
  }

  @Test
  void requestWhoseDeadlinePassesInTheQueueIsDroppedBeforeTheModel() throws Exception {
    ToyServers.LenNode node = new ToyServers.LenNode(0, true);
    try (SignalGraph g = ToyServers.graph(node);
        PrismServer server = new PrismServer(g, ToyServers.config(Map.of("server.batch.max_size", "1", "server.batch.workers", "1")),
            PrismServer.newRegistry()).start()) {
      int port = server.port();
      CompletableFuture<HttpResponse<String>> running = http.sendAsync(post(port, ToyServers.oneItem("running"), null),
          HttpResponse.BodyHandlers.ofString());
      Thread.sleep(200);
      long t0 = System.nanoTime();
      // no batch has finished yet, so there is no estimate and the request is admitted
      HttpResponse<String> late = http.send(post(port, ToyServers.oneItem("late"), "300"), HttpResponse.BodyHandlers.ofString());
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertThat(late.statusCode()).isEqualTo(503);
      assertThat(late.body()).contains("items not computed within 300 ms (Prism-Deadline-Ms, capped at server.request_timeout_ms=30000)");
      assertThat(ms).isBetween(250L, 3000L);
      node.gate.countDown();
      assertThat(running.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      Thread.sleep(300);
      assertThat(node.computedIds).containsExactly("running");
      String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).containsPattern("prism_batcher_dropped_items_total\\{reason=\"(abandoned|deadline)\"} 1\\.0");
    }
  }

  @Test
  void malformedDeadlineHeaderIsABadRequest() throws Exception {
    ToyServers.LenNode node = new ToyServers.LenNode(0, false);
    try (SignalGraph g = ToyServers.graph(node);
        PrismServer server = new PrismServer(g, ToyServers.config(Map.of()), PrismServer.newRegistry()).start()) {
      HttpResponse<String> r = http.send(post(server.port(), ToyServers.oneItem("x"), "soon"), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("Prism-Deadline-Ms must be a whole number of milliseconds, got 'soon'");
    }
  }

  /** The estimator alone, against hand-computed moving averages. */
  @Test
  void estimatorIsAnExponentialMovingAverageOfCostPerItem() {
    Admission a = new Admission(2);
    assertThat(a.check(1_000_000, 1, 1).admitted()).as("no estimate yet: admitted").isTrue();
    a.batchDone(10, 100_000_000); // 10 ms per item
    assertThat(a.nanosPerItem()).isEqualTo(10_000_000.0);
    a.batchDone(4, 80_000_000); // 20 ms per item: 0.2 x 20 + 0.8 x 10 = 12 ms
    assertThat(a.nanosPerItem()).isCloseTo(12_000_000.0, org.assertj.core.data.Offset.offset(1e-6));
    // 2 workers, 99 ahead + 1 own: 100 x 12 ms / 2 = 600 ms expected
    Admission.Verdict fits = a.check(99, 1, 600_000_000);
    assertThat(fits.admitted()).isTrue();
    assertThat(fits.expectedNanos()).isEqualTo(600_000_000);
    // 1000 ahead: 1001 x 12 / 2 = 6006 ms against 1000 ms: 5.006 s over, Retry-After 6
    Admission.Verdict refused = a.check(1000, 1, 1_000_000_000);
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.retryAfterSeconds()).isEqualTo(6);
    // a full queue: 500 items over capacity take 500 x 12 ms / 2 = 3 s to work off
    assertThat(a.secondsToDrain(500)).isEqualTo(3);
    assertThat(a.secondsToDrain(1)).as("at least a second").isEqualTo(1);
  }
}
