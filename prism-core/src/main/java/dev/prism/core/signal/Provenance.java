package dev.prism.core.signal;

import java.util.Map;
import java.util.Objects;

/**
 * Where a signal value came from: the model (or rule set) id, its version, the SHA-256 of the
 * artifact bytes that computed it, the Prism code version, and the configuration that matters for
 * reproducing it (pooling, max tokens, thresholds...). Attached to every value Prism emits.
 */
public record Provenance(
    String modelId, String modelVersion, String artifactSha256, String codeVersion, Map<String, String> config) {

  public Provenance {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(modelVersion, "modelVersion");
    artifactSha256 = artifactSha256 == null ? "" : artifactSha256;
    codeVersion = codeVersion == null ? CodeVersion.get() : codeVersion;
    config = config == null ? Map.of() : Map.copyOf(new java.util.TreeMap<>(config));
  }

  /** Provenance of a deterministic rule-based node whose "artifact" is its code. */
  public static Provenance ofCode(String id, String version, Map<String, String> config) {
    return new Provenance(id, version, "", CodeVersion.get(), config);
  }
}
