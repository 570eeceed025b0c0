package dev.prism.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Head artifacts derived from the bundled spam head, and synthetic batches of its inputs. */
final class Heads {
  static final Path V1 = Path.of("..", "models", "spam-youtube.v1.json");
  static final SignalSpec EMBEDDING = SignalSpec.parse("text_embedding@1");
  static final SignalSpec STATS = SignalSpec.parse("text_stats@1");
  static final ObjectMapper JSON = new ObjectMapper();

  private Heads() {}

  /**
   * A genuinely different valid head: the bundled one with each first-layer weight multiplied by
   * (1 + relative·z), z standard normal from {@code seed}, and a new version string.
   */
  static Path perturbed(Path dir, String file, long seed, double relative) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(V1.toFile());
    Random rnd = new Random(seed);
    for (JsonNode row : root.path("head").path("w1")) {
      ArrayNode r = (ArrayNode) row;
      for (int j = 0; j < r.size(); j++) {
        r.set(j, r.get(j).asDouble() * (1 + relative * rnd.nextGaussian()));
      }
    }
    root.put("version", "perturbed-" + seed);
    return write(dir, file, root);
  }

  /**
   * A broken head that still loads and passes every contract check: the MLP's output rows (w2,
   * b2) swapped, so it scores ham as spam and spam as ham.
   */
  static Path flipped(Path dir, String file) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(V1.toFile());
    ObjectNode head = (ObjectNode) root.get("head");
    ArrayNode w2 = (ArrayNode) head.get("w2");
    JsonNode r0 = w2.get(0);
    w2.set(0, w2.get(1));
    w2.set(1, r0);
    ArrayNode b2 = (ArrayNode) head.get("b2");
    JsonNode b0 = b2.get(0);
    b2.set(0, b2.get(1));
    b2.set(1, b0);
    root.put("version", "flipped");
    return write(dir, file, root);
  }

  /** A valid head that does not fit the served slot: its output is another contract major. */
  static Path otherMajor(Path dir, String file) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(V1.toFile());
    ((ObjectNode) root.get("output")).put("signal", "spam@2");
    root.put("version", "major-2");
    return write(dir, file, root);
  }

  private static Path write(Path dir, String file, ObjectNode root) throws IOException {
    Path out = dir.resolve(file);
    Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    return out;
  }

  /** The text_stats feature names the bundled head reads. */
  static List<String> statNames() throws IOException {
    List<String> out = new ArrayList<>();
    JSON.readTree(V1.toFile()).path("inputs").get(1).path("names").forEach(n -> out.add(n.asText()));
    return out;
  }

  /**
   * A batch of {@code n} items {@code prefix0 …} with seeded synthetic inputs drawn around the
   * training data: each raw feature is the head's standardizer mean plus its scale times a standard
   * normal, so the head sees inputs like those it was trained on (not saturated 0/1 outputs), and no
   * text needs embedding.
   */
  static Batch batch(String prefix, int n, long seed) throws IOException {
    Random rnd = new Random(seed);
    List<String> names = statNames();
    JsonNode std = JSON.readTree(V1.toFile()).path("standardizer");
    List<ContentItem> items = new ArrayList<>();
    Column emb = new Column(n);
    Column stats = new Column(n);
    for (int i = 0; i < n; i++) {
      items.add(ContentItem.ofText(prefix + i, "item " + i));
      float[] v = new float[384];
      for (int j = 0; j < v.length; j++) {
        v[j] = (float) (std.path("mean").get(j).asDouble() + std.path("scale").get(j).asDouble() * rnd.nextGaussian());
      }
      emb.set(i, new SignalValue.Embedding(v));
      Map<String, Double> f = new LinkedHashMap<>();
      for (int k = 0; k < names.size(); k++) {
        int j = 384 + k;
        f.put(names.get(k), std.path("mean").get(j).asDouble() + std.path("scale").get(j).asDouble() * rnd.nextGaussian());
      }
      stats.set(i, new SignalValue.Features(f));
    }
    Map<SignalSpec, Column> inputs = new HashMap<>();
    inputs.put(EMBEDDING, emb);
    inputs.put(STATS, stats);
    return new Batch(items, inputs);
  }
}
