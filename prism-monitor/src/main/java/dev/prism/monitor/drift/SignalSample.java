package dev.prism.monitor.drift;

import dev.prism.monitor.log.LoggedValue;
import dev.prism.monitor.log.ServedRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values of one signal in one window (or the reference): what drift is computed on.
 *
 * @param signal {@code name@major}
 * @param kind the value kind of its rows (the first non-error row's)
 * @param rows logged (item, signal) rows, failures included
 * @param errors rows that carry a failure instead of a value
 * @param scalars probability/score values
 * @param labels label counts
 * @param vectors embeddings
 * @param features per feature name, the values of a features signal
 * @param latenciesMs request latencies of the rows that had one
 * @param versions rows per {@code model/version}
 */
public record SignalSample(String signal, String kind, long rows, long errors, double[] scalars, Map<String, Long> labels,
    List<float[]> vectors, Map<String, double[]> features, double[] latenciesMs, Map<String, Long> versions) {

  /** Share of rows with a value (1 − error share); NaN for no rows. */
  public double coverage() {
    return rows == 0 ? Double.NaN : (double) (rows - errors) / rows;
  }

  public double errorRate() {
    return rows == 0 ? Double.NaN : (double) errors / rows;
  }

  /** Values (non-error rows). */
  public long values() {
    return rows - errors;
  }

  /** Groups rows by signal, in signal order. */
  public static Map<String, SignalSample> of(List<ServedRow> rows) {
    Map<String, Builder> b = new TreeMap<>();
    for (ServedRow r : rows) {
      b.computeIfAbsent(r.signal(), Builder::new).add(r);
    }
    Map<String, SignalSample> out = new LinkedHashMap<>();
    b.forEach((k, v) -> out.put(k, v.build()));
    return out;
  }

  private static final class Builder {
    final String signal;
    String kind;
    long rows;
    long errors;
    final DoubleList scalars = new DoubleList();
    final Map<String, Long> labels = new TreeMap<>();
    final List<float[]> vectors = new ArrayList<>();
    final Map<String, DoubleList> features = new LinkedHashMap<>();
    final DoubleList latencies = new DoubleList();
    final Map<String, Long> versions = new TreeMap<>();

    Builder(String signal) {
      this.signal = signal;
    }

    void add(ServedRow r) {
      rows++;
      if (Double.isFinite(r.latencyMs())) {
        latencies.add(r.latencyMs());
      }
      if (r.value() instanceof LoggedValue.Failed) {
        errors++;
        return;
      }
      if (kind == null) {
        kind = r.kind();
      }
      if (!r.version().isEmpty()) {
        versions.merge(r.version(), 1L, Long::sum);
      }
      switch (r.value()) {
        case LoggedValue.Scalar s -> {
          if (Double.isFinite(s.value())) {
            scalars.add(s.value());
          }
        }
        case LoggedValue.Category c -> labels.merge(c.label(), 1L, Long::sum);
        case LoggedValue.Vector v -> vectors.add(v.values());
        case LoggedValue.Named n -> n.values().forEach((name, x) -> {
          if (x != null && Double.isFinite(x)) {
            features.computeIfAbsent(name, k -> new DoubleList()).add(x);
          }
        });
        case LoggedValue.Present p -> { }
        case LoggedValue.Failed f -> { }
      }
    }

    SignalSample build() {
      Map<String, double[]> f = new LinkedHashMap<>();
      features.forEach((k, v) -> f.put(k, v.toArray()));
      return new SignalSample(signal, kind == null ? "error" : kind, rows, errors, scalars.toArray(), labels, vectors, f,
          latencies.toArray(), versions);
    }
  }

  /** A growable double array. */
  static final class DoubleList {
    private double[] a = new double[16];
    private int n;

    void add(double x) {
      if (n == a.length) {
        a = java.util.Arrays.copyOf(a, n * 2);
      }
      a[n++] = x;
    }

    double[] toArray() {
      return java.util.Arrays.copyOf(a, n);
    }
  }
}
