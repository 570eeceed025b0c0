package dev.prism.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.core.config.Config;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.io.SignalJson;
import dev.prism.core.item.ContentItem;
import dev.prism.runtime.config.PrismConfig;
import dev.prism.runtime.graph.GraphAssembly;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Coverage-guided fuzzing (Jazzer) of the {@code POST /v1/signals} body parsing: the bytes are read
 * as the server reads them (strict JSON: duplicate keys and trailing text refused) and handed to
 * {@link SignalsRequest#parse} with the real graph's declarations (every served signal name
 * resolves; no model is loaded, the graph builds nodes only when they compute). Only a {@link
 * Problem.Failure} with status 400 or 413 and a detail may come out; an accepted request respects
 * every limit. A normal test run replays the committed seeds in {@code
 * src/test/resources/dev/prism/server/SignalsRequestFuzzTestInputs/parse/}; {@code JAZZER_FUZZ=1}
 * fuzzes (docs/FUZZING.md).
 */
class SignalsRequestFuzzTest {
  private static final int MAX_ITEMS = 8;
  private static final int MAX_TEXT_CHARS = 200;
  private static final long MAX_MEDIA_BYTES = 64;
  /** As PrismServer.STRICT_JSON (private there): the same mapper with duplicate keys refused. */
  private static final ObjectMapper STRICT_JSON = SignalJson.MAPPER.copy().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final SignalGraph GRAPH = GraphAssembly.build(
      Config.load(PrismConfig.allKeys(ServerConfig.KEYS), null, Map.of(), Map.of()), dev.prism.core.graph.GraphListener.NONE);

  @FuzzTest(maxDuration = "60s")
  void parse(byte[] body) {
    JsonNode root;
    try (JsonParser parser = STRICT_JSON.createParser(body)) {
      root = parser.readValueAsTree();
      if (root != null && parser.nextToken() != null) {
        return; // the server answers 400 "more text after the request object"
      }
    } catch (IOException e) {
      return; // the server answers 400 "malformed JSON"
    }
    SignalsRequest req;
    try {
      req = SignalsRequest.parse(root, GRAPH, MAX_ITEMS, MAX_TEXT_CHARS, MAX_MEDIA_BYTES);
    } catch (Problem.Failure f) {
      assertThat(f.problem().status()).as(f.getMessage()).isIn(400, 413);
      assertThat(f.problem().detail()).isNotBlank();
      return;
    }
    assertThat(req.items()).isNotEmpty().hasSizeLessThanOrEqualTo(MAX_ITEMS);
    assertThat(req.items()).hasSize(root.get("items").size());
    Set<String> ids = new HashSet<>();
    for (ContentItem item : req.items()) {
      assertThat(ids.add(item.id())).as("duplicate id %s accepted", item.id()).isTrue();
      assertThat(item.id()).isNotBlank();
      assertThat(item.title().length() + item.description().length()).isLessThanOrEqualTo(MAX_TEXT_CHARS);
    }
    assertThat(req.signals()).isNotEmpty();
    assertThat(GRAPH.served()).containsAll(req.signals());
    assertThat(req.defaults()).isEqualTo(!root.hasNonNull("signals"));
  }
}
