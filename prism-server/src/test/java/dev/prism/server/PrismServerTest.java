package dev.prism.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.core.config.Config;
import dev.prism.core.config.ConfigKey;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.io.SignalJson;
import dev.prism.models.text.MiniLmTextEncoder;
import dev.prism.runtime.config.PrismConfig;
import dev.prism.runtime.graph.GraphAssembly;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP API against the real models (MiniLM, OpenNLP) on a real port. */
class PrismServerTest {
  static SignalGraph graph;
  static PrismServer server;
  static MiniLmTextEncoder encoder;
  static final HttpClient http = HttpClient.newHttpClient();
  static String base;

  static List<ConfigKey<?>> keys() {
    return PrismConfig.allKeys(ServerConfig.KEYS);
  }

  static Config config(Map<String, String> overrides) {
    Map<String, String> o = new java.util.HashMap<>(Map.of("server.port", "0", "server.limits.max_items_per_request", "50",
        "server.limits.max_text_chars", "5000", "server.limits.max_body_bytes", "200000"));
    o.putAll(overrides);
    return Config.load(keys(), null, Map.of(), o);
  }

  @BeforeAll
  static void start() {
    Config cfg = config(Map.of());
    PrometheusMeterRegistry reg = PrismServer.newRegistry();
    graph = GraphAssembly.build(cfg, PrismServer.graphListener(reg));
    server = new PrismServer(graph, cfg, reg).start();
    base = "http://127.0.0.1:" + server.port();
    encoder = (MiniLmTextEncoder) graph.nodes().stream().filter(n -> n instanceof MiniLmTextEncoder).findFirst().orElseThrow();
  }

  @AfterAll
  static void stop() {
    server.close();
    graph.close();
  }

  static HttpResponse<String> post(String body) throws Exception {
    return post(body, "application/json");
  }

