package dev.prism.learn.artifact;

import dev.prism.core.signal.PlatformInfo;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a trained head came from.
 *
 * @param trainingDataSha256 {@link dev.prism.learn.data.SnapshotData#sha256} of the training rows
 * @param labelSource what the labels were (e.g. "label model snorkel@3 on 10 LFs", "human gold v2")
 * @param config training configuration (head, hyper-parameters, standardization, calibration)
 * @param codeVersion Prism code version that trained it ({@code CodeVersion.get()})
 * @param trainedAt ISO-8601 instant
 * @param training what happened during training (iterations, stop reason, losses)
 * @param metrics split name → metric name → value (e.g. valid and test metrics at training time)
 * @param platform JVM, OS, CPU architecture and count the head was trained on; empty in artifacts
 *     written before Prism recorded it (the field is optional in the artifact format)
 */
public record TrainingProvenance(
    String trainingDataSha256, String labelSource, Map<String, String> config, String codeVersion, String trainedAt,
    int trainItems, int validItems, Map<String, String> training, Map<String, Map<String, Double>> metrics,
    Optional<PlatformInfo> platform) {

  public TrainingProvenance {
    if (trainingDataSha256 == null || !trainingDataSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("training_data_sha256 must be 64 lower-case hex digits, got " + trainingDataSha256);
    }
    if (labelSource == null || labelSource.isBlank()) {
      throw new IllegalArgumentException("label_source is required (e.g. 'human gold labels' or 'label model output')");
    }
    // sorted, so that the artifact's bytes (its identity) do not depend on the JVM run that wrote
    // it: Map.copyOf's iteration order changes from one run to the next
    config = sorted(config);
    training = sorted(training);
    Map<String, Map<String, Double>> m = new TreeMap<>();
    metrics.forEach((k, v) -> m.put(k, sorted(v)));
    metrics = sorted(m);
    Objects.requireNonNull(platform, "platform (Optional.empty() when not recorded)");
  }

  /** Provenance without a recorded platform, as in artifacts written before Prism recorded it. */
  public TrainingProvenance(
      String trainingDataSha256, String labelSource, Map<String, String> config, String codeVersion, String trainedAt,
      int trainItems, int validItems, Map<String, String> training, Map<String, Map<String, Double>> metrics) {
    this(trainingDataSha256, labelSource, config, codeVersion, trainedAt, trainItems, validItems, training, metrics, Optional.empty());
  }

  private static <V> Map<String, V> sorted(Map<String, V> m) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(Map.copyOf(m)));
  }

  public TrainingProvenance withMetrics(Map<String, Map<String, Double>> newMetrics) {
    return new TrainingProvenance(trainingDataSha256, labelSource, config, codeVersion, trainedAt, trainItems, validItems, training,
        newMetrics, platform);
  }
}
