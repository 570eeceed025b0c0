package dev.prism.learn.features;

import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.core.signal.ValueCodec;
import dev.prism.core.signal.ValueCodecs;
import dev.prism.core.signal.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ordered input signals of a head: which signals, in which order, with which dimension or
 * feature names. Saved in the artifact so serving assembles exactly the vector training saw.
 */
public record FeatureLayout(List<InputSlot> slots) {

  public FeatureLayout {
    if (slots == null || slots.isEmpty()) {
      throw new IllegalArgumentException("a feature layout needs at least one input signal");
    }
    slots = List.copyOf(slots);
    Set<SignalSpec> seen = new LinkedHashSet<>();
    for (InputSlot s : slots) {
      if (!seen.add(s.spec())) {
        throw new IllegalArgumentException("input signal " + s.spec() + " appears twice in the feature layout");
      }
    }
  }

  /** Total feature vector width. */
  public int width() {
    int w = 0;
    for (InputSlot s : slots) {
      w += s.width();
    }
    return w;
  }

  /** The input signals in layout order. */
  public List<SignalSpec> specs() {
    return slots.stream().map(InputSlot::spec).toList();
  }

  /** Column names of the assembled vector, in order. */
  public List<String> columnNames() {
    List<String> out = new ArrayList<>(width());
    for (InputSlot s : slots) {
      for (int j = 0; j < s.width(); j++) {
        out.add(s.columnName(j));
      }
    }
    return out;
  }

  /**
   * Derives a layout from one example's values: embeddings by their dimension, features by their
   * key order. {@code order} fixes the slot order (it must name exactly the example's signals);
   * pass null to use the example's own iteration order.
   */
  public static FeatureLayout infer(Map<SignalSpec, SignalValue> example, List<SignalSpec> order) {
    List<SignalSpec> specs = order == null ? List.copyOf(example.keySet()) : order;
    List<InputSlot> slots = new ArrayList<>();
    for (SignalSpec spec : specs) {
      SignalValue v = example.get(spec);
      if (v == null) {
        throw new IllegalArgumentException("input signal " + spec + " is missing from the example (it has " + example.keySet() + ")");
      }
      ValueCodec<SignalValue, ValueType> codec = ValueCodecs.standard().forValue(v);
      List<String> names = codec.featureNames(v);
      if (names.isEmpty()) {
        throw new IllegalArgumentException("input signal " + spec + " has a " + v.getClass().getSimpleName()
            + " value, which has no numeric features; heads read numeric kinds (embedding, features, probability, "
            + "score, or any kind whose codec declares features)");
      }
      slots.add(codec.denseFeatures() ? new InputSlot.EmbeddingSlot(spec, names.size()) : new InputSlot.FeaturesSlot(spec, names));
    }
    return new FeatureLayout(slots);
  }
}
