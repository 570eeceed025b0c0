package dev.prism.spark.neardup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LshPlanTest {
  @Test
  void bitSamplingProbabilitiesByHand() {
    LshPlan.Metric h = LshPlan.Metric.HAMMING64;
    assertThat(h.bandProbability(0, 20)).isEqualTo(1.0);
    assertThat(h.bandProbability(1, 1)).isCloseTo(63 / 64.0, within(1e-15));
    // two positions without replacement, 32 differing bits: 32/64 * 31/63
    assertThat(h.bandProbability(32, 2)).isCloseTo(32 / 64.0 * 31 / 63.0, within(1e-15));
    assertThat(h.bandProbability(60, 5)).isZero(); // only 4 agreeing bits: 5 cannot all agree
    // S-curve with b = 2, r = 1 at d = 32: 1 - (1 - 1/2)^2
    assertThat(new LshPlan(h, 2, 1, 8).candidateProbability(32)).isCloseTo(0.75, within(1e-15));
  }

  @Test
  void hyperplaneProbabilityIsOneMinusAngleOverPi() {
    // cosine 0 (distance 1): angle pi/2, one hyperplane separates with probability 1/2
    assertThat(LshPlan.Metric.COSINE.bandProbability(1.0, 1)).isCloseTo(0.5, within(1e-12));
    // cosine 0.5 (distance 0.5): angle pi/3, p = 2/3, three rows: 8/27
    assertThat(LshPlan.Metric.COSINE.bandProbability(0.5, 3)).isCloseTo(8 / 27.0, within(1e-12));
  }

  @Test
  void chosenPlanReachesTheRecallWithinTheBudget() {
    LshPlan p = LshPlan.choose(LshPlan.Metric.HAMMING64, 8, 0.9, 1_000_000, 20, 0);
    assertThat(p.recallAtThreshold()).isGreaterThanOrEqualTo(0.9);
    assertThat(p.backgroundCandidatesPerItem(1_000_000, 0)).isLessThanOrEqualTo(20);
    // minimal: one band fewer misses the recall
    LshPlan fewer = new LshPlan(LshPlan.Metric.HAMMING64, p.bands() - 1, p.rows(), 8);
    assertThat(fewer.recallAtThreshold()).isLessThan(0.9);
    // the background model: Binomial(64, 1/2) distances; with b = 1, r = 1 a random pair collides with probability 1/2
    assertThat(new LshPlan(LshPlan.Metric.HAMMING64, 1, 1, 8).backgroundCandidatesPerItem(3, 0)).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void refusesImpossibleSettings() {
    assertThatThrownBy(() -> new LshPlan(LshPlan.Metric.HAMMING64, 0, 4, 8)).hasMessageContaining("bands");
    assertThatThrownBy(() -> new LshPlan(LshPlan.Metric.HAMMING64, 4, 4, 8.5)).hasMessageContaining("integer");
    assertThatThrownBy(() -> new LshPlan(LshPlan.Metric.COSINE, 4, 4, 2.5)).hasMessageContaining("[0, 2)");
  }

  @Test
  void bandKeysReadTheSampledBits() {
    BandKeys.BitSampling k = new BandKeys.BitSampling(3, 5, 7);
    for (int b = 0; b < 3; b++) {
      int[] pos = k.positions(b);
      assertThat(pos).hasSize(5).doesNotHaveDuplicates();
      long h = 0;
      for (int p : pos) {
        h |= 1L << p;
      }
      // all sampled bits set: the key's low 5 bits are 11111, its band in the high bits
      assertThat(k.key(h, b) & 31).isEqualTo(31);
      assertThat(BandKeys.band(k.key(h, b))).isEqualTo(b);
      assertThat(k.key(~h, b) & 31).isZero();
    }
  }
}
