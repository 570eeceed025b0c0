package dev.prism.label.matrix;

import static dev.prism.label.matrix.LabelMatrix.ABSTAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelMatrixTest {

  private static final int A = ABSTAIN;

  @Test
  void storesOnlyVotesAndRoundTrips() {
    int[][] dense = {{A, 1, 0}, {A, A, A}, {2, A, 2}};
    LabelMatrix l = LabelMatrix.ofDense(dense, 3, 3);
    assertThat(l.nonAbstainCount()).isEqualTo(4);
    for (int i = 0; i < 3; i++) {
      assertThat(l.row(i)).containsExactly(dense[i]);
    }
    assertThat(l.column(2)).containsExactly(0, A, 2);
    assertThat(l.get(2, 0)).isEqualTo(2);
    assertThat(l.selectColumns(new int[] {2, 0}).row(2)).containsExactly(2, 2);
  }

  @Test
  void rejectsBadVotesWithRowAndLf() {
    assertThatThrownBy(() -> LabelMatrix.ofDense(new int[][] {{0, 1}, {0, 2}}, 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 1 labeling function 1 votes 2");
    assertThatThrownBy(() -> LabelMatrix.ofDense(new int[][] {{0, 1}, {0}}, 2, 2))
        .hasMessageContaining("row 1 has 1 labeling-function votes, expected 2");
    assertThatThrownBy(() -> new LabelMatrix.Builder(40_000, 2, 1))
        .hasMessageContaining("exceeds the supported");
  }
}
