package dev.prism.core.signal;

import java.util.Objects;

/** One computed, contract-validated value of one signal for one item, with its provenance. */
public record SignalRecord(String itemId, SignalSpec spec, SignalValue value, Provenance provenance) {
  public SignalRecord {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(provenance, "provenance");
  }
}
