package dev.prism.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prism.core.stats.ChiSquared;
import dev.prism.core.stats.ChiSquaredResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The canary's salted-hash draw over 100k item ids (issue 10's sample-ratio-mismatch proof). */
class AssignmentTest {
  private static final int N = 100_000;

  @ParameterizedTest
  @ValueSource(doubles = {1, 10, 50})
  void canaryShareMatchesThePercentageInASampleRatioMismatchTest(double percent) {
    long canary = 0;
    for (int i = 0; i < N; i++) {
      if (Assignment.canary("ro-srm-test", "item-" + i, percent)) {
        canary++;
      }
    }
    ChiSquaredResult srm = ChiSquared.goodnessOfFit(new long[] {canary, N - canary},
        new double[] {percent / 100, 1 - percent / 100});
    System.out.printf("canary %.0f%%: %d of %d ids (%.3f%%), SRM chi2 = %.3f, p = %.4f%n", percent, canary, N,
        100.0 * canary / N, srm.statistic(), srm.pValue());
    assertThat(srm.pValue()).as("SRM p-value at %s%% (%d canary ids)", percent, canary).isGreaterThan(0.001);
  }

  /** The p-value logic the SRM test relies on, against scipy.stats.chi2.sf(1.6, 1) = 0.2059032107320684. */
  @Test
  void srmPValueMatchesScipyOnAHandComputedTable() {
    // 10120 of 100000 against 10 %: chi2 = 120^2/10000 + 120^2/90000 = 1.44 + 0.16 = 1.6
    ChiSquaredResult r = ChiSquared.goodnessOfFit(new long[] {10_120, 89_880}, new double[] {0.1, 0.9});
    assertThat(r.statistic()).isCloseTo(1.6, within(1e-9));
    assertThat(r.pValue()).isCloseTo(0.2059032107320684, within(1e-9));
  }

  @Test
  void anItemKeepsItsVersionAsThePercentageGrowsAndAnotherRolloutDrawsAfresh() {
    int overlap = 0;
    for (int i = 0; i < N; i++) {
      String id = "item-" + i;
      boolean one = Assignment.canary("ro-a", id, 1);
      assertThat(Assignment.canary("ro-a", id, 1)).isEqualTo(one); // stable
      if (one) {
        assertThat(Assignment.canary("ro-a", id, 10)).as("1%% item %s stays in the 10%%", id).isTrue();
      }
      if (Assignment.canary("ro-a", id, 10) && Assignment.canary("ro-b", id, 10)) {
        overlap++;
      }
    }
    // independent draws: 10 % of 10 % = 1000 expected, sd = sqrt(100000 * 0.01 * 0.99) = 31.5; 4 sd
    assertThat(overlap).isBetween(874, 1126);
    assertThat(Assignment.canary("ro-a", "x", 0)).isFalse();
    assertThat(Assignment.canary("ro-a", "x", 100)).isTrue();
  }
}
