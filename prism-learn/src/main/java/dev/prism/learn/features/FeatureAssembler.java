package dev.prism.learn.features;

import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
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
    switch (slot) {
      case InputSlot.EmbeddingSlot e -> {
        if (!(v instanceof SignalValue.Embedding emb)) {
          throw wrongKind(slot, "Embedding", v);
        }
        float[] vec = emb.vector();
        if (vec.length != e.dim()) {
          throw new IllegalArgumentException(
              "input signal " + slot.spec() + " has dimension " + vec.length + " but the head was trained on " + e.dim());
        }
        for (int j = 0; j < vec.length; j++) {
          out[off + j] = finite(slot, j, vec[j]);
        }
      }
      case InputSlot.FeaturesSlot f -> {
        switch (v) {
          case SignalValue.Features feats -> {
            Map<String, Double> m = feats.values();
            List<String> names = f.names();
            for (int j = 0; j < names.size(); j++) {
              Double x = m.get(names.get(j));
              if (x == null) {
                throw new IllegalArgumentException(
                    "input signal " + slot.spec() + " lacks feature '" + names.get(j) + "' (has " + m.keySet() + ")");
              }
              out[off + j] = finite(slot, j, x);
            }
          }
          case SignalValue.Probability p when f.names().size() == 1 -> out[off] = finite(slot, 0, p.p());
          case SignalValue.Score s when f.names().size() == 1 -> out[off] = finite(slot, 0, s.value());
          default -> throw wrongKind(slot, "Features", v);
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
