package dev.prism.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts requests and connections the server refused, by HTTP status and reason
 * ({@code prism_refusals_total{status="413",reason="too-large"}}); status {@code 0} is a
 * connection closed without an answer (the header deadline). Reasons are the problem types'
 * last segments, so a dashboard and a client's problem+json agree.
 */
final class Refusals {
  private final MeterRegistry registry;

  Refusals(MeterRegistry registry) {
    this.registry = registry;
  }

  void count(int status, String reason) {
    Counter.builder("prism.refusals").description("Requests or connections refused, by status (0: closed unanswered) and reason")
        .tag("status", Integer.toString(status)).tag("reason", reason).register(registry).increment();
  }

  /** Counts a problem answer when its status is a refusal (4xx limits, 401/403, 503). */
  void count(Problem p) {
    int s = p.status();
    if (s == 401 || s == 403 || s == 408 || s == 413 || s == 415 || s == 429 || s == 503) {
      count(s, p.reason());
    }
  }
}
