package dev.prism.label.agreement;

import static dev.prism.label.agreement.Agreement.MISSING;
import static dev.prism.label.agreement.Agreement.UNRESOLVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AgreementTest {

  private static final int M = MISSING;

  /** Expands a 2×2 contingency table (yes=1, no=0) into two parallel rating arrays. */
  private static int[][] fromTable(int yesYes, int yesNo, int noYes, int noNo) {
    int n = yesYes + yesNo + noYes + noNo;
    int[] a = new int[n];
    int[] b = new int[n];
    int i = 0;
    for (int j = 0; j < yesYes; j++, i++) { a[i] = 1; b[i] = 1; }
    for (int j = 0; j < yesNo; j++, i++) { a[i] = 1; b[i] = 0; }
    for (int j = 0; j < noYes; j++, i++) { a[i] = 0; b[i] = 1; }
    for (int j = 0; j < noNo; j++, i++) { a[i] = 0; b[i] = 0; }
    return new int[][] {a, b};
  }

  @Test
  void cohenKappaWikipediaGrantProposalExample() {
    // Wikipedia "Cohen's kappa", simple example: 50 proposals, 20 yes/yes, 5 A-yes/B-no,
    // 10 A-no/B-yes, 15 no/no. p_o = 0.7, p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5, kappa = 0.4.
    int[][] t = fromTable(20, 5, 10, 15);
    assertThat(Agreement.cohenKappa(t[0], t[1])).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void cohenKappaWikipediaSameAgreementDifferentKappa() {
    // Wikipedia "Cohen's kappa", same 60 % agreement: kappa 0.1304 and 0.2593.
    int[][] t1 = fromTable(45, 15, 25, 15);
    assertThat(Agreement.cohenKappa(t1[0], t1[1])).isCloseTo(0.1304, within(5e-5));
    int[][] t2 = fromTable(25, 35, 5, 35);
    assertThat(Agreement.cohenKappa(t2[0], t2[1])).isCloseTo(0.2593, within(5e-5));
  }

  @Test
  void cohenKappaIsSymmetricAndHandlesManyClasses() {
    int[] a = {0, 1, 2, 2, 1, 0, 3};
    int[] b = {0, 1, 2, 1, 1, 0, 3};
    // Hand calculation: p_o = 6/7; marginals A = (2,2,2,1)/7, B = (2,3,1,1)/7,
    // p_e = (4 + 6 + 2 + 1) / 49 = 13/49; kappa = (6/7 - 13/49) / (1 - 13/49) = 29/36.
    assertThat(Agreement.cohenKappa(a, b)).isCloseTo(29.0 / 36.0, within(1e-12));
    assertThat(Agreement.cohenKappa(b, a)).isCloseTo(29.0 / 36.0, within(1e-12));
  }

  @Test
  void cohenKappaUndefinedWhenBothRatersUseOneClass() {
    assertThat(Agreement.cohenKappa(new int[] {1, 1, 1}, new int[] {1, 1, 1})).isNaN();
  }

  @Test
  void cohenKappaRejectsBadInput() {
    assertThatThrownBy(() -> Agreement.cohenKappa(new int[] {0, 1}, new int[] {0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rater A rated 2 items but rater B rated 1");
    assertThatThrownBy(() -> Agreement.cohenKappa(new int[] {0, -1}, new int[] {0, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rater A item 1 has class -1");
    assertThatThrownBy(() -> Agreement.cohenKappa(new int[0], new int[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no items");
  }

  @Test
  void fleissKappaWikipediaWorkedExample() {
    // Wikipedia "Fleiss' kappa", worked example: 14 raters, 10 subjects, 5 categories; kappa = 0.210.
    int[][] counts = {
      {0, 0, 0, 0, 14},
      {0, 2, 6, 4, 2},
      {0, 0, 3, 5, 6},
      {0, 3, 9, 2, 0},
      {2, 2, 8, 1, 1},
      {7, 7, 0, 0, 0},
      {3, 2, 6, 3, 0},
      {2, 5, 3, 2, 2},
      {6, 5, 2, 1, 0},
      {0, 2, 2, 3, 7},
    };
    assertThat(Agreement.fleissKappa(counts)).isCloseTo(0.210, within(5e-4));
  }

  @Test
  void fleissKappaRejectsUnequalRaterCounts() {
    assertThatThrownBy(() -> Agreement.fleissKappa(new int[][] {{1, 2}, {2, 2}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item 1 has 4 ratings but item 0 has 3");
    assertThatThrownBy(() -> Agreement.fleissKappa(new int[][] {{1, 0}, {0, 1}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2 raters");
    assertThatThrownBy(() -> Agreement.fleissKappa(new int[][] {{1, 1}, {0, 1, 1}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item 1 has 3 categories but item 0 has 2");
  }

  @Test
  void krippendorffAlphaNominalPaperExampleC() {
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", C: four observers,
    // 12 units, missing values, nominal alpha = 0.743. Values 1..5 as in the paper.
    int[][] r = {
      {1, 2, 3, 3, 2, 1, 4, 1, 2, M, M, M},
      {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, M, 3},
      {M, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, M},
      {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, M},
    };
    assertThat(Agreement.krippendorffAlphaNominal(r)).isCloseTo(0.743, within(5e-4));
  }

  @Test
  void krippendorffAlphaNominalPaperExampleA() {
    // Krippendorff (2011), A: two observers, binary data, ten units, alpha = 0.095.
    int[][] r = {
      {0, 1, 0, 0, 0, 0, 0, 0, 1, 0},
      {1, 1, 1, 0, 0, 1, 0, 0, 0, 0},
    };
    assertThat(Agreement.krippendorffAlphaNominal(r)).isCloseTo(0.095, within(5e-4));
  }

  @Test
  void krippendorffAlphaRejectsBadInput() {
    assertThatThrownBy(() -> Agreement.krippendorffAlphaNominal(new int[][] {{0, 1}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 1 raters, need at least 2");
    assertThatThrownBy(() -> Agreement.krippendorffAlphaNominal(new int[][] {{0, 1}, {0}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rater 1 has 1 items but rater 0 has 2");
    assertThatThrownBy(() -> Agreement.krippendorffAlphaNominal(new int[][] {{0, M}, {M, 1}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no item has ratings from at least 2 raters");
    assertThatThrownBy(() -> Agreement.krippendorffAlphaNominal(new int[][] {{0, -2}, {0, 1}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rater 0 item 1 has class -2");
  }

  @Test
  void goldPolicies() {
    int[][] r = {
      // items: 0 unanimous, 1 2-1, 2 tie 1-1 (one missing), 3 2-2-1, 4 none, 5 single rating
      {0, 1, 0, 0, M, 2},
      {0, 1, 1, 0, M, M},
      {0, 0, M, 1, M, M},
      {0, 1, M, 1, M, M},
      {0, M, M, 2, M, M},
    };
    assertThat(Agreement.gold(r, GoldPolicy.MAJORITY)).containsExactly(0, 1, UNRESOLVED, UNRESOLVED, UNRESOLVED, 2);
    assertThat(Agreement.gold(r, GoldPolicy.STRICT_MAJORITY))
        .containsExactly(0, 1, UNRESOLVED, UNRESOLVED, UNRESOLVED, 2);
    assertThat(Agreement.gold(r, GoldPolicy.UNANIMOUS))
        .containsExactly(0, UNRESOLVED, UNRESOLVED, UNRESOLVED, UNRESOLVED, UNRESOLVED);
    // 3 classes, plurality 2-1-1 of 4 resolves under MAJORITY but is not > half.
    int[][] p = {{0}, {0}, {1}, {2}};
    assertThat(Agreement.gold(p, GoldPolicy.MAJORITY)).containsExactly(0);
    assertThat(Agreement.gold(p, GoldPolicy.STRICT_MAJORITY)).containsExactly(UNRESOLVED);
  }

  @Test
  void goldRejectsBadInput() {
    assertThatThrownBy(() -> Agreement.gold(new int[][] {{0}}, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("policy must not be null");
    assertThatThrownBy(() -> Agreement.gold(new int[0][], GoldPolicy.MAJORITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("need at least 1");
  }
}
