package dev.prism.rollout;

import dev.prism.core.config.Config;
import dev.prism.core.config.ConfigKey;
import java.util.ArrayList;
import java.util.List;

/** The {@code rollout.*} configuration keys of {@code prism serve --db URL}. */
public final class RolloutConfig {
  private RolloutConfig() {}

  public static final ConfigKey<String> SIGNALS = new ConfigKey<>("rollout.signals", String.class, "",
      s -> s.strip(), RolloutConfig::checkSignals,
      "Learned signals `prism serve --db URL` serves through the model registry, comma-separated signal names "
          + "(e.g. `spam`). Each is answered by the version its `production` alias names, loaded from the registry's "
          + "artifact store (hash-checked); alias moves are picked up without a restart, and rollouts "
          + "(`prism rollout start`) shadow, canary and promote candidates. A listed signal without a `production` "
          + "alias fails start-up. Default: none (heads come from graph.heads only).");

  public static final ConfigKey<Long> POLL_MS = ConfigKey.longKey("rollout.poll_ms", 1000, 50, 600_000,
      "How often (ms) the server reads the registry's aliases and the rollouts table: an alias move or a "
          + "`prism rollout pause|resume|abort` from another process takes effect within this interval. "
          + "Guardrails are evaluated on every batch, not on this timer.");

  public static final ConfigKey<Double> SHADOW_FRACTION = ConfigKey.doubleKey("rollout.shadow.fraction", 0.1, 0.0, 1.0,
      "Fraction of items (chosen by a salted hash of the item id) the candidate also scores, in every step of a rollout "
          + "and for a `shadow` alias: its outputs are compared with production and logged, never returned. These items "
          + "feed the guardrails together with the canary's own.");

  public static final ConfigKey<String> PLAN_STEPS = new ConfigKey<>("rollout.plan.steps", String.class,
      "shadow,1,10,50,100", s -> s.strip(), v -> {
        try {
          RolloutPlan.parseSteps(v);
          return null;
        } catch (IllegalArgumentException e) {
          return e.getMessage();
        }
      },
      "Default steps of a rollout plan (`prism rollout start` may give its own): `shadow` (the candidate scores items "
          + "but answers none) and canary percentages of items answered by the candidate, strictly increasing, "
          + "ending at 100. After the last step the `production` alias moves to the candidate.");

  public static final ConfigKey<Long> PLAN_MIN_STEP_MS = ConfigKey.longKey("rollout.plan.min_step_ms", 300_000, 0,
      7L * 24 * 3600 * 1000, "Default minimum time (ms) a rollout stays in each step before it advances.");

  public static final ConfigKey<Long> PLAN_MIN_STEP_ITEMS = ConfigKey.longKey("rollout.plan.min_step_items", 1000, 0,
      Long.MAX_VALUE, "Default minimum number of items the candidate must score (shadow or canary) in each step "
          + "before the rollout advances.");

  public static final ConfigKey<Integer> WINDOW_ITEMS = ConfigKey.intKey("rollout.guardrail.window_items", 2000, 10,
      1_000_000, "Guardrails look at the candidate's last N compared items (a sliding window over items the candidate "
          + "and production both scored).");

  public static final ConfigKey<Integer> MIN_ITEMS = ConfigKey.intKey("rollout.guardrail.min_items", 200, 1, 1_000_000,
      "Guardrails are not judged before the window holds this many compared items (too few items make every "
          + "statistic noise).");

  public static final ConfigKey<Double> MAX_ERROR_RATE_INCREASE = ConfigKey.doubleKey(
      "rollout.guardrail.max_error_rate_increase", 0.01, 0.0, 1.0,
      "Halt when the candidate's error rate (failed items, contract violations) exceeds production's on the same "
          + "items by more than this (absolute, e.g. 0.01 = one percentage point).");

  public static final ConfigKey<Double> MAX_LATENCY_P99_MS = ConfigKey.doubleKey("rollout.guardrail.max_latency_p99_ms",
      25.0, 0.001, 600_000, "Halt when the p99 of the candidate's compute time per item (a call's time over its "
          + "items, over the window's calls) exceeds this many milliseconds.");

  public static final ConfigKey<Double> MAX_PSI = ConfigKey.doubleKey("rollout.guardrail.max_psi", 0.25, 0.0, 100.0,
      "Halt when the population stability index of the candidate's scores against production's on the same items "
          + "exceeds this (10 bins at production's deciles; 0.1 is a moderate shift, 0.25 a major one).");

  public static final ConfigKey<Double> MIN_AGREEMENT = ConfigKey.doubleKey("rollout.guardrail.min_agreement", 0.9, 0.0,
      1.0, "Halt when the share of items on which the candidate and production take the same decision at "
          + "rollout.guardrail.threshold (or, for label signals, give the same label) falls below this.");

  public static final ConfigKey<Double> THRESHOLD = ConfigKey.doubleKey("rollout.guardrail.threshold", 0.5, 0.0, 1.0,
      "The consumer's decision threshold on a probability signal (score >= threshold is positive), used by the "
          + "agreement guardrail.");

  public static final List<ConfigKey<?>> KEYS = List.of(SIGNALS, POLL_MS, SHADOW_FRACTION, PLAN_STEPS, PLAN_MIN_STEP_MS,
      PLAN_MIN_STEP_ITEMS, WINDOW_ITEMS, MIN_ITEMS, MAX_ERROR_RATE_INCREASE, MAX_LATENCY_P99_MS, MAX_PSI, MIN_AGREEMENT,
      THRESHOLD);

  /** The signal names of {@link #SIGNALS}. */
  public static List<String> signals(Config config) {
    return parseSignals(config.get(SIGNALS));
  }

  static List<String> parseSignals(String value) {
    List<String> out = new ArrayList<>();
    for (String part : value.split(",")) {
      String s = part.strip();
      if (s.isEmpty()) {
        continue;
      }
      if (!s.matches("[a-z][a-z0-9_]{0,63}")) {
        throw new IllegalArgumentException("'" + s + "' is not a signal name (lower case, e.g. spam; no @version: "
            + "the registry's production alias picks the version)");
      }
      if (out.contains(s)) {
        throw new IllegalArgumentException("signal '" + s + "' is listed twice");
      }
      out.add(s);
    }
    return out;
  }

  private static String checkSignals(String v) {
    try {
      parseSignals(v);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** The guardrail thresholds of {@code config}. */
  public static Guardrails guardrails(Config config) {
    return new Guardrails(config.get(WINDOW_ITEMS), config.get(MIN_ITEMS), config.get(MAX_ERROR_RATE_INCREASE),
        config.get(MAX_LATENCY_P99_MS), config.get(MAX_PSI), config.get(MIN_AGREEMENT), config.get(THRESHOLD));
  }
}
