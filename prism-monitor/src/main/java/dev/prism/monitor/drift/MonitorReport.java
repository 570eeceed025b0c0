package dev.prism.monitor.drift;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One comparison of a window with a reference.
 *
 * @param reference what the reference is (file, log window)
 * @param window what the window is
 * @param settings the settings that applied (bins, alpha, thresholds…), for the record
 * @param notes signals on one side only and similar remarks
 */
public record MonitorReport(String reference, String window, Instant generatedAt, Map<String, String> settings,
    List<SignalDrift> signals, List<String> notes) {

  public List<Check> breaches() {
    return signals.stream().flatMap(s -> s.checks().stream()).filter(Check::breached).toList();
  }

  public boolean breached() {
    return !breaches().isEmpty();
  }
}
