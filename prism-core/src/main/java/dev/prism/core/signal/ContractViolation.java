package dev.prism.core.signal;

/** A value that does not satisfy its signal's contract. It never leaves the process. */
public final class ContractViolation extends RuntimeException {
  private final SignalSpec spec;

  public ContractViolation(SignalSpec spec, String message) {
    super("contract violation for " + spec + ": " + message);
    this.spec = spec;
  }

  static ContractViolation wrongVariant(SignalSpec spec, ValueType type, SignalValue v) {
    return new ContractViolation(
        spec, "value " + v.getClass().getSimpleName() + " does not match contract type " + type.kind());
  }

  public SignalSpec spec() {
    return spec;
  }
}
