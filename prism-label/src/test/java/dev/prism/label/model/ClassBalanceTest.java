package dev.prism.label.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.prism.label.synth.SyntheticLabels;
import org.junit.jupiter.api.Test;

class ClassBalanceTest {

  @Test
  void smoothedFrequenciesByHand() {
    // counts 2, 1, 0 of n = 3 labelled (the -1 is skipped), k = 3: (2+1)/6, (1+1)/6, (0+1)/6
    ClassBalance.Given g = ClassBalance.smoothedFrequencies(new int[] {0, 0, 1, -1}, 3);
    assertThat(g.p()).containsExactly(new double[] {3.0 / 6, 2.0 / 6, 1.0 / 6}, within(1e-15));
    // no labels at all: uniform
    assertThat(ClassBalance.smoothedFrequencies(new int[] {-1, -1}, 2).p()).containsExactly(new double[] {0.5, 0.5}, within(1e-15));
    assertThatThrownBy(() -> ClassBalance.smoothedFrequencies(new int[] {0, 2}, 2))
        .hasMessage("label 2 at position 1 is not a class index below k=2");
  }

  @Test
  void recoveryNamesTheWorstEstimatedLf() {
    SyntheticLabels s = SyntheticLabels.generate(100, 5, 2, 7);
    double[] est = s.accuracy().clone();
    est[1] += 0.02;
    est[3] -= 0.07;
    SyntheticLabels.Recovery r = s.recovery(est);
    assertThat(r.worstLf()).isEqualTo(3);
    assertThat(r.maxError()).isCloseTo(0.07, within(1e-12));
    assertThat(s.recovery(s.accuracy().clone())).isEqualTo(new SyntheticLabels.Recovery(-1, 0));
    est[4] = Double.NaN; // an LF the model could not estimate is the worst
    assertThat(s.recovery(est)).isEqualTo(new SyntheticLabels.Recovery(4, Double.POSITIVE_INFINITY));
  }
}
