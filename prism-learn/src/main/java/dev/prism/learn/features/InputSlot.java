package dev.prism.learn.features;

import dev.prism.core.signal.SignalSpec;
import java.util.List;
import java.util.Objects;

/**
 * One input signal of a head and the positions it fills in the feature vector. A head's feature
 * vector is the concatenation of its slots in {@link FeatureLayout} order.
 */
public sealed interface InputSlot {

  SignalSpec spec();

  /** Number of doubles this slot contributes. */
  int width();

  /** Name of the j-th column contributed, e.g. {@code text_embedding@1[17]} or {@code text_stats@1.url_count}. */
  String columnName(int j);

  /** A dense vector signal ({@code SignalValue.Embedding}) of a fixed dimension. */
  record EmbeddingSlot(SignalSpec spec, int dim) implements InputSlot {
    public EmbeddingSlot {
      Objects.requireNonNull(spec, "spec");
      if (dim < 1) {
        throw new IllegalArgumentException("embedding input " + spec + " needs dim >= 1, got " + dim);
      }
    }

    @Override
    public int width() {
      return dim;
    }

    @Override
    public String columnName(int j) {
      return spec + "[" + j + "]";
    }
  }

  /** A named-feature signal ({@code SignalValue.Features}) read in this exact name order. */
  record FeaturesSlot(SignalSpec spec, List<String> names) implements InputSlot {
    public FeaturesSlot {
      Objects.requireNonNull(spec, "spec");
      if (names == null || names.isEmpty()) {
        throw new IllegalArgumentException("features input " + spec + " needs at least one feature name");
      }
      names = List.copyOf(names);
      if (names.stream().distinct().count() != names.size()) {
        throw new IllegalArgumentException("features input " + spec + " lists a feature name twice: " + names);
      }
    }

    @Override
    public int width() {
      return names.size();
    }

    @Override
    public String columnName(int j) {
      return spec + "." + names.get(j);
    }
  }
}
