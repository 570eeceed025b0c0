package dev.prism.monitor.drift;

import java.util.List;
import java.util.Map;

/**
 * Everything measured for one signal.
 *
 * @param latencyReferenceMs reference latency p50, p90, p99 (empty when the reference has none)
 * @param latencyWindowMs window latency p50, p90, p99 (empty when none were logged)
 */
public record SignalDrift(String signal, String kind, long referenceRows, long windowRows, double referenceCoverage,
    double windowCoverage, double referenceErrorRate, double windowErrorRate, double[] latencyReferenceMs,
    double[] latencyWindowMs, Map<String, Long> referenceVersions, Map<String, Long> windowVersions, List<SeriesDrift> series,
    List<Check> checks) {

  public boolean breached() {
    return checks.stream().anyMatch(Check::breached);
  }
}
