package dev.prism.rollout;

/**
 * What a {@link RoutedSignalNode} does with a batch: one immutable snapshot, read once per batch, so
 * a batch that started on a version finishes on it while a swap happens beside it.
 *
 * @param candidate null when only production serves
 * @param rolloutId the running rollout (the canary's salt and the guardrails' owner), or null for a
 *     plain {@code shadow} alias, which is compared and logged but never halted
 * @param canaryPercent share of items (0..100) answered by the candidate
 * @param shadowFraction share of items (0..1) the candidate also scores without answering them
 * @param window the guardrail window of this candidate, or null without a candidate
 */
public record Routing(LoadedVersion production, LoadedVersion candidate, String rolloutId, double canaryPercent,
    double shadowFraction, GuardrailWindow window) {

  public static Routing productionOnly(LoadedVersion production) {
    return new Routing(production, null, null, 0, 0, null);
  }

  /** The salt of the candidate's draws: the rollout id, or the shadow version's ref. */
  String salt() {
    return rolloutId != null ? rolloutId : candidate == null ? "" : "shadow:" + candidate.ref();
  }
}
