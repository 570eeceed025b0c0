package dev.prism.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.core.config.Config;
import dev.prism.core.graph.GraphListener;
import dev.prism.core.graph.ItemResult;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.io.SignalJson;
import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.index.IndexSpec;
import dev.prism.index.NearDuplicateIndex;
import dev.prism.runtime.config.PrismConfig;
import dev.prism.runtime.graph.GraphAssembly;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/near-duplicates} over real HTTP, with real MiniLM embeddings in a real index. */
class NearDuplicatesEndpointTest {
  static final List<String> TEXTS = List.of(
      "Check out my channel for the best music covers, please subscribe!",
      "This song never gets old, I still listen to it every day",
      "Who is watching this in 2015? Like if you are",
      "Free iPhone giveaway, click the link in my profile now",
      "The dance in this video is amazing, how did they do it");
  static final HttpClient http = HttpClient.newHttpClient();

  @TempDir static Path tmp;
  static SignalGraph graph;
  static PrismServer server;
  static PrismServer bare;
  static Map<String, float[]> vectors = new HashMap<>();

  static Config config(Map<String, String> extra) {
    Map<String, String> o = new HashMap<>(Map.of("server.port", "0"));
    o.putAll(extra);
    return Config.load(PrismConfig.allKeys(ServerConfig.KEYS), null, Map.of(), o);
  }

  @BeforeAll
  static void start() throws Exception {
    graph = GraphAssembly.build(config(Map.of()), GraphListener.NONE);
    SignalSpec spec = graph.resolve("text_embedding@1");
    List<ContentItem> items = new ArrayList<>();
    for (int i = 0; i < TEXTS.size(); i++) {
      items.add(ContentItem.ofText("t" + i, TEXTS.get(i)));
    }
    items.add(ContentItem.ofText("q", "check out my channel for the best music covers please subscribe"));
    List<NearDuplicateIndex.Entry> entries = new ArrayList<>();
    for (ItemResult r : graph.run(items, Set.of(spec))) {
      SignalValue v = r.values().get(spec).value();
      vectors.put(r.itemId(), ((SignalValue.Embedding) v).vector());
      if (!r.itemId().equals("q")) {
        entries.add(new NearDuplicateIndex.Entry(r.itemId(), v));
      }
    }
    try (NearDuplicateIndex idx = NearDuplicateIndex.create(tmp.resolve("text"), IndexSpec.embedding(spec.toString(), 384))) {
      idx.addAll(entries);
      idx.commit();
    }
    server = new PrismServer(graph, config(Map.of("index.dir", tmp.resolve("text").toString())), PrismServer.newRegistry()).start();
    bare = new PrismServer(graph, config(Map.of()), PrismServer.newRegistry()).start();
  }

  @AfterAll
  static void stop() {
    server.close();
    bare.close();
    graph.close();
  }

  static HttpResponse<String> post(PrismServer s, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/v1/near-duplicates"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static double cosineDistance(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
    }
    return 1 - dot;
  }

  @Test
  void answersTheNearestIndexedItemsWithTheirDistances() throws Exception {
    HttpResponse<String> r = post(server, """
        {"item": {"id": "q", "text": "check out my channel for the best music covers please subscribe"},
         "signal": "text_embedding", "k": 3}""");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode n = SignalJson.MAPPER.readTree(r.body());
    assertThat(n.get("signal").asText()).isEqualTo("text_embedding@1");
    assertThat(n.get("metric").asText()).isEqualTo("cosine");
    JsonNode nb = n.get("neighbors");
    assertThat(nb).hasSize(3);
    assertThat(nb.get(0).get("id").asText()).isEqualTo("t0");
    for (JsonNode x : nb) {
      // the reference distance: a double dot product of the graph's own embeddings, outside the index
      assertThat(x.get("distance").asDouble()).isCloseTo(
          cosineDistance(vectors.get("q"), vectors.get(x.get("id").asText())), org.assertj.core.data.Offset.offset(1e-5));
    }
    assertThat(nb.get(0).get("distance").asDouble()).isLessThan(0.1);
    // a threshold keeps only the near one; the query's own id is never its own neighbour
    r = post(server, """
        {"item": {"id": "t0", "text": "check out my channel for the best music covers please subscribe"}, "max_distance": 0.15}""");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(SignalJson.MAPPER.readTree(r.body()).get("neighbors")).isEmpty();
    r = post(server, """
        {"item": {"id": "q", "text": "check out my channel for the best music covers please subscribe"}, "max_distance": 0.15}""");
    assertThat(SignalJson.MAPPER.readTree(r.body()).get("neighbors").findValuesAsText("id")).containsExactly("t0");
  }

  @Test
  void errorsAreProblemDetails() throws Exception {
    HttpResponse<String> r = post(bare, "{\"item\": {\"id\": \"q\", \"text\": \"hi\"}}");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(SignalJson.MAPPER.readTree(r.body()).get("detail").asText()).contains("no near-duplicate index configured");
    record Case(String body, int status, String detail) {}
    for (Case c : List.of(
        new Case("{\"item\": {\"id\": \"q\", \"text\": \"hi\"}, \"signal\": \"lang@1\"}", 404,
            "no near-duplicate index for lang@1 (indexed: [text_embedding@1])"),
        new Case("{\"item\": {\"id\": \"q\", \"text\": \"hi\"}, \"signal\": \"nope\"}", 400, "nope"),
        new Case("{\"item\": {\"id\": \"q\", \"text\": \"hi\"}, \"k\": 0}", 400, "'k' must be an integer in [1, 1000], got 0"),
        new Case("{\"item\": {\"id\": \"q\", \"text\": \"hi\"}, \"max_distance\": -1}", 400, "'max_distance' must be a number >= 0"),
        new Case("{\"item\": {\"text\": \"hi\"}}", 400, "item"),
        new Case("{\"signal\": \"text_embedding\"}", 400, "'item' is missing"),
        new Case("{\"item\": {\"id\": \"q\", \"text\": \"hi\"}, \"extra\": 1}", 400, "unknown field 'extra'"),
        new Case("{\"item\": ", 400, "malformed JSON"))) {
      r = post(server, c.body());
      assertThat(r.statusCode()).as(c.body() + " -> " + r.body()).isEqualTo(c.status());
      assertThat(SignalJson.MAPPER.readTree(r.body()).get("detail").asText()).as(c.body()).contains(c.detail());
    }
  }

  @Test
  void aMisconfiguredIndexFailsStartUpWithItsPath() {
    assertThatThrownBy(() -> new PrismServer(graph, config(Map.of("index.dir", tmp.resolve("missing").toString())),
        PrismServer.newRegistry())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing").hasMessageContaining("prism-index.json is missing");
  }
}
