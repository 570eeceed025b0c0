package dev.prism.models.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.item.ContentItem;
import dev.prism.core.item.MediaRef;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.models.onnx.OnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generic image encoder, configured by the worked example, against the built-in nsfwjs node. */
class OnnxImageEncoderTest {
  static final Path EXAMPLE = Path.of("../examples/image-encoder/nsfwjs-backbone.json");

  static List<ContentItem> items() throws Exception {
    return List.of(
        ContentItem.ofText("a", "").withImage(new MediaRef.Inline(NsfwReferenceTest.kodak("kodim01.png"), "kodim01.png")),
        ContentItem.ofText("none", "no image"),
        ContentItem.ofText("b", "").withImage(new MediaRef.Inline(NsfwReferenceTest.kodak("kodim07.png"), "kodim07.png")),
        ContentItem.ofText("gone", "").withImage(new MediaRef.Unavailable("url https://example.com/x.jpg", "HTTP 404")),
        ContentItem.ofText("junk", "").withImage(new MediaRef.Inline("not an image".getBytes(), "junk.bin")));
  }

  @Test
  void workedExampleGivesTheBuiltInEmbeddingAndFailsBadItemsAlone() throws Exception {
    ImageEncoderSpec spec = ImageEncoderSpec.load(EXAMPLE);
    assertEquals(new SignalSpec("nsfwjs_backbone_embedding", 1), spec.contract().spec());
    assertEquals(1280, spec.dim());
    List<ContentItem> items = items();
    try (OnnxImageEncoder generic = new OnnxImageEncoder(spec, OnnxModel.Settings.threads(1));
         NsfwNode builtin = new NsfwNode(OnnxModel.Settings.threads(1))) {
      Column g = generic.compute(new Batch(items, Map.of())).get(spec.contract().spec());
      Map<SignalSpec, Column> b = builtin.compute(new Batch(items, Map.of()));
      for (int i : new int[] {0, 2}) {
        float[] gv = ((SignalValue.Embedding) g.get(i)).vector();
        float[] bv = ((SignalValue.Embedding) b.get(NsfwNode.IMAGE_EMBEDDING).get(i)).vector();
        assertArrayEquals(bv, gv, 1e-6f, "item " + i);
        double norm = 0;
        for (float x : gv) {
          norm += x * x;
        }
        assertEquals(1.0, norm, 1e-5);
        spec.contract().validate(g.get(i));
      }
      for (int i : new int[] {1, 3, 4}) {
        assertFalse(g.ok(i));
        assertFalse(b.get(NsfwNode.NSFW).ok(i));
        assertFalse(b.get(NsfwNode.IMAGE_EMBEDDING).ok(i));
      }
      assertEquals("item has no image", g.error(1));
      assertTrue(g.error(3).contains("HTTP 404"), g.error(3));
      assertTrue(g.error(4).startsWith("cannot decode image junk.bin"), g.error(4));
    }
  }

  @Test
  void meanAndMaxPoolingOverSpatialPositions() throws Exception {
    // hand-computed: an NCHW output [1, 2, 1, 3] with channel 0 = 1,2,3 and channel 1 = -1,5,0
    ImageEncoderSpec base = ImageEncoderSpec.load(EXAMPLE);
    float[] item = {1, 2, 3, -1, 5, 0};
    ImageEncoderSpec mean = new ImageEncoderSpec(base.source(), base.model(), base.inputName(), base.preprocessing(),
        base.outputName(), ImageModel.Pooling.MEAN, false, false, 4, base.contract());
    ImageEncoderSpec maxLast = new ImageEncoderSpec(base.source(), base.model(), base.inputName(), base.preprocessing(),
        base.outputName(), ImageModel.Pooling.MAX, true, false, 4, base.contract());
    try (OnnxImageEncoder m = new OnnxImageEncoder(mean, OnnxModel.Settings.threads(1));
         OnnxImageEncoder x = new OnnxImageEncoder(maxLast, OnnxModel.Settings.threads(1))) {
      assertArrayEquals(new float[] {2f, 4f / 3f}, m.pool(item, new long[] {1, 2, 1, 3}), 1e-6f);
      // channels last [1, 3, 2]: positions (1,2) (3,-1) (5,0) → max per channel 5, 2
      assertArrayEquals(new float[] {5f, 2f}, x.pool(item, new long[] {1, 3, 2}), 1e-6f);
    }
  }

  @Test
  void specErrorsNameTheFileAndField(@TempDir Path dir) throws Exception {
    String good = Files.readString(EXAMPLE);
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, good.replace("\"layout\": \"NCHW\"", "\"layout\": \"CHWN\""));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageEncoderSpec.load(bad));
    assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("layout must be NCHW or NHWC"), e.getMessage());
    Files.writeString(bad, good.replace("\"pooling\"", "\"poling\""));
    e = assertThrows(IllegalArgumentException.class, () -> ImageEncoderSpec.load(bad));
    assertTrue(e.getMessage().contains("unknown field 'output.poling'"), e.getMessage());
    Files.writeString(bad, good.replace("\"kind\": \"embedding\", \"dim\": 1280, \"normalized\": true", "\"kind\": \"probability\""));
    e = assertThrows(IllegalArgumentException.class, () -> ImageEncoderSpec.load(bad));
    assertTrue(e.getMessage().contains("contract type must be an embedding"), e.getMessage());
    Files.writeString(bad, good.replace("\"name\": \"embedding\"", "\"name\": \"logits\""));
    ImageEncoderSpec wrongOutput = ImageEncoderSpec.load(bad);
    e = assertThrows(IllegalArgumentException.class, () -> new OnnxImageEncoder(wrongOutput, OnnxModel.Settings.threads(1)));
    assertTrue(e.getMessage().contains("has no output 'logits'"), e.getMessage());
  }
}
