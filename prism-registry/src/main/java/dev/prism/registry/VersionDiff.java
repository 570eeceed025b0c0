package dev.prism.registry;

import java.util.List;
import java.util.Optional;

/**
 * What differs between two versions: lineage fields, configuration keys and metrics.
 *
 * @param fields lineage fields whose values differ ({@code artifact_sha256}, {@code training_data_sha256} …)
 * @param config configuration keys whose values differ (a missing side is empty)
 * @param metrics every metric either side has, with {@code b - a} where both have it
 */
public record VersionDiff(ModelVersion a, ModelVersion b, List<Change> fields, List<Change> config, List<MetricDelta> metrics) {

  public record Change(String name, Optional<String> a, Optional<String> b) {}

  public record MetricDelta(String split, String metric, Optional<Double> a, Optional<Double> b) {
    /** {@code b - a}, when both versions have the metric. */
    public Optional<Double> delta() {
      return a.isPresent() && b.isPresent() ? Optional.of(b.get() - a.get()) : Optional.empty();
    }
  }
}
