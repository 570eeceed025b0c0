package dev.prism.rollout;

/**
 * The thresholds a candidate must stay within while it is shadowed or canaried, judged over a
 * sliding window of the last {@code windowItems} items that both the candidate and production
 * scored (see {@link GuardrailWindow}).
 *
 * @param minItems no verdict before the window holds this many compared items
 * @param maxErrorRateIncrease candidate error rate minus production's, on the same items
 * @param maxLatencyP99Ms p99 of the candidate's compute time per item, in ms
 * @param maxPsi population stability index of candidate scores against production's
 * @param minAgreement share of items with the same decision at {@code threshold} (same label)
 * @param threshold the consumer's decision threshold on a probability
 */
public record Guardrails(int windowItems, int minItems, double maxErrorRateIncrease, double maxLatencyP99Ms, double maxPsi,
    double minAgreement, double threshold) {

  public Guardrails {
    if (windowItems < 1 || minItems < 1 || minItems > windowItems) {
      throw new IllegalArgumentException("guardrail window must hold >= 1 items and min_items must be in [1, window_items], "
          + "got window_items=" + windowItems + ", min_items=" + minItems);
    }
  }

  /** Names of the guardrails, as reported in breaches, events and metrics. */
  public static final String ERROR_RATE = "error_rate";
  public static final String LATENCY_P99 = "latency_p99";
  public static final String PSI = "psi";
  public static final String AGREEMENT = "agreement";
}
