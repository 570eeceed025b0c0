package dev.prism.core.signal;

import java.util.List;
import java.util.Set;

/**
 * The declared type of a signal in its contract: the shape and range consumers may rely on. {@link
 * #validate} is called on every value before it leaves the process (CLI output or HTTP response).
 * Open for new kinds: see {@link dev.prism.core.signal.ValueCodec}.
 */
public interface ValueType {

  /** Short type name as written in contract files ({@code embedding}, {@code probability} ...). */
  String kind();

  /** Throws {@link ContractViolation} with a precise message when {@code v} breaks this type. */
  void validate(SignalSpec spec, SignalValue v);

  /** A dense float vector of fixed dimension; optionally L2-normalised (|v| = 1 within 1e-3). */
  record EmbeddingType(int dim, boolean normalized) implements ValueType {
    public EmbeddingType {
      if (dim < 1) {
        throw new IllegalArgumentException("embedding dim must be >= 1, got " + dim);
      }
    }

    @Override
    public String kind() {
      return "embedding";
    }

    @Override
    public void validate(SignalSpec spec, SignalValue v) {
      if (!(v instanceof SignalValue.Embedding e)) {
        throw ContractViolation.wrongVariant(spec, this, v);
      }
      if (e.vector().length != dim) {
        throw new ContractViolation(spec, "dimension " + e.vector().length + " != contract dimension " + dim);
      }
      double sq = 0;
      for (float x : e.vector()) {
        if (!Float.isFinite(x)) {
          throw new ContractViolation(spec, "non-finite component " + x);
        }
        sq += (double) x * x;
      }
      if (normalized && Math.abs(Math.sqrt(sq) - 1.0) > 1e-3) {
        throw new ContractViolation(spec, "norm " + Math.sqrt(sq) + " but contract says L2-normalised");
      }
    }
  }

  /** A probability in [0, 1]. */
  record ProbabilityType() implements ValueType {
    @Override
    public String kind() {
      return "probability";
    }

    @Override
    public void validate(SignalSpec spec, SignalValue v) {
      if (!(v instanceof SignalValue.Probability p)) {
        throw ContractViolation.wrongVariant(spec, this, v);
      }
      if (!(p.p() >= 0.0 && p.p() <= 1.0)) {
        throw new ContractViolation(spec, "probability " + p.p() + " outside [0, 1]");
      }
    }
  }

  /** A score within [min, max]. */
  record ScoreType(double min, double max) implements ValueType {
    public ScoreType {
      if (!(min <= max)) {
        throw new IllegalArgumentException("score range [" + min + ", " + max + "] is empty");
      }
    }

    @Override
    public String kind() {
      return "score";
    }

    @Override
    public void validate(SignalSpec spec, SignalValue v) {
      if (!(v instanceof SignalValue.Score s)) {
        throw ContractViolation.wrongVariant(spec, this, v);
      }
      if (!(s.value() >= min && s.value() <= max)) {
        throw new ContractViolation(spec, "score " + s.value() + " outside [" + min + ", " + max + "]");
      }
    }
  }

  /** One label from a closed set, confidence in [0, 1]. */
  record LabelSetType(Set<String> labels) implements ValueType {
    public LabelSetType {
      if (labels == null || labels.isEmpty()) {
        throw new IllegalArgumentException("label set must not be empty");
      }
      labels = Set.copyOf(labels);
    }

    @Override
    public String kind() {
      return "label";
    }

    @Override
    public void validate(SignalSpec spec, SignalValue v) {
      if (!(v instanceof SignalValue.Label l)) {
        throw ContractViolation.wrongVariant(spec, this, v);
      }
      if (!labels.contains(l.label())) {
        throw new ContractViolation(spec, "label '" + l.label() + "' is not in the contract's label set");
      }
      if (!(l.confidence() >= 0.0 && l.confidence() <= 1.0)) {
        throw new ContractViolation(spec, "confidence " + l.confidence() + " outside [0, 1]");
      }
    }
  }

  /** A lower-case hex hash of a fixed number of bits. */
  record HashType(int bits) implements ValueType {
    @Override
    public String kind() {
      return "hash";
    }

    @Override
    public void validate(SignalSpec spec, SignalValue v) {
      if (!(v instanceof SignalValue.Hash h)) {
        throw ContractViolation.wrongVariant(spec, this, v);
      }
      if (h.hex().length() * 4 != bits || !h.hex().matches("[0-9a-f]*")) {
        throw new ContractViolation(spec, "hash '" + h.hex() + "' is not " + bits + " bits of lower-case hex");
      }
    }
  }

  /** Free text up to a maximum length in chars. */
  record TextType(int maxLength) implements ValueType {
    @Override
    public String kind() {
      return "text";
    }

    @Override
    public void validate(SignalSpec spec, SignalValue v) {
      if (!(v instanceof SignalValue.Text t)) {
        throw ContractViolation.wrongVariant(spec, this, v);
      }
      if (t.text().length() > maxLength) {
        throw new ContractViolation(spec, "text of " + t.text().length() + " chars exceeds " + maxLength);
      }
    }
  }

  /** Named finite numeric features, exactly the listed names in that order. */
  record FeaturesType(List<String> names) implements ValueType {
    public FeaturesType {
      if (names == null || names.isEmpty()) {
        throw new IllegalArgumentException("features type needs at least one feature name");
      }
      names = List.copyOf(names);
    }

    @Override
    public String kind() {
      return "features";
    }

    @Override
    public void validate(SignalSpec spec, SignalValue v) {
      if (!(v instanceof SignalValue.Features f)) {
        throw ContractViolation.wrongVariant(spec, this, v);
      }
      if (!List.copyOf(f.values().keySet()).equals(names)) {
        throw new ContractViolation(spec, "feature names " + f.values().keySet() + " != contract " + names);
      }
      f.values().forEach((k, x) -> {
        if (!Double.isFinite(x)) {
          throw new ContractViolation(spec, "feature " + k + " is not finite: " + x);
        }
      });
    }
  }
}
