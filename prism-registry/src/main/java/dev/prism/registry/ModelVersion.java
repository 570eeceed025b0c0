package dev.prism.registry;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One registered head and its lineage. Immutable once registered.
 *
 * @param signal the signal's name ({@code spam}); versions and aliases are per name
 * @param version 1, 2, 3 … in order of registration, per signal
 * @param spec the signal with its contract major as the artifact declares it ({@code spam@1})
 * @param artifactSha256 the artifact's identity and its address in the {@link ArtifactStore}
 * @param headVersion the version string inside the artifact (a short hash for {@code prism train})
 * @param trainingDataSha256 the training snapshot's hash
 * @param labelSource where the training labels came from (label source / label-model version)
 * @param codeVersion the Prism build that trained it
 * @param config training configuration
 * @param metrics split → metric → value: the artifact's own (valid, test) and, when an eval report
 *     was registered with it, {@code eval:<split>}
 * @param reportSha256 the eval report stored in the artifact store, when one was given
 * @param registeredBy who registered it (an API token id or {@code cli:USER})
 */
public record ModelVersion(
    String signal, int version, String spec, String artifactSha256, long artifactBytes, String headName, String headVersion,
    String trainingDataSha256, String labelSource, String codeVersion, String trainedAt, Map<String, String> config,
    Map<String, Map<String, Double>> metrics, Optional<String> reportSha256, String note, String registeredBy,
    Instant registeredAt) {

  public ModelVersion {
    Objects.requireNonNull(signal, "signal");
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, got " + version);
    }
    Sha256.requireHex(artifactSha256, "artifact_sha256");
    config = Collections.unmodifiableSortedMap(new TreeMap<>(config));
    TreeMap<String, Map<String, Double>> m = new TreeMap<>();
    metrics.forEach((k, v) -> m.put(k, Collections.unmodifiableSortedMap(new TreeMap<>(v))));
    metrics = Collections.unmodifiableSortedMap(m);
    Objects.requireNonNull(reportSha256, "reportSha256");
    note = note == null ? "" : note;
  }

  /** {@code spam@v3}: how the CLI and API name a version. */
  public String ref() {
    return signal + "@v" + version;
  }
}
