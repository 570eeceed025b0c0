package dev.prism.models.vision;

import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.graph.Node;
import dev.prism.core.image.RgbImage;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.models.onnx.ModelArtifact;
import dev.prism.models.onnx.OnnxModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A generic ONNX image encoder configured by an {@link ImageEncoderSpec}: preprocess every item's
 * image, one ONNX Runtime call per batch, read one output, pool over spatial positions if asked,
 * L2-normalise if asked, emit an embedding signal under the spec's contract.
 */
public final class OnnxImageEncoder implements Node {
  private final ImageEncoderSpec spec;
  private final ImageModel model;
  private final Provenance provenance;
  private final SignalSpec produces;

  public OnnxImageEncoder(ImageEncoderSpec spec, OnnxModel.Settings settings) {
    this.spec = spec;
    ModelArtifact artifact = spec.artifact();
    this.model = new ImageModel(new OnnxModel(artifact, settings), spec.preprocessing(), spec.inputName());
    Set<String> outputs = model.outputNames();
    if (!outputs.contains(spec.outputName())) {
      model.close();
      throw new IllegalArgumentException(spec.source() + ": ONNX model " + artifact.resource() + " has no output '"
          + spec.outputName() + "'; its outputs are " + outputs);
    }
    this.produces = spec.contract().spec();
    Map<String, String> config = new HashMap<>(spec.preprocessing().describe());
    config.put("output", spec.outputName());
    config.put("pooling", spec.pooling().name().toLowerCase(java.util.Locale.ROOT));
    config.put("normalize", spec.l2Normalize() ? "l2" : "none");
    config.put("spec", String.valueOf(spec.source()));
    config.put("runtime", "onnxruntime " + ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion());
    config.putAll(settings.describe());
    this.provenance = new Provenance(artifact.resource(), "1", artifact.sha256(), null, config);
  }

  public ImageEncoderSpec spec() {
    return spec;
  }

  @Override
  public String name() {
    return spec.contract().producer();
  }

  @Override
  public Set<SignalSpec> consumes() {
    return Set.of();
  }

  @Override
  public Set<SignalSpec> produces() {
    return Set.of(produces);
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public int maxBatchSize() {
    return spec.maxBatchSize();
  }

  @Override
  public Map<SignalSpec, Column> compute(Batch batch) {
    int n = batch.size();
    Column col = new Column(n);
    List<RgbImage> images = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      try {
        images.add(ImageInputs.pixels(batch.items().get(i).image()));
        positions.add(i);
      } catch (ImageInputs.NoImage e) {
        col.fail(i, e.getMessage());
      }
    }
    if (!images.isEmpty()) {
      ImageModel.Outputs out = model.infer(model.preprocess(images), images.size(), List.of(spec.outputName()));
      long[] shape = out.shapes().get(spec.outputName());
      for (int k = 0; k < images.size(); k++) {
        float[] v = pool(out.item(spec.outputName(), k), shape);
        if (v.length != spec.dim()) {
          throw new IllegalStateException(spec.source() + ": output '" + spec.outputName() + "' gives " + v.length
              + " values per item after pooling " + spec.pooling() + " (shape " + java.util.Arrays.toString(shape)
              + "); the contract says dim " + spec.dim());
        }
        col.set(positions.get(k), new SignalValue.Embedding(spec.l2Normalize() ? ImageModel.l2Normalize(v) : v));
      }
    }
    return Map.of(produces, col);
  }

  /** Pools one item's output (shape without the batch axis = {@code shape[1..]}) over its spatial positions. */
  float[] pool(float[] item, long[] shape) {
    if (spec.pooling() == ImageModel.Pooling.NONE || shape.length <= 2) {
      return item;
    }
    int channels = (int) (spec.channelsLast() ? shape[shape.length - 1] : shape[1]);
    int positions = item.length / channels;
    float[] out = new float[channels];
    boolean max = spec.pooling() == ImageModel.Pooling.MAX;
    for (int c = 0; c < channels; c++) {
      double acc = max ? Double.NEGATIVE_INFINITY : 0;
      for (int p = 0; p < positions; p++) {
        float v = spec.channelsLast() ? item[p * channels + c] : item[c * positions + p];
        acc = max ? Math.max(acc, v) : acc + v;
      }
      out[c] = (float) (max ? acc : acc / positions);
    }
    return out;
  }

  @Override
  public void close() {
    model.close();
  }
}
