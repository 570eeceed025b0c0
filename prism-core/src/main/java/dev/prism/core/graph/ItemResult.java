package dev.prism.core.graph;

import dev.prism.core.signal.SignalRecord;
import dev.prism.core.signal.SignalSpec;
import java.util.Map;

/**
 * The requested signals for one item: the values that were computed and validated, and for each
 * requested signal that could not be, the reason.
 */
public record ItemResult(String itemId, Map<SignalSpec, SignalRecord> values, Map<SignalSpec, String> errors) {
  public ItemResult {
    values = Map.copyOf(values);
    errors = Map.copyOf(errors);
  }

  public boolean complete() {
    return errors.isEmpty();
  }
}
