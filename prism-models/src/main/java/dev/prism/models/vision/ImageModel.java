package dev.prism.models.vision;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.prism.core.image.RgbImage;
import dev.prism.models.onnx.OnnxModel;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX image model with its preprocessing, in three separate steps as DJL's translators do:
 * {@link #preprocess} (pixels → one batch tensor, CPU, no session), {@link #infer} (exactly one
 * {@code session.run} per batch) and postprocessing, which belongs to the node.
 */
public final class ImageModel implements AutoCloseable {
  private final OnnxModel onnx;
  private final ImagePreprocessing preprocessing;
  private final String inputName;

  /** Raw outputs of one batch: per output name, the values of item i at {@code [i * width, (i + 1) * width)}. */
  public record Outputs(int batch, Map<String, float[]> values, Map<String, Integer> widths, Map<String, long[]> shapes) {
    /** Item {@code i}'s values of {@code output}. */
    public float[] item(String output, int i) {
      int w = widths.get(output);
      return java.util.Arrays.copyOfRange(values.get(output), i * w, (i + 1) * w);
    }
  }

  public ImageModel(OnnxModel onnx, ImagePreprocessing preprocessing, String inputName) {
    this.onnx = onnx;
    this.preprocessing = preprocessing;
    this.inputName = inputName;
    if (!onnx.inputNames().contains(inputName)) {
      throw new IllegalArgumentException("ONNX model " + onnx.artifact().resource() + " has no input '" + inputName
          + "'; its inputs are " + onnx.inputNames());
    }
  }

  public OnnxModel onnx() {
    return onnx;
  }

  public ImagePreprocessing preprocessing() {
    return preprocessing;
  }

  public Set<String> outputNames() {
    return onnx.session().getOutputNames();
  }

  /** The batch tensor of {@code images} (length {@code images.size() * preprocessing.size()}). */
  public float[] preprocess(List<RgbImage> images) {
    int size = preprocessing.size();
    float[] batch = new float[images.size() * size];
    for (int i = 0; i < images.size(); i++) {
      preprocessing.write(images.get(i), batch, i * size);
    }
    return batch;
  }

  /** One {@code session.run} over a preprocessed batch of {@code n} images; returns the requested outputs. */
  public Outputs infer(float[] batch, int n, List<String> outputs) {
    if (batch.length != n * preprocessing.size()) {
      throw new IllegalArgumentException("batch has " + batch.length + " floats, expected " + n + " x " + preprocessing.size());
    }
    try (OnnxTensor input = OnnxTensor.createTensor(onnx.env(), FloatBuffer.wrap(batch), preprocessing.shape(n));
         OrtSession.Result r = onnx.session().run(Map.of(inputName, input), Set.copyOf(outputs))) {
      Map<String, float[]> values = new LinkedHashMap<>();
      Map<String, Integer> widths = new LinkedHashMap<>();
      Map<String, long[]> shapes = new LinkedHashMap<>();
      for (String name : outputs) {
        OnnxValue v = r.get(name).orElseThrow(() -> new IllegalStateException("ONNX model gave no output '" + name + "'"));
        FloatBuffer fb = ((OnnxTensor) v).getFloatBuffer();
        float[] a = new float[fb.remaining()];
        fb.get(a);
        values.put(name, a);
        shapes.put(name, ((OnnxTensor) v).getInfo().getShape());
        widths.put(name, n == 0 ? 0 : a.length / n);
      }
      return new Outputs(n, values, widths, shapes);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on a batch of " + n + " images: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    onnx.close();
  }

  /** Mean or max over the spatial positions of one item's output, or nothing. */
  public enum Pooling {
    NONE, MEAN, MAX;

    public static Pooling parse(String s) {
      return switch (s.toLowerCase(java.util.Locale.ROOT)) {
        case "none" -> NONE;
        case "mean" -> MEAN;
        case "max" -> MAX;
        default -> throw new IllegalArgumentException("pooling must be none, mean or max, got '" + s + "'");
      };
    }
  }

  /** L2-normalises {@code v} in place (a zero vector stays zero) and returns it. */
  public static float[] l2Normalize(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    if (s > 0) {
      double inv = 1.0 / Math.sqrt(s);
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (v[i] * inv);
      }
    }
    return v;
  }
}
