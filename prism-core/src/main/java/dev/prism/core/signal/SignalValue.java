package dev.prism.core.signal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A typed signal value. Each variant matches one {@link ValueType}; the contract validates the
 * pairing (dimension, range, label set) before a value leaves the process. The interface is open:
 * a new kind of value is one {@link dev.prism.core.signal.ValueCodec} (with its value and type
 * records) registered with the ServiceLoader; the records below are the built-in kinds.
 */
public interface SignalValue {

  /** A dense vector, e.g. a sentence embedding. The array is owned by the value: do not mutate. */
  record Embedding(float[] vector) implements SignalValue {
    public Embedding {
      if (vector == null || vector.length == 0) {
        throw new IllegalArgumentException("embedding must have at least one dimension");
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Embedding e && Arrays.equals(vector, e.vector);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
      return "Embedding[dim=" + vector.length + "]";
    }
  }

  /** A calibrated probability in [0, 1]. */
  record Probability(double p) implements SignalValue {}

  /** A real-valued score; its range is stated by the contract. */
  record Score(double value) implements SignalValue {}

  /** One label out of a closed set, with the producer's confidence in [0, 1]. */
  record Label(String label, double confidence) implements SignalValue {}

  /** A hash or key, e.g. a perceptual hash, as a lower-case hex string. */
  record Hash(String hex) implements SignalValue {}

  /** Free text, e.g. OCR output. */
  record Text(String text) implements SignalValue {}

  /**
   * Named numeric features in the order the contract lists them (e.g. {@code text_stats}). Kept as
   * an ordered map so that JSON shows names and heads can read the vector positionally.
   */
  record Features(Map<String, Double> values) implements SignalValue {
    public Features {
      values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }

    public double[] toArray(List<String> order) {
      double[] out = new double[order.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = values.getOrDefault(order.get(i), Double.NaN);
      }
      return out;
    }
  }
}
