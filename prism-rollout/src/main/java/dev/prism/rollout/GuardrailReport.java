package dev.prism.rollout;

import java.util.Locale;
import java.util.Optional;

/**
 * The guardrail values of one evaluation of a {@link GuardrailWindow}. Values that cannot be
 * computed yet (no compared item, no latency sample) are NaN.
 *
 * @param items compared items in the window
 * @param judged whether the window held enough items ({@link Guardrails#minItems()}) for a verdict
 * @param breach the first guardrail outside its limit, when judged
 */
public record GuardrailReport(int items, boolean judged, double candidateErrorRate, double productionErrorRate,
    double latencyP99Ms, double psi, double agreement, Optional<Breach> breach) {

  /**
   * A guardrail outside its limit.
   *
   * @param guardrail one of the {@link Guardrails} names
   * @param value the measured value
   * @param limit the configured limit it crossed
   */
  public record Breach(String guardrail, double value, double limit, int items) {
    /** "agreement 0.412 below the minimum 0.900 (by 0.488) over 200 items". */
    public String describe() {
      boolean below = guardrail.equals(Guardrails.AGREEMENT);
      return String.format(Locale.ROOT, "%s %.4f %s the %s %.4f (by %.4f) over %d items", guardrail, value,
          below ? "below" : "above", below ? "minimum" : "maximum", limit, Math.abs(value - limit), items);
    }
  }
}
