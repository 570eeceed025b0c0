package dev.prism.models.convert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.models.convert.OnnxBuilder.Attr;
import dev.prism.models.convert.OnnxBuilder.FloatAttr;
import dev.prism.models.convert.OnnxBuilder.IntAttr;
import dev.prism.models.convert.OnnxBuilder.IntsAttr;
import dev.prism.models.convert.OnnxBuilder.StringAttr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts a Keras functional model from a {@link TfjsLayersModel} to ONNX (opset 13), NCHW.
 *
 * <p>Layout: Keras/TFJS tensors are NHWC; the ONNX graph is NCHW throughout. Its input is
 * {@code [batch, C, H, W]}, kernels are transposed from {@code [kh, kw, in, out]} to
 * {@code [out, in, kh, kw]}, depthwise kernels {@code [kh, kw, in, mult]} to {@code [in*mult, 1, kh, kw]}
 * with {@code group = in}. A {@code Flatten} over a spatial map larger than 1x1 transposes back to
 * NHWC first so that the flattened order (and hence every Dense weight) is Keras's.
 *
 * <p>Supported layers are listed in {@link #SUPPORTED}; any other layer, or a supported layer with
 * an option this converter does not implement, is refused with an {@link IllegalArgumentException}
 * naming the layer. See CONVERTER.md beside this file.
 */
public final class KerasToOnnx {
  /** Recorded in the ONNX file's producer_version and in provenance; bump when the output bytes change. */
  public static final String CONVERTER_VERSION = "1";
  public static final String PRODUCER = "prism-models tfjs-layers-to-onnx";

  public static final Set<String> SUPPORTED = Set.of("InputLayer", "ZeroPadding2D", "Conv2D", "DepthwiseConv2D",
      "BatchNormalization", "ReLU", "Activation", "Add", "Concatenate", "AveragePooling2D", "MaxPooling2D",
      "GlobalAveragePooling2D", "GlobalMaxPooling2D", "Flatten", "Dense", "Dropout");

  /**
   * What to convert.
   *
   * @param inputName the ONNX graph input's name
   * @param outputs ONNX output name → Keras layer whose output it exposes (e.g. {@code probabilities → dense_3},
   *     {@code embedding → flatten_1}), in the order the outputs are declared
   * @param metadata extra {@code metadata_props} (provenance), in iteration order
   */
  public record Options(String inputName, Map<String, String> outputs, Map<String, String> metadata) {
    public Options {
      if (outputs.isEmpty()) {
        throw new IllegalArgumentException("at least one output layer is needed");
      }
      outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
      metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
  }

  /** A converted tensor: its ONNX name and shape without the batch dimension (C,H,W or F). */
  private record Tensor(String name, int[] shape) {
    boolean spatial() {
      return shape.length == 3;
    }
  }

  private final TfjsLayersModel model;
  private final Options options;
  private final OnnxBuilder onnx = new OnnxBuilder("batch");
  private final Map<String, Tensor> tensors = new HashMap<>();
  private final java.util.Set<String> usedWeights = new java.util.HashSet<>();

  private KerasToOnnx(TfjsLayersModel model, Options options) {
    this.model = model;
    this.options = options;
  }

  /** Converts {@code model}; returns the serialized ONNX model (the same bytes for the same input). */
  public static byte[] convert(TfjsLayersModel model, Options options) {
    return new KerasToOnnx(model, options).run();
  }

  private byte[] run() {
    JsonNode config = model.topology().path("model_config");
    String cls = config.path("class_name").asText();
    if (!cls.equals("Model") && !cls.equals("Functional")) {
      throw new IllegalArgumentException("model_config.class_name is '" + cls + "'; only functional models (Model) are supported");
    }
    JsonNode layers = config.path("config").path("layers");
    for (JsonNode layer : layers) {
      convertLayer(layer);
    }
    for (Map.Entry<String, String> out : options.outputs().entrySet()) {
      Tensor t = tensors.get(out.getValue());
      if (t == null) {
        throw new IllegalArgumentException("output '" + out.getKey() + "' names layer '" + out.getValue() + "', which the model does not have");
      }
      onnx.node("Identity", "output_" + out.getKey(), List.of(t.name()), List.of(out.getKey()));
      onnx.output(out.getKey(), OnnxBuilder.FLOAT, withBatch(t.shape()));
    }
    Map<String, String> meta = new LinkedHashMap<>(options.metadata());
    meta.put("layout", "NCHW input [batch, channels, height, width]; converted from a channels-last Keras model");
    return onnx.build(config.path("config").path("name").asText("model"), PRODUCER, CONVERTER_VERSION,
        "Converted from a TensorFlow.js layers model (Keras " + model.topology().path("keras_version").asText("?") + ")", meta);
  }

  private void convertLayer(JsonNode layer) {
    String name = layer.path("name").asText();
    String cls = layer.path("class_name").asText();
    JsonNode cfg = layer.path("config");
    if (!SUPPORTED.contains(cls)) {
      throw new IllegalArgumentException("layer '" + name + "' has unsupported class " + cls + "; supported: "
          + new java.util.TreeSet<>(SUPPORTED));
    }
    String format = cfg.path("data_format").asText("channels_last");
    if (!format.equals("channels_last")) {
      throw new IllegalArgumentException("layer '" + name + "' (" + cls + ") has data_format " + format + "; only channels_last is supported");
    }
    List<Tensor> in = inbound(layer);
    Tensor out = switch (cls) {
      case "InputLayer" -> input(name, cfg);
      case "ZeroPadding2D" -> zeroPadding(name, cfg, single(name, in));
      case "Conv2D" -> conv(name, cfg, single(name, in), false);
      case "DepthwiseConv2D" -> conv(name, cfg, single(name, in), true);
      case "BatchNormalization" -> batchNorm(name, cfg, single(name, in));
      case "ReLU" -> relu(name, cfg, single(name, in));
      case "Activation" -> activation(name, cfg.path("activation").asText(), single(name, in), name);
      case "Add" -> add(name, in);
      case "Concatenate" -> concat(name, cfg, in);
      case "AveragePooling2D", "MaxPooling2D" -> pool(name, cls, cfg, single(name, in));
      case "GlobalAveragePooling2D", "GlobalMaxPooling2D" -> globalPool(name, cls, single(name, in));
      case "Flatten" -> flatten(name, single(name, in));
      case "Dense" -> dense(name, cfg, single(name, in));
      case "Dropout" -> single(name, in); // inference: identity
      default -> throw new IllegalStateException(cls);
    };
    tensors.put(name, out);
  }

  private List<Tensor> inbound(JsonNode layer) {
    String name = layer.path("name").asText();
    JsonNode nodes = layer.path("inbound_nodes");
    if (nodes.size() > 1) {
      throw new IllegalArgumentException("layer '" + name + "' is shared (called " + nodes.size() + " times); shared layers are not supported");
    }
    List<Tensor> in = new ArrayList<>();
    if (nodes.isEmpty()) {
      return in;
    }
    for (JsonNode ref : nodes.get(0)) {
      String src = ref.get(0).asText();
      if (ref.get(1).asInt() != 0 || ref.get(2).asInt() != 0) {
        throw new IllegalArgumentException("layer '" + name + "' reads output " + ref + " of a shared or multi-output layer; not supported");
      }
      Tensor t = tensors.get(src);
      if (t == null) {
        throw new IllegalArgumentException("layer '" + name + "' reads '" + src + "', which is not defined before it");
      }
      in.add(t);
    }
    return in;
  }

  private static Tensor single(String name, List<Tensor> in) {
    if (in.size() != 1) {
      throw new IllegalArgumentException("layer '" + name + "' needs exactly one input, has " + in.size());
    }
    return in.get(0);
  }

  private static void requireSpatial(String name, Tensor t) {
    if (!t.spatial()) {
      throw new IllegalArgumentException("layer '" + name + "' needs a 4-d (image) input, got shape [batch, "
          + join(t.shape()) + "]");
    }
  }

  private Tensor input(String name, JsonNode cfg) {
    JsonNode s = cfg.path("batch_input_shape");
    if (s.size() != 4 || s.get(1).isNull() || s.get(2).isNull() || s.get(3).isNull()) {
      throw new IllegalArgumentException("input layer '" + name + "' has shape " + s + "; only [null, H, W, C] with fixed H, W, C is supported");
    }
    int h = s.get(1).asInt();
    int w = s.get(2).asInt();
    int c = s.get(3).asInt();
    onnx.input(options.inputName(), OnnxBuilder.FLOAT, -1, c, h, w);
    return new Tensor(options.inputName(), new int[] {c, h, w});
  }

  private Tensor zeroPadding(String name, JsonNode cfg, Tensor x) {
    requireSpatial(name, x);
    int[][] p = pairs(name, cfg.path("padding"));
    long[] pads = {0, 0, p[0][0], p[1][0], 0, 0, p[0][1], p[1][1]};
    String padsName = name + "/pads";
    onnx.int64Initializer(padsName, new long[] {8}, pads);
    String out = name;
    onnx.node("Pad", name, List.of(x.name(), padsName), List.of(out), new StringAttr("mode", "constant"));
    return new Tensor(out, new int[] {x.shape()[0], x.shape()[1] + p[0][0] + p[0][1], x.shape()[2] + p[1][0] + p[1][1]});
  }

  /** Keras padding forms: n, [h, w] or [[top, bottom], [left, right]]. */
  private static int[][] pairs(String name, JsonNode p) {
    if (p.isInt()) {
      return new int[][] {{p.asInt(), p.asInt()}, {p.asInt(), p.asInt()}};
    }
    if (p.size() == 2 && p.get(0).isInt()) {
      return new int[][] {{p.get(0).asInt(), p.get(0).asInt()}, {p.get(1).asInt(), p.get(1).asInt()}};
    }
    if (p.size() == 2 && p.get(0).size() == 2 && p.get(1).size() == 2) {
      return new int[][] {{p.get(0).get(0).asInt(), p.get(0).get(1).asInt()}, {p.get(1).get(0).asInt(), p.get(1).get(1).asInt()}};
    }
    throw new IllegalArgumentException("layer '" + name + "' has padding " + p + "; expected n, [h, w] or [[t, b], [l, r]]");
  }

  private static int[] ints2(String name, JsonNode n, String field) {
    JsonNode v = n.path(field);
    if (v.isInt()) {
      return new int[] {v.asInt(), v.asInt()};
    }
    if (v.size() != 2) {
      throw new IllegalArgumentException("layer '" + name + "' has " + field + " " + v + "; expected two integers");
    }
    return new int[] {v.get(0).asInt(), v.get(1).asInt()};
  }

  /**
   * Explicit ONNX pads {top, left, bottom, right} for Keras padding "valid" or "same" (TensorFlow's
   * rule: out = ceil(in / stride), the odd pixel of padding goes at the end).
   */
  private static long[] pads(String name, String padding, int h, int w, int[] k, int[] s, int[] d) {
    return switch (padding) {
      case "valid" -> new long[] {0, 0, 0, 0};
      case "same" -> {
        int th = samePad(h, k[0], s[0], d[0]);
        int tw = samePad(w, k[1], s[1], d[1]);
        yield new long[] {th / 2, tw / 2, th - th / 2, tw - tw / 2};
      }
      default -> throw new IllegalArgumentException("layer '" + name + "' has padding '" + padding + "'; only valid and same are supported");
    };
  }

  private static int samePad(int in, int k, int s, int d) {
    int out = (in + s - 1) / s;
    return Math.max((out - 1) * s + (k - 1) * d + 1 - in, 0);
  }

  private static int outSize(int in, long padTotal, int k, int s, int d) {
    return (int) ((in + padTotal - ((long) (k - 1) * d + 1)) / s + 1);
  }

  private TfjsLayersModel.Weight weight(String layer, String param) {
    String key = layer + "/" + param;
    TfjsLayersModel.Weight w = model.weights().get(key);
    if (w == null) {
      throw new IllegalArgumentException("layer '" + layer + "' needs weight '" + key + "', which the weights manifest does not have");
    }
    usedWeights.add(key);
    return w;
  }

  private Tensor conv(String name, JsonNode cfg, Tensor x, boolean depthwise) {
    requireSpatial(name, x);
    int[] k = ints2(name, cfg, "kernel_size");
    int[] s = ints2(name, cfg, "strides");
    int[] d = cfg.has("dilation_rate") ? ints2(name, cfg, "dilation_rate") : new int[] {1, 1};
    if (cfg.path("groups").asInt(1) != 1) {
      throw new IllegalArgumentException("layer '" + name + "' has groups=" + cfg.path("groups") + "; grouped Conv2D is not supported");
    }
    int cin = x.shape()[0];
    int h = x.shape()[1];
    int w = x.shape()[2];
    TfjsLayersModel.Weight kernel = weight(name, depthwise ? "depthwise_kernel" : "kernel");
    int[] ks = kernel.shape();
    if (ks.length != 4 || ks[0] != k[0] || ks[1] != k[1] || ks[2] != cin) {
      throw new IllegalArgumentException("layer '" + name + "' kernel has shape " + java.util.Arrays.toString(ks)
          + ", expected [" + k[0] + ", " + k[1] + ", " + cin + ", *]");
    }
    int cout;
    float[] oihw;
    long[] wdims;
    if (depthwise) {
      int mult = ks[3];
      cout = cin * mult;
      oihw = new float[kernel.values().length];
      // TF depthwise output channel c*mult + m reads input channel c with kernel[.., .., c, m]
      for (int ky = 0; ky < k[0]; ky++) {
        for (int kx = 0; kx < k[1]; kx++) {
          for (int c = 0; c < cin; c++) {
            for (int m = 0; m < mult; m++) {
              oihw[((c * mult + m) * k[0] + ky) * k[1] + kx] = kernel.values()[((ky * k[1] + kx) * cin + c) * mult + m];
            }
          }
        }
      }
      wdims = new long[] {cout, 1, k[0], k[1]};
    } else {
      cout = ks[3];
      oihw = new float[kernel.values().length];
      for (int ky = 0; ky < k[0]; ky++) {
        for (int kx = 0; kx < k[1]; kx++) {
          for (int c = 0; c < cin; c++) {
            for (int o = 0; o < cout; o++) {
              oihw[((o * cin + c) * k[0] + ky) * k[1] + kx] = kernel.values()[((ky * k[1] + kx) * cin + c) * cout + o];
            }
          }
        }
      }
      wdims = new long[] {cout, cin, k[0], k[1]};
    }
    String wName = name + (depthwise ? "/depthwise_kernel" : "/kernel");
    onnx.floatInitializer(wName, wdims, oihw);
    List<String> inputs = new ArrayList<>(List.of(x.name(), wName));
    if (cfg.path("use_bias").asBoolean(true)) {
      TfjsLayersModel.Weight b = weight(name, "bias");
      if (b.values().length != cout) {
        throw new IllegalArgumentException("layer '" + name + "' bias has " + b.values().length + " values, expected " + cout);
      }
      onnx.floatInitializer(name + "/bias", new long[] {cout}, b.values());
      inputs.add(name + "/bias");
    }
    long[] p = pads(name, cfg.path("padding").asText(), h, w, k, s, d);
    String convOut = name + "/conv";
    List<Attr> attrs = new ArrayList<>(List.of(new IntsAttr("kernel_shape", new long[] {k[0], k[1]}),
        new IntsAttr("strides", new long[] {s[0], s[1]}), new IntsAttr("dilations", new long[] {d[0], d[1]}),
        new IntsAttr("pads", p)));
    if (depthwise) {
      attrs.add(new IntAttr("group", cin));
    }
    onnx.node("Conv", name, inputs, List.of(convOut), attrs.toArray(Attr[]::new));
    Tensor conv = new Tensor(convOut, new int[] {cout, outSize(h, p[0] + p[2], k[0], s[0], d[0]), outSize(w, p[1] + p[3], k[1], s[1], d[1])});
    return activation(name, cfg.path("activation").asText("linear"), conv, name);
  }

  private Tensor batchNorm(String name, JsonNode cfg, Tensor x) {
    int axis = cfg.path("axis").isArray() ? cfg.path("axis").get(0).asInt() : cfg.path("axis").asInt(-1);
    int rank = x.shape().length + 1;
    if (axis != -1 && axis != rank - 1) {
      throw new IllegalArgumentException("layer '" + name + "' normalizes axis " + axis + "; only the channel axis (-1) is supported");
    }
    int c = x.shape()[0];
    float[] gamma = cfg.path("scale").asBoolean(true) ? weight(name, "gamma").values() : filled(c, 1f);
    float[] beta = cfg.path("center").asBoolean(true) ? weight(name, "beta").values() : filled(c, 0f);
    float[] mean = weight(name, "moving_mean").values();
    float[] var = weight(name, "moving_variance").values();
    String[] names = {name + "/gamma", name + "/beta", name + "/moving_mean", name + "/moving_variance"};
    float[][] values = {gamma, beta, mean, var};
    for (int i = 0; i < 4; i++) {
      if (values[i].length != c) {
        throw new IllegalArgumentException("layer '" + name + "' " + names[i] + " has " + values[i].length + " values for " + c + " channels");
      }
      onnx.floatInitializer(names[i], new long[] {c}, values[i]);
    }
    onnx.node("BatchNormalization", name, List.of(x.name(), names[0], names[1], names[2], names[3]), List.of(name),
        new FloatAttr("epsilon", (float) cfg.path("epsilon").asDouble(1e-3)));
    return new Tensor(name, x.shape());
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  private Tensor relu(String name, JsonNode cfg, Tensor x) {
    if (cfg.path("negative_slope").asDouble(0) != 0 || cfg.path("threshold").asDouble(0) != 0) {
      throw new IllegalArgumentException("layer '" + name + "' is a ReLU with negative_slope " + cfg.path("negative_slope")
          + " and threshold " + cfg.path("threshold") + "; only 0 and 0 are supported");
    }
    JsonNode max = cfg.path("max_value");
    if (max.isMissingNode() || max.isNull()) {
      onnx.node("Relu", name, List.of(x.name()), List.of(name));
      return new Tensor(name, x.shape());
    }
    return clip(name, x, 0f, (float) max.asDouble(), name);
  }

  private Tensor clip(String name, Tensor x, float min, float max, String out) {
    String lo = name + "/clip_min";
    String hi = name + "/clip_max";
    onnx.floatInitializer(lo, new long[] {}, new float[] {min});
    onnx.floatInitializer(hi, new long[] {}, new float[] {max});
    onnx.node("Clip", name + "/clip", List.of(x.name(), lo, hi), List.of(out));
    return new Tensor(out, x.shape());
  }

  /** Applies a Keras activation by name; "linear" adds no node and returns {@code x}. */
  private Tensor activation(String name, String activation, Tensor x, String out) {
    if (activation.equals("linear")) {
      return x;
    }
    String op = switch (activation) {
      case "relu" -> "Relu";
      case "sigmoid" -> "Sigmoid";
      case "tanh" -> "Tanh";
      case "softmax" -> "Softmax";
      case "relu6" -> null;
      default -> throw new IllegalArgumentException("layer '" + name + "' has activation '" + activation
          + "'; supported: linear, relu, relu6, sigmoid, tanh, softmax");
    };
    if (op == null) {
      return clip(name, x, 0f, 6f, out);
    }
    if (op.equals("Softmax") && x.spatial()) {
      throw new IllegalArgumentException("layer '" + name + "' applies softmax to a 4-d tensor; only 2-d softmax is supported");
    }
    onnx.node(op, name + "/" + activation, List.of(x.name()), List.of(out));
    return new Tensor(out, x.shape());
  }

  private Tensor add(String name, List<Tensor> in) {
    if (in.size() < 2) {
      throw new IllegalArgumentException("layer '" + name + "' (Add) needs at least two inputs, has " + in.size());
    }
    for (Tensor t : in) {
      if (!java.util.Arrays.equals(t.shape(), in.get(0).shape())) {
        throw new IllegalArgumentException("layer '" + name + "' adds shapes " + join(in.get(0).shape()) + " and "
            + join(t.shape()) + "; broadcasting is not supported");
      }
    }
    String acc = in.get(0).name();
    for (int i = 1; i < in.size(); i++) {
      String out = i == in.size() - 1 ? name : name + "/sum" + i;
      onnx.node("Add", i == in.size() - 1 ? name : name + "/add" + i, List.of(acc, in.get(i).name()), List.of(out));
      acc = out;
    }
    return new Tensor(name, in.get(0).shape());
  }

  private Tensor concat(String name, JsonNode cfg, List<Tensor> in) {
    int rank = in.get(0).shape().length + 1;
    int axis = cfg.path("axis").asInt(-1);
    if (axis != -1 && axis != rank - 1) {
      throw new IllegalArgumentException("layer '" + name + "' concatenates on axis " + axis + "; only the channel axis (-1) is supported");
    }
    int[] shape = in.get(0).shape().clone();
    shape[0] = 0;
    List<String> names = new ArrayList<>();
    for (Tensor t : in) {
      shape[0] += t.shape()[0];
      names.add(t.name());
    }
    onnx.node("Concat", name, names, List.of(name), new IntAttr("axis", 1));
    return new Tensor(name, shape);
  }

  private Tensor pool(String name, String cls, JsonNode cfg, Tensor x) {
    requireSpatial(name, x);
    int[] k = ints2(name, cfg, "pool_size");
    int[] s = cfg.path("strides").isNull() || cfg.path("strides").isMissingNode() ? k : ints2(name, cfg, "strides");
    int[] d = {1, 1};
    long[] p = pads(name, cfg.path("padding").asText("valid"), x.shape()[1], x.shape()[2], k, s, d);
    // ONNX AveragePool's default count_include_pad=0 matches TensorFlow's "same" average pooling
    onnx.node(cls.equals("AveragePooling2D") ? "AveragePool" : "MaxPool", name, List.of(x.name()), List.of(name),
        new IntsAttr("kernel_shape", new long[] {k[0], k[1]}), new IntsAttr("strides", new long[] {s[0], s[1]}),
        new IntsAttr("pads", p));
    return new Tensor(name, new int[] {x.shape()[0], outSize(x.shape()[1], p[0] + p[2], k[0], s[0], 1),
        outSize(x.shape()[2], p[1] + p[3], k[1], s[1], 1)});
  }

  private Tensor globalPool(String name, String cls, Tensor x) {
    requireSpatial(name, x);
    String pooled = name + "/pooled";
    onnx.node(cls.equals("GlobalAveragePooling2D") ? "GlobalAveragePool" : "GlobalMaxPool", name, List.of(x.name()), List.of(pooled));
    onnx.node("Flatten", name + "/flatten", List.of(pooled), List.of(name), new IntAttr("axis", 1));
    return new Tensor(name, new int[] {x.shape()[0]});
  }

  private Tensor flatten(String name, Tensor x) {
    if (!x.spatial()) {
      return x;
    }
    String src = x.name();
    if (x.shape()[1] * x.shape()[2] != 1) {
      // Keras flattens NHWC (h, w, c order); go back to that layout so the Dense weights after it apply unchanged
      src = name + "/nhwc";
      onnx.node("Transpose", name + "/to_nhwc", List.of(x.name()), List.of(src), new IntsAttr("perm", new long[] {0, 2, 3, 1}));
    }
    onnx.node("Flatten", name, List.of(src), List.of(name), new IntAttr("axis", 1));
    return new Tensor(name, new int[] {x.shape()[0] * x.shape()[1] * x.shape()[2]});
  }

  private Tensor dense(String name, JsonNode cfg, Tensor x) {
    if (x.spatial()) {
      throw new IllegalArgumentException("layer '" + name + "' (Dense) reads a 4-d tensor; only Dense after Flatten or global pooling is supported");
    }
    TfjsLayersModel.Weight kernel = weight(name, "kernel");
    int in = x.shape()[0];
    if (kernel.shape().length != 2 || kernel.shape()[0] != in) {
      throw new IllegalArgumentException("layer '" + name + "' kernel has shape " + java.util.Arrays.toString(kernel.shape())
          + ", expected [" + in + ", units]");
    }
    int units = kernel.shape()[1];
    onnx.floatInitializer(name + "/kernel", new long[] {in, units}, kernel.values());
    List<String> inputs = new ArrayList<>(List.of(x.name(), name + "/kernel"));
    if (cfg.path("use_bias").asBoolean(true)) {
      onnx.floatInitializer(name + "/bias", new long[] {units}, weight(name, "bias").values());
      inputs.add(name + "/bias");
    }
    String gemm = name + "/gemm";
    onnx.node("Gemm", name, inputs, List.of(gemm));
    return activation(name, cfg.path("activation").asText("linear"), new Tensor(gemm, new int[] {units}), name);
  }

  private static long[] withBatch(int[] shape) {
    long[] s = new long[shape.length + 1];
    s[0] = -1;
    for (int i = 0; i < shape.length; i++) {
      s[i + 1] = shape[i];
    }
    return s;
  }

  private static String join(int[] shape) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return sb.toString();
  }
}
