package dev.prism.label.agreement;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PluralityTest {

  @Test
  void clearWinner() {
    assertThat(Plurality.of(new int[] {0, 4, 1}, 3)).isEqualTo(new Plurality(1, 4, false));
    assertThat(Plurality.of(new int[] {0, 4, 1}, 3).decided()).isTrue();
  }

  @Test
  void tiesAreReportedWithTheLowestTiedClass() {
    // 2-2-1: classes 0 and 1 tie; the third class's single vote does not matter
    assertThat(Plurality.of(new int[] {2, 2, 1}, 3)).isEqualTo(new Plurality(0, 2, true));
    // a later, higher count clears an earlier tie
    assertThat(Plurality.of(new int[] {1, 1, 3}, 3)).isEqualTo(new Plurality(2, 3, false));
    assertThat(Plurality.of(new int[] {1, 3, 3, 0}, 4).decided()).isFalse();
  }

  @Test
  void noVotesIsUnresolvedAndNotATie() {
    assertThat(Plurality.of(new int[] {0, 0}, 2)).isEqualTo(new Plurality(Agreement.UNRESOLVED, 0, false));
    assertThat(Plurality.of(new int[] {0, 0}, 2).decided()).isFalse();
  }

  @Test
  void onlyTheFirstKCountsAreRead() {
    assertThat(Plurality.of(new int[] {1, 0, 9}, 2)).isEqualTo(new Plurality(0, 1, false));
  }
}
