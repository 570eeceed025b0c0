package dev.prism.rollout;

import java.time.Instant;

/**
 * One rollout as stored in the {@code rollout} table.
 *
 * @param id its id, also the salt of its canary draw
 * @param baselineVersion production when it started (what a halt leaves serving)
 * @param stepIndex the current step of {@code plan}
 * @param outcome why it ended (empty while running or paused)
 * @param guardrailsJson the guardrail values the server last reported
 */
public record Rollout(String id, String signal, int candidateVersion, int baselineVersion, State state, RolloutPlan plan,
    int stepIndex, Instant stepStartedAt, String outcome, String guardrailsJson, String createdBy, Instant createdAt,
    Instant updatedAt) {

  public enum State {
    RUNNING, PAUSED, HALTED, ABORTED, COMPLETED;

    public String db() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean active() {
      return this == RUNNING || this == PAUSED;
    }
  }

  /** The canary percentage of the current step (0 in shadow). */
  public double canaryPercent() {
    return plan.steps().get(stepIndex);
  }

  public String stepName() {
    return RolloutPlan.stepName(canaryPercent());
  }
}
