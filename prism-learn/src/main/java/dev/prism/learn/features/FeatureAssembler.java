package dev.prism.learn.features;

import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.core.signal.ValueCodec;
import dev.prism.core.signal.ValueCodecs;
import dev.prism.core.signal.ValueType;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a head's input signal values into its raw feature vector. This one class is used by
 * training (on snapshot values), evaluation and {@code HeadNode} (on graph values), so a feature
 * can never be computed one way in training and another way in serving.
 *
 * <p>Embeddings contribute their floats widened to double; features contribute their values in the
 * layout's name order; a probability or score contributes one column. A missing feature name, a
 * wrong dimension or a non-finite value is an {@link IllegalArgumentException} naming the signal,
 * because silently imputing would be exactly the skew this class exists to prevent.
 */
public final class FeatureAssembler {
  private final FeatureLayout layout;

  public FeatureAssembler(FeatureLayout layout) {
    this.layout = Objects.requireNonNull(layout, "layout");
  }

  public FeatureLayout layout() {
    return layout;
  }

  /** Assembles from values given in layout slot order. */
  public double[] assemble(List<SignalValue> valuesInSlotOrder) {
    List<InputSlot> slots = layout.slots();
    if (valuesInSlotOrder.size() != slots.size()) {
      throw new IllegalArgumentException(
          "expected " + slots.size() + " input values " + layout.specs() + ", got " + valuesInSlotOrder.size());
    }
    double[] out = new double[layout.width()];
    int off = 0;
    for (int s = 0; s < slots.size(); s++) {
      off = fill(slots.get(s), valuesInSlotOrder.get(s), out, off);
    }
    return out;
  }

  /** Assembles from a map of signal values (extra signals are ignored). */
  public double[] assemble(Map<SignalSpec, SignalValue> values) {
    double[] out = new double[layout.width()];
    int off = 0;
    for (InputSlot slot : layout.slots()) {
      SignalValue v = values.get(slot.spec());
      if (v == null) {
        throw new IllegalArgumentException("input signal " + slot.spec() + " is missing (present: " + values.keySet() + ")");
      }
      off = fill(slot, v, out, off);
    }
    return out;
  }

  private static int fill(InputSlot slot, SignalValue v, double[] out, int off) {
    if (v == null) {
      throw new IllegalArgumentException("input signal " + slot.spec() + " has no value");
    }
    // Every value kind reaches the vector through its codec's features, the same in training and serving.
    ValueCodec<SignalValue, ValueType> codec = ValueCodecs.standard().forValue(v);
    double[] xs = codec.features(v);
    switch (slot) {
      case InputSlot.EmbeddingSlot e -> {
        if (!codec.denseFeatures()) {
          throw wrongKind(slot, "a dense vector (Embedding)", v);
        }
        if (xs.length != e.dim()) {
          throw new IllegalArgumentException(
              "input signal " + slot.spec() + " has dimension " + xs.length + " but the head was trained on " + e.dim());
        }
        for (int j = 0; j < xs.length; j++) {
          out[off + j] = finite(slot, j, xs[j]);
        }
      }
      case InputSlot.FeaturesSlot f -> {
        List<String> have = codec.featureNames(v);
        if (have.isEmpty() || codec.denseFeatures()) {
          throw wrongKind(slot, "Features", v);
        }
        List<String> names = f.names();
        if (have.equals(names)) {
          for (int j = 0; j < names.size(); j++) {
            out[off + j] = finite(slot, j, xs[j]);
          }
        } else if (names.size() == 1 && have.size() == 1) {
          out[off] = finite(slot, 0, xs[0]); // a one-number kind (probability p, score value) under its slot name
        } else {
          for (int j = 0; j < names.size(); j++) {
            int k = have.indexOf(names.get(j));
            if (k < 0) {
              throw new IllegalArgumentException(
                  "input signal " + slot.spec() + " lacks feature '" + names.get(j) + "' (has " + have + ")");
            }
            out[off + j] = finite(slot, j, xs[k]);
          }
        }
      }
    }
    return off + slot.width();
  }

  private static double finite(InputSlot slot, int j, double x) {
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException("input " + slot.columnName(j) + " is not finite: " + x);
    }
    return x;
  }

  private static IllegalArgumentException wrongKind(InputSlot slot, String expected, SignalValue v) {
    return new IllegalArgumentException(
        "input signal " + slot.spec() + " must be " + expected + " but is " + v.getClass().getSimpleName());
  }
}
