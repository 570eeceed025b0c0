package dev.prism.learn.artifact;

import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.ValueType;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The signal a head produces and the contract it promises its consumers. A binary head produces
 * a probability of its positive class; a k-class head produces a label with its probability.
 */
public record OutputSignal(SignalSpec spec, String owner, String description, String calibration, String freshness, String coverage) {

  public OutputSignal {
    Objects.requireNonNull(spec, "spec");
    if (owner == null || owner.isBlank()) {
      throw new IllegalArgumentException("output signal " + spec + ": 'owner' is required");
    }
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("output signal " + spec + ": 'description' is required");
    }
    calibration = calibration == null ? "" : calibration;
    freshness = freshness == null ? "" : freshness;
    coverage = coverage == null ? "" : coverage;
  }

  /** The contract of this signal as produced by node {@code producer} with these classes. */
  public SignalContract contract(String producer, List<String> classes) {
    ValueType type = classes.size() == 2 ? new ValueType.ProbabilityType() : new ValueType.LabelSetType(Set.copyOf(classes));
    return new SignalContract(spec, type, producer, owner, description, calibration, freshness, coverage);
  }
}
