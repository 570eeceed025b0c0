package dev.prism.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.graph.SignalGraph;
import dev.prism.core.item.ContentItem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The adaptive batch cap, and the per-request phase breakdown the server reports. */
class AdaptiveBatchTest {
  @Test
  void capIsTheItemsThatFitTheTargetBetweenMinAndMax() {
    Admission a = new Admission(1);
    long target = TimeUnit.MILLISECONDS.toNanos(50);
    assertThat(a.batchCap(target, 1, 256)).as("no estimate yet: max").isEqualTo(256);
    a.batchDone(5, TimeUnit.MILLISECONDS.toNanos(100)); // 20 ms per item
    // hand calculation: floor(50 ms / 20 ms) = 2
    assertThat(a.batchCap(target, 1, 256)).isEqualTo(2);
    assertThat(a.batchCap(target, 8, 256)).as("floored at min").isEqualTo(8);
    assertThat(a.batchCap(TimeUnit.SECONDS.toNanos(60), 1, 256)).as("capped at max").isEqualTo(256);
    assertThat(a.batchCap(0, 1, 256)).as("target 0 = off").isEqualTo(256);
  }

  @Test
  void batcherNeverFormsABatchOverTheCapAndKeepsRequestsWhole() throws Exception {
    ToyServers.LenNode node = new ToyServers.LenNode(1, true);
    ConcurrentLinkedQueue<Integer> sizes = new ConcurrentLinkedQueue<>();
    try (SignalGraph graph = ToyServers.graph(node);
        MicroBatcher b = new MicroBatcher(graph, 256, 0, 1000, 1, sizes::add, () -> {}, (n, t) -> {}, () -> 3, 0)) {
      List<CompletableFuture<MicroBatcher.Answer>> fs = new ArrayList<>();
      // the gate holds the first batch, so the rest queue up together
      fs.add(b.submitTimed(List.of(ContentItem.ofText("first", "a")), Set.of(ToyServers.LEN), MicroBatcher.NO_DEADLINE));
      Thread.sleep(100);
      for (int i = 0; i < 7; i++) {
        fs.add(b.submitTimed(List.of(ContentItem.ofText("s" + i, "ab")), Set.of(ToyServers.LEN), MicroBatcher.NO_DEADLINE));
      }
      fs.add(b.submitTimed(List.of(ContentItem.ofText("p0", "abc"), ContentItem.ofText("p1", "abc"), ContentItem.ofText("p2", "abc"),
          ContentItem.ofText("p3", "abc")), Set.of(ToyServers.LEN), MicroBatcher.NO_DEADLINE));
      node.gate.countDown();
      for (CompletableFuture<MicroBatcher.Answer> f : fs) {
        MicroBatcher.Answer a = f.get(10, TimeUnit.SECONDS);
        assertThat(a.startedNanos()).isGreaterThanOrEqualTo(a.enqueuedNanos());
        assertThat(a.doneNanos()).isGreaterThan(a.startedNanos());
      }
      // 1 + 7 singles in batches of at most 3; the 4-item request is over the cap but whole, alone
      assertThat(sizes).contains(4);
      assertThat(sizes.stream().filter(s -> s != 4)).allMatch(s -> s <= 3);
      assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(12);
      assertThat(fs.get(fs.size() - 1).get().results()).hasSize(4);
      assertThat(fs.get(fs.size() - 1).get().batchItems()).isEqualTo(4);
    }
  }

  @Test
  void everyAnswerSaysWhereItsTimeWent() throws Exception {
    ToyServers.LenNode node = new ToyServers.LenNode(30, false);
    try (SignalGraph graph = ToyServers.graph(node);
        PrismServer srv = new PrismServer(graph, ToyServers.config(Map.of()), PrismServer.newRegistry()).start()) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + srv.port() + "/v1/signals")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(ToyServers.items("x", 2))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      String timing = r.headers().firstValue("Server-Timing").orElseThrow();
      assertThat(timing).contains("parse;dur=", "queue;dur=", "handback;dur=", "serialize;dur=", "batch;desc=\"2\"");
      // the node sleeps 30 ms per item: the model phase of a 2-item batch is at least 60 ms
      double model = Double.parseDouble(timing.replaceAll(".*model;dur=([0-9.]+).*", "$1"));
      assertThat(model).isGreaterThanOrEqualTo(60.0);
    }
  }
}
