package dev.prism.models.vision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.signal.ContractRegistry;
import dev.prism.core.signal.ValueType.EmbeddingType;
import dev.prism.core.signal.SignalContract;
import dev.prism.models.onnx.ModelArtifact;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A bring-your-own ONNX image encoder, described by a small JSON file (format in IMAGE_ENCODERS.md
 * beside this class): the model, its input (size, layout, resize, divisor, mean/std, tensor name),
 * the output tensor, pooling over spatial positions, L2 normalisation, and the contract of the
 * signal it produces. Loading a spec reads only the JSON; the model is read when a run needs it.
 *
 * @param source the spec file (for messages)
 * @param model where the ONNX file is: a path (relative paths resolve against the spec's folder)
 *     or {@code classpath:/resource}
 * @param inputName the ONNX input tensor
 * @param preprocessing how pixels become the input tensor
 * @param outputName the ONNX output tensor read
 * @param pooling NONE (the output per item is the vector), MEAN or MAX over spatial positions
 * @param channelsLast for pooled outputs: channels are the last axis ({@code [N, H, W, C]} or
 *     {@code [N, T, C]}) rather than axis 1 ({@code [N, C, H, W]})
 * @param l2Normalize whether the vector is L2-normalised
 * @param maxBatchSize items per ONNX Runtime call
 * @param contract the produced signal's contract; its producer names the node, its type must be an embedding
 */
public record ImageEncoderSpec(Path source, String model, String inputName, ImagePreprocessing preprocessing,
    String outputName, ImageModel.Pooling pooling, boolean channelsLast, boolean l2Normalize, int maxBatchSize,
    SignalContract contract) {

  public static final String FORMAT = "prism-image-encoder";
  public static final int FORMAT_VERSION = 1;
  /** Default items per ONNX Runtime call. */
  public static final int DEFAULT_MAX_BATCH = 16;

  private static final Set<String> TOP = Set.of("format", "format_version", "model", "input", "output", "max_batch_size", "contract");
  private static final Set<String> INPUT = Set.of("name", "height", "width", "layout", "resize", "divisor", "mean", "std");
  private static final Set<String> OUTPUT = Set.of("name", "pooling", "channels_last", "normalize");

  public ImageEncoderSpec {
    if (!(contract.type() instanceof EmbeddingType)) {
      throw new IllegalArgumentException(source + ": contract type must be an embedding, got " + contract.type());
    }
    if (maxBatchSize < 1 || maxBatchSize > 1024) {
      throw new IllegalArgumentException(source + ": max_batch_size must be in [1, 1024], got " + maxBatchSize);
    }
  }

  /** The embedding dimension the contract promises. */
  public int dim() {
    return ((EmbeddingType) contract.type()).dim();
  }

  /** The model's bytes and SHA-256. */
  public ModelArtifact artifact() {
    if (model.startsWith("classpath:")) {
      return ModelArtifact.fromClasspath(model.substring("classpath:".length()));
    }
    Path p = Path.of(model);
    if (!p.isAbsolute() && source != null && source.getParent() != null) {
      p = source.getParent().resolve(p);
    }
    try {
      byte[] bytes = Files.readAllBytes(p);
      return new ModelArtifact(p.toString(), bytes, ModelArtifact.sha256(bytes));
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": cannot read model " + p + ": " + e.getMessage(), e);
    }
  }

  /** Reads and validates a spec file; errors name the file and the field. */
  public static ImageEncoderSpec load(Path file) {
    try {
      return parse(new ObjectMapper().readTree(Files.readAllBytes(file)), file);
    } catch (IOException e) {
      throw new IllegalArgumentException("image encoder spec " + file + ": " + e.getMessage(), e);
    }
  }

  static ImageEncoderSpec parse(JsonNode root, Path source) {
    String where = "image encoder spec " + source;
    try {
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("must be a JSON object");
      }
      known(root, TOP, "");
      if (!FORMAT.equals(root.path("format").asText()) || root.path("format_version").asInt(-1) != FORMAT_VERSION) {
        throw new IllegalArgumentException("'format' must be \"" + FORMAT + "\" and 'format_version' " + FORMAT_VERSION);
      }
      JsonNode in = object(root, "input");
      JsonNode out = object(root, "output");
      known(in, INPUT, "input.");
      known(out, OUTPUT, "output.");
      ImagePreprocessing pre = new ImagePreprocessing(positive(in, "height"), positive(in, "width"),
          ImagePreprocessing.Resize.parse(in.path("resize").asText("bilinear_half_pixel")),
          in.path("divisor").asDouble(255.0), triple(in, "mean", 0f), triple(in, "std", 1f),
          ImagePreprocessing.Layout.parse(in.path("layout").asText("NCHW")));
      String normalize = out.path("normalize").asText("l2");
      if (!normalize.equals("l2") && !normalize.equals("none")) {
        throw new IllegalArgumentException("output.normalize must be l2 or none, got '" + normalize + "'");
      }
      ObjectNode file = JsonNodeFactory.instance.objectNode();
      file.put("format_version", ContractRegistry.FORMAT_VERSION);
      file.putArray("contracts").add(object(root, "contract"));
      List<SignalContract> contracts = ContractRegistry.parse(
          new ByteArrayInputStream(file.toString().getBytes(StandardCharsets.UTF_8)), "contract");
      return new ImageEncoderSpec(source, text(root, "model"), text(in, "name"), pre, text(out, "name"),
          ImageModel.Pooling.parse(out.path("pooling").asText("none")), out.path("channels_last").asBoolean(false),
          normalize.equals("l2"), root.path("max_batch_size").asInt(DEFAULT_MAX_BATCH), contracts.get(0));
    } catch (IllegalArgumentException | IOException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static void known(JsonNode n, Set<String> fields, String prefix) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) {
        throw new IllegalArgumentException("unknown field '" + prefix + f + "' (known: " + new java.util.TreeSet<>(fields) + ")");
      }
    }
  }

  private static JsonNode object(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isObject()) {
      throw new IllegalArgumentException("'" + field + "' must be an object");
    }
    return v;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException("'" + field + "' must be a non-empty string");
    }
    return v.asText();
  }

  private static int positive(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isInt() || v.asInt() < 1) {
      throw new IllegalArgumentException("'input." + field + "' must be a positive integer, got " + v);
    }
    return v.asInt();
  }

  private static float[] triple(JsonNode n, String field, float def) {
    JsonNode v = n.get(field);
    if (v == null) {
      return new float[] {def, def, def};
    }
    if (!v.isArray() || v.size() != 3) {
      throw new IllegalArgumentException("'input." + field + "' must be three numbers (R, G, B), got " + v);
    }
    return new float[] {(float) v.get(0).asDouble(), (float) v.get(1).asDouble(), (float) v.get(2).asDouble()};
  }
}
