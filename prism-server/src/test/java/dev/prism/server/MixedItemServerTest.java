package dev.prism.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.config.Config;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.io.SignalJson;
import dev.prism.runtime.config.PrismConfig;
import dev.prism.runtime.graph.GraphAssembly;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mixed items over HTTP with every bundled model: a pin with text and a real photograph gets text
 * and image signals, and its nsfw probabilities are those nsfwjs 4.4.0 itself computed for the same
 * photograph (reference outputs committed with the model conversion); a comment without an image
 * gets its text signals and no image errors; asked by name, an image signal on it is an error.
 */
class MixedItemServerTest {
  static final Path KODAK = Path.of("../datasets/kodak24");
  static final Path NSFWJS_REFERENCE = Path.of("../prism-models/src/test/resources/nsfwjs/reference-kodak.json");
  static SignalGraph graph;
  static PrismServer server;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    Config cfg = Config.load(PrismConfig.allKeys(ServerConfig.KEYS), null, Map.of(),
        Map.of("server.port", "0", "server.limits.max_body_bytes", String.valueOf(4 << 20)));
    PrometheusMeterRegistry reg = PrismServer.newRegistry();
    graph = GraphAssembly.build(cfg, PrismServer.graphListener(reg));
    server = new PrismServer(graph, cfg, reg).start();
  }

  @AfterAll
  static void stop() {
    server.close();
    graph.close();
  }

  static JsonNode post(ObjectNode body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/signals"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return SignalJson.MAPPER.readTree(r.body());
  }

  @Test
  void aPinGetsTextAndImageSignalsAndACommentItsTextSignals() throws Exception {
    ObjectNode body = SignalJson.MAPPER.createObjectNode();
    ArrayNode items = body.putArray("items");
    ObjectNode pin = items.addObject().put("id", "pin-1").put("text", "Red barn by the lake, autumn colours");
    pin.putObject("image").put("base64", Base64.getEncoder().encodeToString(Files.readAllBytes(KODAK.resolve("kodim01.png"))));
    items.addObject().put("id", "comment-2").put("text", "Check out my channel!!! http://bit.ly/x");
    JsonNode res = post(body);
    JsonNode p = res.at("/results/0");
    assertThat(p.has("errors")).as(p.toString()).isFalse();
    assertThat(p.at("/signals/text_embedding@1").size()).isEqualTo(384);
    assertThat(p.at("/signals/image_embedding@1").size()).isEqualTo(1280);
    assertThat(p.at("/signals/image_quality@1/width").asDouble()).isEqualTo(768.0);
    JsonNode ref = SignalJson.MAPPER.readTree(NSFWJS_REFERENCE.toFile()).at("/results/0");
    assertThat(ref.get("image").asText()).isEqualTo("kodim01.png");
    for (String c : List.of("drawing", "hentai", "neutral", "porn", "sexy")) {
      assertThat(p.at("/signals/nsfw@1/" + c).asDouble()).as(c)
          .isCloseTo(ref.at("/probabilities/" + c).asDouble(), Offset.offset(1e-3));
    }
    assertThat(res.at("/provenance/nsfw@1/model_id").asText()).as(res.get("provenance").toString()).isNotEmpty();
    JsonNode c = res.at("/results/1");
    assertThat(c.has("errors")).as(c.toString()).isFalse();
    assertThat(c.at("/signals/text_stats@1").isMissingNode()).isFalse();
    assertThat(c.at("/signals/nsfw@1").isMissingNode()).isTrue();

    ObjectNode named = SignalJson.MAPPER.createObjectNode();
    named.putArray("signals").add("nsfw").add("text_stats");
    named.putArray("items").addObject().put("id", "comment-3").put("text", "no picture here");
    JsonNode n = post(named).at("/results/0");
    assertThat(n.at("/errors/nsfw@1").asText()).isEqualTo("item has no image");
    assertThat(n.at("/signals/text_stats@1").isMissingNode()).isFalse();
  }
}
