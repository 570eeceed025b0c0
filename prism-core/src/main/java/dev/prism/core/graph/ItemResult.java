package dev.prism.core.graph;

import dev.prism.core.signal.SignalRecord;
import dev.prism.core.signal.SignalSpec;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The requested signals for one item: the values that were computed and validated, and for each
 * requested signal that could not be, the reason. Both maps iterate in signal order, so output
 * written from a result is the same from run to run.
 */
public record ItemResult(String itemId, Map<SignalSpec, SignalRecord> values, Map<SignalSpec, String> errors) {
  public ItemResult {
    // Sorted by signal, not Map.copyOf: its iteration order changes from one JVM run to the next,
    // and it decides the key order of every JSON line and response written from a result.
    values = Collections.unmodifiableMap(new TreeMap<>(values));
    errors = Collections.unmodifiableMap(new TreeMap<>(errors));
  }

  public boolean complete() {
    return errors.isEmpty();
  }
}
