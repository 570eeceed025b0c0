package dev.prism.core.signal;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a signal value came from: the model (or rule set) id, its version, the SHA-256 of the
 * artifact bytes that computed it, the Prism code version, the configuration that matters for
 * reproducing it (pooling, max tokens, thresholds...) and the platform (JVM, OS, CPU architecture
 * and count) it was computed on. Attached to every value Prism emits.
 *
 * @param platform null = {@link PlatformInfo#current()}, the platform of this process
 */
public record Provenance(
    String modelId, String modelVersion, String artifactSha256, String codeVersion, Map<String, String> config,
    PlatformInfo platform) {

  public Provenance {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(modelVersion, "modelVersion");
    artifactSha256 = artifactSha256 == null ? "" : artifactSha256;
    codeVersion = codeVersion == null ? CodeVersion.get() : codeVersion;
    // sorted and unmodifiable: JSON written from it has the same key order in every process
    // (Map.copyOf's iteration order changes from one JVM run to the next)
    config = config == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(Map.copyOf(config)));
    platform = platform == null ? PlatformInfo.current() : platform;
  }

  /** Provenance of a value computed in this process: the platform is {@link PlatformInfo#current()}. */
  public Provenance(String modelId, String modelVersion, String artifactSha256, String codeVersion, Map<String, String> config) {
    this(modelId, modelVersion, artifactSha256, codeVersion, config, null);
  }

  /** Provenance of a deterministic rule-based node whose "artifact" is its code. */
  public static Provenance ofCode(String id, String version, Map<String, String> config) {
    return new Provenance(id, version, "", CodeVersion.get(), config);
  }
}