  static HttpResponse<String> post(String body, String contentType) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + "/v1/signals")).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return SignalJson.MAPPER.readTree(r.body());
  }

  static void assertProblem(HttpResponse<String> r, int status, String detailContains) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode p = json(r);
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("detail").asText()).contains(detailContains);
    assertThat(p.get("type").asText()).startsWith("https://prism.dev/problems/");
  }

  @Test
  void computesRequestedSignalsWithProvenance() throws Exception {
    HttpResponse<String> r = post("""
        {"signals": ["text_embedding", "lang@1", "text_stats"],
         "items": [{"id": "a", "text": "Das ist ein wirklich schönes Lied, ich höre es jeden Tag."},
                   {"id": "b", "title": "Subscribe!", "description": "check out my channel http://x.co/abc"}]}""");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode j = json(r);
    assertThat(j.at("/results/0/id").asText()).isEqualTo("a");
    assertThat(j.at("/results/0/signals/text_embedding@1").size()).isEqualTo(384);
    assertThat(j.at("/results/0/signals/lang@1/label").asText()).isEqualTo("deu");
    assertThat(j.at("/results/1/signals/text_stats@1/url_count").asDouble()).isEqualTo(1.0);
    assertThat(j.at("/results/1/errors").isMissingNode()).isTrue();
    assertThat(j.at("/provenance/text_embedding@1/model_id").asText()).isEqualTo("sentence-transformers/all-MiniLM-L6-v2");
    assertThat(j.at("/provenance/text_embedding@1/artifact_sha256").asText()).hasSize(64);
    // the embedding served is the one the encoder computes in-process for the same text
    float[] local = encoder.embed(List.of("Subscribe!\ncheck out my channel http://x.co/abc"))[0];
    JsonNode served = j.at("/results/1/signals/text_embedding@1");
    for (int i = 0; i < 384; i += 37) {
      assertThat(served.get(i).floatValue()).isCloseTo(local[i], org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void defaultSignalsAreAllServed() throws Exception {
    JsonNode j = json(post("{\"items\":[{\"id\":\"x\",\"text\":\"hello there my friend\"}]}"));
    assertThat(j.at("/results/0/signals").size()).isEqualTo(5); // lang@1, lang@2, text_embedding, text_simhash, text_stats
    assertThat(j.at("/results/0/signals/lang@2/label").asText()).isEqualTo("eng");
  }

  @Test
  void aTextOnlyRequestNeitherReadsNorFetchesItsItemsMedia() throws Exception {
    // No served signal reads images yet, so the media stage leaves every reference alone: the
    // server's file is not read and the metadata address is not fetched, and no image error is
    // reported. (Resolution, decoding and their errors are tested in MediaResolverTest and
    // ScoreJobTest with an image-reading node.)
    String png = java.util.Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    JsonNode j = json(post("{\"signals\": [\"text_stats\"], \"items\": ["
        + "{\"id\": \"a\", \"text\": \"inline image\", \"image\": {\"base64\": \"" + png + "\"}},"
        + "{\"id\": \"b\", \"text\": \"reads a server file\", \"image\": {\"path\": \"/etc/passwd\"}},"
        + "{\"id\": \"c\", \"text\": \"asks for a fetch\", \"image\": {\"url\": \"http://169.254.169.254/latest/meta-data\"}}]}"));
    for (int i = 0; i < 3; i++) {
      assertThat(j.at("/results/" + i + "/errors").isMissingNode()).as("item " + i).isTrue();
      assertThat(j.at("/results/" + i + "/signals/text_stats@1/char_count").asDouble()).isPositive();
    }
    assertProblem(post("{\"items\": [{\"id\": \"d\", \"image\": {\"base64\": \"%%%\"}}]}"), 400,
        "items[0] (id 'd'): 'image.base64' is not valid base64");
  }

  @Test
  void aBodyIsOneJsonObjectWithoutDuplicateKeys() throws Exception {
    assertProblem(post("{\"items\": [{\"id\": \"a\", \"id\": \"b\", \"text\": \"x\"}]}"), 400, "Duplicate field 'id'");
    assertProblem(post("{\"items\": [{\"id\": \"a\", \"text\": \"x\"}]} {\"items\": []}"), 400,
        "more text after the request object");
    assertProblem(post("{\"items\": [{\"id\": \"a\", \"text\": \"x\"}]} trailing"), 400, "malformed JSON");
  }

  @Test
  void badInputGetsPreciseProblems() throws Exception {
    assertProblem(post("{\"items\": [ {\"id\": \"a\", }"), 400, "malformed JSON");
    assertProblem(post("{\"items\": [{\"id\": \"a\", \"text\": \"x\"}], \"signals\": [\"sentiment\"]}"), 400,
        "unknown signal 'sentiment'; served signals: [image_dhash@1, image_embedding@1, image_phash@1, image_quality@1, lang@1, lang@2, nsfw@1, text_embedding@1, text_simhash@1, text_stats@1]");
    assertProblem(post("{\"items\": [{\"id\": \"a\", \"text\": \"x\"}], \"signals\": [\"lang@7\"]}"), 400, "unknown signal 'lang@7'");
    assertProblem(post("{\"items\": []}"), 400, "'items' is empty");
    assertProblem(post("{\"items\": [{\"text\": \"no id\"}]}"), 400, "items[0]: 'id' is required");
    assertProblem(post("{\"items\": [{\"id\": \"a\", \"text\": 5}]}"), 400, "items[0] (id 'a'): 'text' must be a string, got number");
    assertProblem(post("{\"items\": [{\"id\": \"a\"}, {\"id\": \"a\"}]}"), 400, "items[1]: duplicate id 'a'");
    assertProblem(post("{\"items\": [{\"id\": \"a\", \"colour\": \"red\"}]}"), 400, "unknown field 'colour'");
    assertProblem(post("[1,2]"), 400, "body must be a JSON object");
    StringBuilder many = new StringBuilder("{\"items\": [");
    for (int i = 0; i < 51; i++) {
      many.append(i > 0 ? "," : "").append("{\"id\":\"").append(i).append("\"}");
    }
    assertProblem(post(many + "]}"), 413, "51 items in one request; the limit is 50");
    assertProblem(post("{\"items\": [{\"id\": \"long\", \"text\": \"" + "a".repeat(5001) + "\"}]}"), 413,
        "items[0] (id 'long'): title + description is 5001 chars; the limit is 5000");
    assertProblem(post("{\"items\": [{\"id\": \"big\", \"text\": \"" + "a".repeat(300_000) + "\"}]}"), 413, "the limit is 200000");
    assertProblem(post("id,text\n1,x", "text/csv"), 415, "Content-Type must be application/json");
    assertProblem(get("/v2/nothing"), 404, "no route GET /v2/nothing");
    // and the server is still up and answering
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void manyConcurrentClientsEachGetTheirOwnAnswers() throws Exception {
    List<String> words = List.of("music", "subscribe", "channel", "love", "song", "check", "video", "great", "free", "win");
    int clients = 12;
    int requestsEach = 8;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<Integer>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      futures.add(pool.submit(() -> {
        Random rnd = new Random(client);
        int checked = 0;
        for (int q = 0; q < requestsEach; q++) {
          int n = 1 + rnd.nextInt(5);
          List<String> texts = new ArrayList<>();
          StringBuilder body = new StringBuilder("{\"signals\":[\"text_embedding\",\"text_stats\"],\"items\":[");
          for (int i = 0; i < n; i++) {
            StringBuilder t = new StringBuilder("client " + client + " request " + q + " item " + i);
            for (int w = 0; w < rnd.nextInt(30); w++) {
              t.append(' ').append(words.get(rnd.nextInt(words.size())));
            }
            texts.add(t.toString());
            body.append(i > 0 ? "," : "").append("{\"id\":\"c").append(client).append("-").append(q).append("-").append(i)
                .append("\",\"text\":\"").append(t).append("\"}");
          }
          HttpResponse<String> r = post(body + "]}");
          assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
          JsonNode res = json(r).get("results");
          assertThat(res.size()).isEqualTo(n);
          for (int i = 0; i < n; i++) {
            assertThat(res.get(i).get("id").asText()).isEqualTo("c" + client + "-" + q + "-" + i);
            // the char count identifies the text this answer was computed from
            assertThat(res.get(i).at("/signals/text_stats@1/char_count").asInt()).isEqualTo(texts.get(i).length());
            float[] local = encoder.embed(List.of(texts.get(i)))[0];
            JsonNode e = res.get(i).at("/signals/text_embedding@1");
            double dot = 0;
            for (int d = 0; d < 384; d++) {
              dot += local[d] * e.get(d).floatValue();
            }
            assertThat(dot).isGreaterThan(0.9999);
            checked++;
          }
        }
        return checked;
      }));
    }
    int total = 0;
    for (Future<Integer> f : futures) {
      total += f.get();
    }
    pool.shutdown();
    assertThat(total).isGreaterThan(clients * requestsEach);
    // requests were really batched together
    String metrics = get("/metrics").body();
    assertThat(metrics).contains("prism_batch_size_count").contains("prism_node_compute_seconds_bucket")
        .contains("prism_http_request_seconds_bucket").contains("prism_queue_depth_items");
  }

  /**
   * Regression (issue 9): 3,000 digits overflowed the stack in text_stats' phone regex and killed
   * the only batch worker; 5,000 characters of "a.a.a." did the same in the link regex (at the
   * length the JVM's stack allows), a long token without '@' took seconds in the e-mail regex.
   */
  @Test
  void hostileTextsGetValuesAndTheServerStaysReady() throws Exception {
    String body = "{\"signals\": [\"text_stats\", \"lang@1\", \"lang@2\"], \"items\": ["
        + "{\"id\": \"digits\", \"text\": \"" + "1".repeat(3_000) + "\"},"
        + "{\"id\": \"dots\", \"text\": \"" + "a.".repeat(2_500) + "\"},"
        + "{\"id\": \"token\", \"text\": \"" + "a".repeat(5_000) + "\"}]}";
    long t0 = System.nanoTime();
    HttpResponse<String> r = post(body);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode j = json(r);
    assertThat(j.at("/results/0/signals/text_stats@1/phone_like_count").asDouble()).isEqualTo(1.0);
    assertThat(j.at("/results/0/signals/text_stats@1/char_count").asDouble()).isEqualTo(3_000.0);
    assertThat(j.at("/results/1/signals/text_stats@1/url_count").asDouble()).isEqualTo(0.0);
    assertThat(j.at("/results/1/signals/text_stats@1/punctuation_ratio").asDouble()).isEqualTo(0.5);
    assertThat(j.at("/results/2/signals/text_stats@1/email_count").asDouble()).isEqualTo(0.0);
    for (int i = 0; i < 3; i++) {
      assertThat(j.at("/results/" + i + "/errors").isMissingNode()).as(r.body()).isTrue();
      assertThat(j.at("/results/" + i + "/signals/lang@1/label").isMissingNode()).isFalse();
    }
    assertThat(ms).as("hostile request took %d ms", ms).isLessThan(10_000);
    // the worker is alive: a normal request is answered, and the server says it is ready
    JsonNode normal = json(post("{\"signals\": [\"text_stats\"], \"items\": [{\"id\": \"n\", \"text\": \"call 555-123-4567 now\"}]}"));
    assertThat(normal.at("/results/0/signals/text_stats@1/phone_like_count").asDouble()).isEqualTo(1.0);
    HttpResponse<String> ready = get("/readyz");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(json(ready).get("status").asText()).isEqualTo("ready");
    assertThat(json(ready).get("workers_alive").asInt()).isEqualTo(json(ready).get("workers").asInt());
  }

  @Test
  void contractsHealthAndOpenApi() throws Exception {
    JsonNode c = json(get("/v1/contracts"));
    assertThat(c.get("contracts").findValuesAsText("signal")).containsExactly("image_dhash@1", "image_embedding@1", "image_phash@1",
        "image_quality@1", "lang@1", "lang@2", "nsfw@1", "text_embedding@1", "text_simhash@1", "text_stats@1");
    assertThat(json(get("/healthz")).get("status").asText()).isEqualTo("ok");
    JsonNode api = json(get("/openapi.json"));
    assertThat(api.get("openapi").asText()).isEqualTo("3.1.0");
    assertThat(api.at("/paths/~1v1~1signals/post/responses/413")).isNotNull();
    assertThat(api.at("/paths/~1readyz/get/responses/503").isMissingNode()).isFalse();
    assertThat(api.at("/paths/~1healthz/get/description").asText()).contains("Liveness");
  }
}
