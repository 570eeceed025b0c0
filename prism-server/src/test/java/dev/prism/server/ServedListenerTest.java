package dev.prism.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.graph.ItemResult;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.signal.SignalValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The hook the served-signal log hangs on: told each answered request's results; its failure fails nothing. */
class ServedListenerTest {

  private static HttpResponse<String> post(PrismServer srv, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + srv.port() + "/v1/signals"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void listenerSeesEachAnsweredRequestsResultsAndLatency() throws Exception {
    ToyServers.LenNode node = new ToyServers.LenNode(5, false);
    List<ItemResult> seen = new CopyOnWriteArrayList<>();
    AtomicLong latency = new AtomicLong();
    try (SignalGraph graph = ToyServers.graph(node);
        PrismServer srv = new PrismServer(graph, ToyServers.config(Map.of()), PrismServer.newRegistry())
            .onServed((results, nanos) -> {
              seen.addAll(results);
              latency.set(nanos);
            }).start()) {
      HttpResponse<String> r = post(srv, ToyServers.items("x", 3));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(seen).extracting(ItemResult::itemId).containsExactly("x0", "x1", "x2");
      assertThat(seen.get(0).values().get(ToyServers.LEN).value()).isEqualTo(new SignalValue.Score(3));
      // 3 items at 5 ms each went through the graph before the listener heard of them
      assertThat(latency.get()).isGreaterThanOrEqualTo(15_000_000L);
      // a refused request (bad JSON) is not an answer: the listener hears nothing of it
      assertThat(post(srv, "{").statusCode()).isEqualTo(400);
      assertThat(seen).hasSize(3);
    }
  }

  @Test
  void aFailingListenerDoesNotFailTheRequest() throws Exception {
    ToyServers.LenNode node = new ToyServers.LenNode(0, false);
    try (SignalGraph graph = ToyServers.graph(node);
        PrismServer srv = new PrismServer(graph, ToyServers.config(Map.of()), PrismServer.newRegistry())
            .onServed((results, nanos) -> {
              throw new IllegalStateException("log broken");
            }).start()) {
      HttpResponse<String> r = post(srv, ToyServers.oneItem("a"));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"len@1\":3");
    }
  }
}
