package dev.prism.models.convert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pinned nsfwjs MobileNetV2 conversion: which npm tarball, which model inside it, which layers
 * become the ONNX outputs. {@link #main} re-runs it from a downloaded tarball; the result is
 * committed as {@value #RESOURCE} with its provenance beside it, and {@code NsfwjsConversionTest}
 * checks that the conversion still gives the same bytes.
 */
public final class NsfwjsConversion {
  private NsfwjsConversion() {}

  public static final String PACKAGE = "nsfwjs";
  public static final String VERSION = "4.4.0";
  public static final String TARBALL_URL = "https://registry.npmjs.org/nsfwjs/-/nsfwjs-4.4.0.tgz";
  /** The registry's {@code dist.integrity} for nsfwjs@4.4.0 ({@code npm view nsfwjs@4.4.0 dist.integrity}). */
  public static final String INTEGRITY =
      "sha512-krC1fgeTLXtZwgdpKJ0jm7hqv0gTSRQQRL+FhOaxaJ9Wj92t42BO3csO2odwgTAgZgf2RvkwPtp0R8Aa7dc+MA==";
  /** SHA-256 of the same tarball (sha256sum nsfwjs-4.4.0.tgz). */
  public static final String TARBALL_SHA256 = "585cd178f3b994337c4d10a87b080d342fc52f8b9bf0085c4d1f345a3a1c5382";
  /** Where the MobileNetV2 layers model sits in the package. */
  public static final String MODEL_DIR = "package/dist/models/mobilenet_v2/";
  /** The committed conversion, a classpath resource of prism-models. */
  public static final String RESOURCE = "/models/nsfwjs-mobilenetv2/nsfwjs-mobilenetv2.onnx";
  public static final String PROVENANCE_RESOURCE = "/models/nsfwjs-mobilenetv2/provenance.json";

  /** ONNX input: {@code [batch, 3, 224, 224]} float RGB in [0, 1] (NCHW). */
  public static final String INPUT = "input";
  /** ONNX output: {@code [batch, 5]} softmax probabilities, classes in {@code CLASSES} order. */
  public static final String PROBABILITIES = "probabilities";
  /** ONNX output: {@code [batch, 1280]} the 7x7 average-pooled backbone ({@code flatten_1}), before the Dense head. */
  public static final String EMBEDDING = "embedding";

  /** Converts the pinned tarball's MobileNetV2 to ONNX bytes (verifies the tarball first). */
  public static byte[] convert(byte[] tarball) {
    return convert(tarball, MODEL_DIR, 224);
  }

  /**
   * Converts one of the package's layers models (verifies the tarball first): {@value #MODEL_DIR}
   * (224x224 input) or {@code package/dist/models/inception_v3/} (299x299; not committed, 95 MB as
   * float32, but converted and checked by a test). Both expose {@code dense_3} and {@code flatten_1}.
   */
  public static byte[] convert(byte[] tarball, String modelDir, int inputSize) {
    NpmTarball tgz = NpmTarball.read(tarball, INTEGRITY);
    TfjsLayersModel model = TfjsLayersModel.fromNsfwjsBundle(tgz.text(modelDir + "model.min.js"),
        path -> tgz.text(modelDir + path + ".min.js"));
    Map<String, String> outputs = new LinkedHashMap<>();
    outputs.put(PROBABILITIES, "dense_3");
    outputs.put(EMBEDDING, "flatten_1");
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("source_package", PACKAGE + "@" + VERSION);
    meta.put("source_integrity", INTEGRITY);
    meta.put("source_model", modelDir);
    meta.put("classes", "drawing,hentai,neutral,porn,sexy");
    meta.put("preprocessing", "RGB / 255, bilinear resize to " + inputSize + "x" + inputSize + " with align_corners=true (nsfwjs infer())");
    return KerasToOnnx.convert(model, new KerasToOnnx.Options(INPUT, outputs, meta));
  }

  /** {@code NsfwjsConversion TARBALL.tgz OUT.onnx}: converts and writes; prints the output's SHA-256. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: NsfwjsConversion nsfwjs-" + VERSION + ".tgz OUT.onnx   (tarball: " + TARBALL_URL + ")");
      System.exit(2);
    }
    byte[] onnx = convert(Files.readAllBytes(Path.of(args[0])));
    Files.write(Path.of(args[1]), onnx);
    System.out.println(dev.prism.models.onnx.ModelArtifact.sha256(onnx) + "  " + args[1] + " (" + onnx.length + " bytes)");
  }
}
