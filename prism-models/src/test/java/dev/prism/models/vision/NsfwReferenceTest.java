package dev.prism.models.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.image.RgbImage;
import dev.prism.core.item.ContentItem;
import dev.prism.core.item.MediaRef;
import dev.prism.core.signal.SignalValue;
import dev.prism.models.onnx.OnnxModel;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The converted nsfwjs MobileNetV2 against nsfwjs 4.4.0 itself (pure-JS tfjs under Node, outputs in
 * {@code nsfwjs/reference-kodak.json}, made by {@code src/test/node/nsfwjs-reference/reference.js}) on
 * twelve Kodak photographs: same top class, max |Δp| ≤ 1e-3, embedding cosine ≥ 0.999.
 */
class NsfwReferenceTest {
  static final double MAX_PROBABILITY_DIFF = 1e-3;
  static final double MIN_COSINE = 0.999;

  static NsfwNode node;
  static JsonNode reference;

  @BeforeAll
  static void load() throws Exception {
    node = new NsfwNode(OnnxModel.Settings.threads(1));
    try (InputStream in = NsfwReferenceTest.class.getResourceAsStream("/nsfwjs/reference-kodak.json")) {
      reference = new ObjectMapper().readTree(in);
    }
  }

  @AfterAll
  static void close() {
    node.close();
  }

  static byte[] kodak(String name) throws Exception {
    try (InputStream in = NsfwReferenceTest.class.getResourceAsStream("/kodak/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void matchesNsfwjsOnKodakPhotographs() throws Exception {
    List<ContentItem> items = new ArrayList<>();
    for (JsonNode r : reference.path("results")) {
      String file = r.path("image").asText();
      items.add(ContentItem.ofText(file, "").withImage(new MediaRef.Inline(kodak(file), file)));
    }
    assertTrue(items.size() >= 8, "at least 8 reference images");
    Map<dev.prism.core.signal.SignalSpec, Column> out = node.compute(new Batch(items, Map.of()));
    Map<dev.prism.core.signal.SignalSpec, dev.prism.core.signal.SignalContract> contracts = new java.util.HashMap<>();
    dev.prism.models.VisionNodeProvider.contracts().forEach(c -> contracts.put(c.spec(), c));
    double maxDiff = 0;
    double minCos = 1;
    for (int i = 0; i < items.size(); i++) {
      JsonNode r = reference.path("results").get(i);
      SignalValue.Features p = (SignalValue.Features) out.get(NsfwNode.NSFW).get(i);
      contracts.get(NsfwNode.NSFW).validate(p);
      contracts.get(NsfwNode.IMAGE_EMBEDDING).validate(out.get(NsfwNode.IMAGE_EMBEDDING).get(i));
      double sum = p.values().values().stream().mapToDouble(Double::doubleValue).sum();
      assertEquals(1.0, sum, 1e-5, "softmax sums to 1");
      String top = null;
      double best = -1;
      for (String c : NsfwNode.CLASSES) {
        double v = p.values().get(c);
        maxDiff = Math.max(maxDiff, Math.abs(v - r.path("probabilities").path(c).asDouble()));
        if (v > best) {
          best = v;
          top = c;
        }
      }
      assertEquals(r.path("top_class").asText(), top, r.path("image").asText());
      float[] e = ((SignalValue.Embedding) out.get(NsfwNode.IMAGE_EMBEDDING).get(i)).vector();
      JsonNode f = r.path("features");
      assertEquals(NsfwNode.EMBEDDING_DIM, f.size());
      double dot = 0;
      double nf = 0;
      for (int k = 0; k < e.length; k++) {
        dot += e[k] * f.get(k).asDouble();
        nf += f.get(k).asDouble() * f.get(k).asDouble();
      }
      minCos = Math.min(minCos, dot / Math.sqrt(nf));
    }
    System.out.printf("nsfwjs reference check: %d images, max |dp| = %.3g, min embedding cosine = %.8f%n", items.size(), maxDiff, minCos);
    assertTrue(maxDiff <= MAX_PROBABILITY_DIFF, "max |dp| " + maxDiff);
    assertTrue(minCos >= MIN_COSINE, "min cosine " + minCos);
  }

  @Test
  void anItemsValuesDoNotDependOnItsBatch() throws Exception {
    ContentItem a = ContentItem.ofText("a", "").withImage(new MediaRef.Inline(kodak("kodim03.png"), "kodim03.png"));
    ContentItem b = ContentItem.ofText("b", "").withImage(new MediaRef.Inline(kodak("kodim08.png"), "kodim08.png"));
    Map<dev.prism.core.signal.SignalSpec, Column> alone = node.compute(new Batch(List.of(a), Map.of()));
    Map<dev.prism.core.signal.SignalSpec, Column> batched = node.compute(new Batch(List.of(b, a), Map.of()));
    float[] e1 = ((SignalValue.Embedding) alone.get(NsfwNode.IMAGE_EMBEDDING).get(0)).vector();
    float[] e2 = ((SignalValue.Embedding) batched.get(NsfwNode.IMAGE_EMBEDDING).get(1)).vector();
    org.junit.jupiter.api.Assertions.assertArrayEquals(e1, e2, 1e-6f);
    Map<String, Double> p1 = ((SignalValue.Features) alone.get(NsfwNode.NSFW).get(0)).values();
    Map<String, Double> p2 = ((SignalValue.Features) batched.get(NsfwNode.NSFW).get(1)).values();
    for (String c : NsfwNode.CLASSES) {
      assertEquals(p1.get(c), p2.get(c), 1e-6, c);
    }
  }
}
