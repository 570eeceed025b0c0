package dev.prism.models.vision;

import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.graph.Node;
import dev.prism.core.image.RgbImage;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.models.convert.KerasToOnnx;
import dev.prism.models.convert.NsfwjsConversion;
import dev.prism.models.onnx.ModelArtifact;
import dev.prism.models.onnx.OnnxModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code nsfw@1} (5-class probabilities) and {@code image_embedding@1} (the pooled 1280-d backbone,
 * L2-normalised) from nsfwjs 4.4.0's MobileNetV2, converted to ONNX ({@link NsfwjsConversion}),
 * both from one ONNX Runtime call per batch. Preprocessing is nsfwjs's ({@link ImagePreprocessing#NSFWJS}).
 * An item without usable pixels fails alone.
 */
public final class NsfwNode implements Node {
  public static final String NODE_NAME = "nsfwjs_mobilenet_v2";
  public static final SignalSpec NSFW = new SignalSpec("nsfw", 1);
  public static final SignalSpec IMAGE_EMBEDDING = new SignalSpec("image_embedding", 1);
  /** nsfwjs's class order (NSFW_CLASSES), lower-cased: the keys of {@code nsfw@1}. */
  public static final List<String> CLASSES = List.of("drawing", "hentai", "neutral", "porn", "sexy");
  public static final int EMBEDDING_DIM = 1280;
  /** Items per ONNX Runtime call; 16 images of 224x224 are 9.6 MB of input. */
  public static final int DEFAULT_MAX_BATCH = 16;

  private final ImageModel model;
  private final Provenance provenance;

  public NsfwNode(OnnxModel.Settings settings) {
    this(new OnnxModel(ModelArtifact.fromClasspath(NsfwjsConversion.RESOURCE), settings));
  }

  public NsfwNode(OnnxModel onnx) {
    this.model = new ImageModel(onnx, ImagePreprocessing.NSFWJS, NsfwjsConversion.INPUT);
    Map<String, String> config = new HashMap<>(ImagePreprocessing.NSFWJS.describe());
    config.put("source", NsfwjsConversion.PACKAGE + "@" + NsfwjsConversion.VERSION + " mobilenet_v2");
    config.put("converter", KerasToOnnx.PRODUCER + " " + KerasToOnnx.CONVERTER_VERSION);
    config.put("runtime", "onnxruntime " + ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion());
    config.putAll(onnx.settings().describe());
    this.provenance = new Provenance("nsfwjs/mobilenet_v2", NsfwjsConversion.VERSION, onnx.artifact().sha256(), null, config);
  }

  public ImageModel model() {
    return model;
  }

  @Override
  public String name() {
    return NODE_NAME;
  }

  @Override
  public Set<SignalSpec> consumes() {
    return Set.of();
  }

  @Override
  public Set<SignalSpec> produces() {
    return Set.of(NSFW, IMAGE_EMBEDDING);
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public int maxBatchSize() {
    return DEFAULT_MAX_BATCH;
  }

  @Override
  public Map<SignalSpec, Column> compute(Batch batch) {
    int n = batch.size();
    Column nsfw = new Column(n);
    Column embedding = new Column(n);
    List<RgbImage> images = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      try {
        images.add(ImageInputs.pixels(batch.items().get(i).image()));
        positions.add(i);
      } catch (ImageInputs.NoImage e) {
        nsfw.fail(i, e.getMessage());
        embedding.fail(i, e.getMessage());
      }
    }
    if (!images.isEmpty()) {
      float[] input = model.preprocess(images);
      ImageModel.Outputs out = model.infer(input, images.size(), List.of(NsfwjsConversion.PROBABILITIES, NsfwjsConversion.EMBEDDING));
      for (int k = 0; k < images.size(); k++) {
        int i = positions.get(k);
        nsfw.set(i, probabilities(out.item(NsfwjsConversion.PROBABILITIES, k)));
        embedding.set(i, new SignalValue.Embedding(ImageModel.l2Normalize(out.item(NsfwjsConversion.EMBEDDING, k))));
      }
    }
    return Map.of(NSFW, nsfw, IMAGE_EMBEDDING, embedding);
  }

  static SignalValue.Features probabilities(float[] p) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int c = 0; c < CLASSES.size(); c++) {
      m.put(CLASSES.get(c), (double) p[c]);
    }
    return new SignalValue.Features(m);
  }

  @Override
  public void close() {
    model.close();
  }
}
