package dev.prism.monitor.log;

import java.util.Arrays;
import java.util.Map;

/** What a served-signal log row holds for one (item, signal): the value by kind, or why there is none. */
public sealed interface LoggedValue {

  /** A probability or score. */
  record Scalar(double value) implements LoggedValue {}

  /** A label and the producer's confidence. */
  record Category(String label, double confidence) implements LoggedValue {}

  /** An embedding. The array is owned by the value. */
  record Vector(float[] values) implements LoggedValue {
    @Override
    public boolean equals(Object o) {
      return o instanceof Vector v && Arrays.equals(values, v.values);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return "Vector[dim=" + values.length + "]";
    }
  }

  /** Named numeric features (e.g. {@code text_stats}), in the contract's order. */
  record Named(Map<String, Double> values) implements LoggedValue {
    public Named {
      values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }
  }

  /**
   * A value that is not monitored (hash, text): only its presence is logged, not its content (free
   * text may be personal data, and drift of a hash means nothing).
   */
  record Present() implements LoggedValue {}

  /** The signal failed for this item; the server's reason. */
  record Failed(String error) implements LoggedValue {}
}
