package dev.prism.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Guardrail values against hand calculation. */
class GuardrailWindowTest {
  private static final Guardrails LIMITS = new Guardrails(10, 4, 0.1, 5.0, 10.0, 0.7, 0.5);

  private static void rec(GuardrailWindow w, double p, double c) {
    w.record(p, p >= 0.5 ? "positive" : "negative", c, Double.isNaN(c) ? null : c >= 0.5 ? "positive" : "negative");
  }

  @Test
  void errorRateIncreaseIsJudgedFirstAndOnlyOnceTheWindowHoldsMinItems() {
    GuardrailWindow w = new GuardrailWindow(LIMITS);
    rec(w, 0.9, 0.8); // agree
    rec(w, 0.2, 0.3); // agree
    rec(w, 0.6, 0.4); // disagree
    GuardrailReport three = w.evaluate();
    assertThat(three.judged()).isFalse();
    assertThat(three.breach()).isEmpty();
    assertThat(three.agreement()).isCloseTo(2.0 / 3, within(1e-12));
    rec(w, 0.1, Double.NaN); // the candidate failed
    GuardrailReport r = w.evaluate();
    assertThat(r.items()).isEqualTo(4);
    assertThat(r.candidateErrorRate()).isEqualTo(0.25);
    assertThat(r.productionErrorRate()).isEqualTo(0.0);
    assertThat(r.agreement()).isCloseTo(2.0 / 3, within(1e-12)); // of the 3 both scored
    assertThat(r.breach()).get().satisfies(b -> {
      assertThat(b.guardrail()).isEqualTo(Guardrails.ERROR_RATE);
      assertThat(b.value()).isEqualTo(0.25);
      assertThat(b.describe()).isEqualTo("error_rate 0.2500 above the maximum 0.1000 (by 0.1500) over 4 items");
    });
  }

  @Test
  void disagreementBreachesAndTheWindowSlides() {
    GuardrailWindow w = new GuardrailWindow(LIMITS);
    for (int i = 0; i < 10; i++) {
      rec(w, 0.9, 0.1); // every decision flipped
    }
    assertThat(w.evaluate().breach()).get().extracting(GuardrailReport.Breach::guardrail).isEqualTo(Guardrails.AGREEMENT);
    for (int i = 0; i < 8; i++) {
      rec(w, 0.9, 0.8); // 8 agreeing items push 8 of the 10 flipped ones out
    }
    GuardrailReport r = w.evaluate();
    assertThat(r.items()).isEqualTo(10);
    assertThat(w.recorded()).isEqualTo(18);
    assertThat(r.agreement()).isCloseTo(0.8, within(1e-12));
    assertThat(r.breach()).isEmpty();
  }

  @Test
  void latencyP99InterpolatesLikeNumpyAndIdenticalScoresHaveNoShift() {
    GuardrailWindow w = new GuardrailWindow(LIMITS);
    for (int i = 0; i < 4; i++) {
      rec(w, 0.1 * (i + 1), 0.1 * (i + 1));
    }
    for (int ms = 1; ms <= 100; ms++) {
      w.recordLatency(ms);
    }
    GuardrailReport r = w.evaluate();
    assertThat(r.psi()).isEqualTo(0.0);
    // numpy.quantile(range(1, 101), 0.99) = 99.01
    assertThat(r.latencyP99Ms()).isCloseTo(99.01, within(1e-9));
    assertThat(r.breach()).get().extracting(GuardrailReport.Breach::guardrail).isEqualTo(Guardrails.LATENCY_P99);
  }
}
