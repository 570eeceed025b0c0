package dev.prism.models.convert;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds an ONNX {@code ModelProto} (IR version {@value #IR_VERSION}, default-domain opset
 * {@value #OPSET}) by writing the protobuf wire format directly, so the converter needs no
 * generated protobuf classes. Field numbers are those of onnx.proto (ONNX 1.x). Nodes,
 * initializers and attributes are written in the order they are added: the output is a pure
 * function of the calls, hence deterministic.
 */
final class OnnxBuilder {
  /** ONNX IR version 7 is the one that introduced opset 13 (ONNX 1.8). */
  static final long IR_VERSION = 7;
  /** The default-domain operator set every node here is valid in. */
  static final long OPSET = 13;

  static final int FLOAT = 1;
  static final int INT64 = 7;

  // AttributeProto.AttributeType
  private static final int ATTR_FLOAT = 1;
  private static final int ATTR_INT = 2;
  private static final int ATTR_STRING = 3;
  private static final int ATTR_INTS = 7;

  /** A node attribute: an int, a float, a string or a list of ints. */
  sealed interface Attr {
    String name();
  }

  record IntAttr(String name, long value) implements Attr {}

  record FloatAttr(String name, float value) implements Attr {}

  record StringAttr(String name, String value) implements Attr {}

  record IntsAttr(String name, long[] values) implements Attr {}

  /** A graph input or output: name, element type and shape ({@code -1} = the symbolic batch dimension). */
  record ValueInfo(String name, int elemType, long[] shape) {}

  private final List<ProtoWriter> nodes = new ArrayList<>();
  private final List<ProtoWriter> initializers = new ArrayList<>();
  private final Set<String> initializerNames = new LinkedHashSet<>();
  private final List<ValueInfo> inputs = new ArrayList<>();
  private final List<ValueInfo> outputs = new ArrayList<>();
  private final String batchDimName;

  OnnxBuilder(String batchDimName) {
    this.batchDimName = batchDimName;
  }

  void input(String name, int elemType, long... shape) {
    inputs.add(new ValueInfo(name, elemType, shape));
  }

  void output(String name, int elemType, long... shape) {
    outputs.add(new ValueInfo(name, elemType, shape));
  }

  boolean hasInitializer(String name) {
    return initializerNames.contains(name);
  }

  /** A float32 initializer, stored as little-endian {@code raw_data}. */
  void floatInitializer(String name, long[] dims, float[] values) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException("initializer " + name + ": " + values.length + " values for dims " + java.util.Arrays.toString(dims));
    }
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    addInitializer(name, dims, FLOAT, raw.array());
  }

  void int64Initializer(String name, long[] dims, long[] values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    raw.asLongBuffer().put(values);
    addInitializer(name, dims, INT64, raw.array());
  }

  private void addInitializer(String name, long[] dims, int dataType, byte[] raw) {
    if (!initializerNames.add(name)) {
      throw new IllegalStateException("duplicate initializer " + name);
    }
    ProtoWriter t = new ProtoWriter();
    for (long d : dims) {
      t.varint(1, d); // dims
    }
    t.varint(2, dataType); // data_type
    t.string(8, name); // name
    t.bytes(9, raw); // raw_data
    initializers.add(t);
  }

  void node(String opType, String name, List<String> in, List<String> out, Attr... attrs) {
    ProtoWriter n = new ProtoWriter();
    for (String s : in) {
      n.string(1, s);
    }
    for (String s : out) {
      n.string(2, s);
    }
    n.string(3, name);
    n.string(4, opType);
    for (Attr a : attrs) {
      n.message(5, attribute(a));
    }
    nodes.add(n);
  }

  private static ProtoWriter attribute(Attr a) {
    ProtoWriter w = new ProtoWriter().string(1, a.name());
    switch (a) {
      case IntAttr i -> w.varint(3, i.value()).varint(20, ATTR_INT);
      case FloatAttr f -> w.float32(2, f.value()).varint(20, ATTR_FLOAT);
      case StringAttr s -> w.string(4, s.value()).varint(20, ATTR_STRING);
      case IntsAttr is -> {
        for (long v : is.values()) {
          w.varint(8, v);
        }
        w.varint(20, ATTR_INTS);
      }
    }
    return w;
  }

  private ProtoWriter valueInfo(ValueInfo v) {
    ProtoWriter shape = new ProtoWriter();
    for (long d : v.shape()) {
      ProtoWriter dim = new ProtoWriter();
      if (d < 0) {
        dim.string(2, batchDimName); // dim_param
      } else {
        dim.varint(1, d); // dim_value
      }
      shape.message(1, dim);
    }
    ProtoWriter tensor = new ProtoWriter().varint(1, v.elemType()).message(2, shape);
    ProtoWriter type = new ProtoWriter().message(1, tensor);
    return new ProtoWriter().string(1, v.name()).message(2, type);
  }

  /**
   * The serialized model.
   *
   * @param metadata written as {@code metadata_props}, in the map's iteration order (pass an
   *     ordered map for reproducible bytes)
   */
  byte[] build(String graphName, String producer, String producerVersion, String docString, Map<String, String> metadata) {
    ProtoWriter g = new ProtoWriter();
    for (ProtoWriter n : nodes) {
      g.message(1, n);
    }
    g.string(2, graphName);
    for (ProtoWriter t : initializers) {
      g.message(5, t);
    }
    for (ValueInfo v : inputs) {
      g.message(11, valueInfo(v));
    }
    for (ValueInfo v : outputs) {
      g.message(12, valueInfo(v));
    }
    ProtoWriter m = new ProtoWriter();
    m.varint(1, IR_VERSION);
    m.string(2, producer);
    m.string(3, producerVersion);
    m.string(6, docString);
    m.message(7, g);
    m.message(8, new ProtoWriter().string(1, "").varint(2, OPSET));
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      m.message(14, new ProtoWriter().string(1, e.getKey()).string(2, e.getValue()));
    }
    return m.toByteArray();
  }
}
