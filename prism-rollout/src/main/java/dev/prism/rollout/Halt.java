package dev.prism.rollout;

import java.time.Instant;

/**
 * A guardrail breach that took a candidate out of traffic. The traffic moved back in the same call
 * that detected the breach ({@code switchedNanos - detectedNanos} is that time); the controller
 * then records it (rollouts table, {@code rollout.halted} event).
 */
public record Halt(String signal, String rolloutId, LoadedVersion candidate, LoadedVersion production,
    GuardrailReport.Breach breach, GuardrailReport report, Instant detectedAt, long detectedNanos, long switchedNanos) {}
