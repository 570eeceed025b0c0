package dev.prism.models;

import dev.prism.core.config.Config;
import dev.prism.core.config.ConfigKey;
import dev.prism.core.graph.NodeDeclaration;
import dev.prism.core.graph.NodeProvider;
import dev.prism.core.signal.ContractRegistry;
import dev.prism.core.signal.SignalContract;
import dev.prism.models.vision.ImageEncoderSpec;
import dev.prism.models.vision.NsfwNode;
import dev.prism.models.vision.OnnxImageEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The pretrained vision signals: {@code nsfw@1} and {@code image_embedding@1} from the converted
 * nsfwjs MobileNetV2 (one node, one model call per batch; contracts in {@value #CONTRACTS_RESOURCE}),
 * and any ONNX image encoders named by {@link #IMAGE_ENCODERS}. Declaring loads no model; spec files
 * are small JSON and are read and validated here, so a bad one fails start-up naming the file.
 */
public final class VisionNodeProvider implements NodeProvider {
  public static final String CONTRACTS_RESOURCE = "/contracts/vision-signals.v1.json";

  public static final ConfigKey<String> IMAGE_ENCODERS = ConfigKey.stringKey("graph.image_encoders", "",
      "Bring-your-own ONNX image encoders: comma-separated paths of spec files (JSON, format in "
          + "prism-models/src/main/java/dev/prism/models/vision/IMAGE_ENCODERS.md); each serves the embedding signal its "
          + "contract names. Relative paths resolve against the working directory, the model path inside a spec against the "
          + "spec's folder. Default: none. Example: graph.image_encoders=examples/image-encoder/nsfwjs-backbone.json");

  public static List<SignalContract> contracts() {
    return ContractRegistry.fromResource(VisionNodeProvider.class, CONTRACTS_RESOURCE);
  }

  @Override
  public String name() {
    return "vision-models";
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return List.of(IMAGE_ENCODERS);
  }

  @Override
  public List<NodeDeclaration> declare(Config config) {
    List<SignalContract> contracts = contracts();
    List<NodeDeclaration> out = new ArrayList<>();
    out.add(new NodeDeclaration(NsfwNode.NODE_NAME, Set.of(), Set.of(NsfwNode.NSFW, NsfwNode.IMAGE_EMBEDDING), contracts,
        () -> new NsfwNode(ModelsConfig.onnxSettings(config))).readingImage());
    for (ImageEncoderSpec spec : specs(config.get(IMAGE_ENCODERS))) {
      out.add(new NodeDeclaration(spec.contract().producer(), Set.of(), Set.of(spec.contract().spec()), List.of(spec.contract()),
          () -> new OnnxImageEncoder(spec, ModelsConfig.onnxSettings(config))).readingImage());
    }
    return out;
  }

  /** Reads every spec of an {@link #IMAGE_ENCODERS} value; errors name the key and the file. */
  public static List<ImageEncoderSpec> specs(String value) {
    List<ImageEncoderSpec> specs = new ArrayList<>();
    for (String part : value.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      Path p = Path.of(part.strip());
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException("config " + IMAGE_ENCODERS.name() + ": image encoder spec " + p + ": file not found"
            + (p.isAbsolute() ? "" : " (relative to " + Path.of("").toAbsolutePath() + ")"));
      }
      try {
        specs.add(ImageEncoderSpec.load(p));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("config " + IMAGE_ENCODERS.name() + ": " + e.getMessage(), e);
      }
    }
    return specs;
  }
}
