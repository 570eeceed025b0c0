package dev.prism.core.signal;

import java.util.Objects;

/**
 * A signal's contract with its consumers: identity, value type, who owns it, what it means, what
 * its calibration promises, and the freshness/coverage the owner commits to. Declared in a
 * versioned contract file and served by {@code GET /v1/contracts}.
 *
 * @param producer the node (and so the model) that computes it, e.g. {@code minilm_text_encoder}
 * @param calibration what a consumer may assume about the numbers (e.g. "cosine similarity
 *     meaningful; not a probability")
 * @param freshness when a value is (re)computed, e.g. "on write; backfilled on model change"
 * @param coverage which items get a value, e.g. "every item with non-empty text"
 */
public record SignalContract(
    SignalSpec spec,
    ValueType type,
    String producer,
    String owner,
    String description,
    String calibration,
    String freshness,
    String coverage) {

  public SignalContract {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(type, "type of " + spec);
    requireText(producer, "producer", spec);
    requireText(owner, "owner", spec);
    requireText(description, "description", spec);
    calibration = calibration == null ? "" : calibration;
    freshness = freshness == null ? "" : freshness;
    coverage = coverage == null ? "" : coverage;
  }

  private static void requireText(String s, String field, SignalSpec spec) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException("contract " + spec + ": '" + field + "' is required");
    }
  }

  public void validate(SignalValue value) {
    type.validate(spec, value);
  }
}
