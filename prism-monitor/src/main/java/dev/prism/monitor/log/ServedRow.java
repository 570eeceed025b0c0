package dev.prism.monitor.log;

import java.util.Objects;

/**
 * One logged (item, signal) answer.
 *
 * @param itemId the item's id
 * @param signal the signal as {@code name@major}
 * @param kind the value kind ({@code probability}, {@code score}, {@code label}, {@code embedding},
 *     {@code features}, {@code hash}, {@code text}, or {@code error} when it failed)
 * @param modelId provenance: model id ("" when the signal failed)
 * @param modelVersion provenance: model version
 * @param artifactSha256 provenance: artifact digest ("" for rule-based nodes)
 * @param servedAtMillis when the answer was ready, epoch milliseconds (UTC)
 * @param latencyMs the whole request's server-side time in milliseconds (NaN when not measured)
 * @param value the value or the failure
 */
public record ServedRow(String itemId, String signal, String kind, String modelId, String modelVersion,
    String artifactSha256, long servedAtMillis, double latencyMs, LoggedValue value) {
  public ServedRow {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(signal, "signal");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    modelId = modelId == null ? "" : modelId;
    modelVersion = modelVersion == null ? "" : modelVersion;
    artifactSha256 = artifactSha256 == null ? "" : artifactSha256;
  }

  /** {@code modelId/modelVersion}, the version label reports group by. */
  public String version() {
    return modelId.isEmpty() ? "" : modelId + "/" + modelVersion;
  }
}
