package dev.prism.models.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LanguageCalibrationTest {

  @Test
  void probabilityMatchesAHandCalculation() {
    LanguageCalibration c = new LanguageCalibration(1, 2, 0.5, 0.25);
    // one letter: ln 1 = 0, z = 1 + 2 * 0.5 = 2, sigmoid(2) = 0.8807970779778823 (Python math)
    assertThat(c.probability(0.5, 1)).isCloseTo(0.8807970779778823, offset(1e-15));
    // 100 letters: z = 2 + 0.5 ln 100 + 0.25 * 0.5 ln 100 = 4.878231366242558, sigmoid = 0.9924470194215538
    assertThat(c.probability(0.5, 100)).isCloseTo(0.9924470194215538, offset(1e-15));
  }

  @Test
  void fitRecoversTheParametersThatGeneratedTheData() {
    // Outcomes drawn (seeded) from a known logistic model: the maximum-likelihood fit must land
    // near the generating coefficients. With 100,000 points their standard errors are below 0.1.
    LanguageCalibration truth = new LanguageCalibration(-2.0, 7.0, 0.6, 6.5);
    Random rnd = new Random(7);
    List<LanguageCalibration.Point> pts = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      double m = rnd.nextDouble() * 0.6;
      int letters = 1 + rnd.nextInt(150);
      pts.add(new LanguageCalibration.Point(m, letters, rnd.nextDouble() < truth.probability(m, letters)));
    }
    LanguageCalibration fit = LanguageCalibration.fit(pts);
    assertThat(fit.intercept()).isCloseTo(truth.intercept(), offset(0.25));
    assertThat(fit.margin()).isCloseTo(truth.margin(), offset(0.5));
    assertThat(fit.logLetters()).isCloseTo(truth.logLetters(), offset(0.15));
    assertThat(fit.marginLogLetters()).isCloseTo(truth.marginLogLetters(), offset(0.5));
    // and the same points give the same coefficients (no hidden randomness)
    assertThat(LanguageCalibration.fit(pts)).isEqualTo(fit);
  }

  @Test
  void solveMatchesAHandSolution() {
    // 2x + y = 5, x + 3y = 10  ->  x = 1, y = 3
    double[] x = LanguageCalibration.solve(new double[][] {{2, 1}, {1, 3}}, new double[] {5, 10});
    assertThat(x[0]).isCloseTo(1.0, offset(1e-12));
    assertThat(x[1]).isCloseTo(3.0, offset(1e-12));
  }

  @Test
  void thresholdMaximisesRightMinusWrong() {
    // identity-like map: with these coefficients probability(m, 1) = sigmoid(20 m - 10), so m = 0.5
    // is p = 0.5. Points: two wrong at low p, three right at high p, one wrong at p ~ 0.73.
    LanguageCalibration c = new LanguageCalibration(-10, 20, 0, 0);
    List<LanguageCalibration.Point> pts = List.of(
        new LanguageCalibration.Point(0.30, 1, false),   // p = 0.018
        new LanguageCalibration.Point(0.40, 1, false),   // p = 0.119
        new LanguageCalibration.Point(0.55, 1, false),   // p = 0.731
        new LanguageCalibration.Point(0.60, 1, true),    // p = 0.881
        new LanguageCalibration.Point(0.70, 1, true),    // p = 0.982
        new LanguageCalibration.Point(0.80, 1, true));   // p = 0.998
    // Keeping everything scores 3 - 3 = 0; dropping the two lowest scores 3 - 1 = 2; dropping the
    // 0.731 one too scores 3, the best; the smallest grid point that does that is 0.74.
    assertThat(c.chooseThreshold(pts)).isEqualTo(0.74);
  }

  @Test
  void badInputIsRejectedWithAReason() {
    assertThatThrownBy(() -> new LanguageCalibration.Point(1.5, 3, true)).hasMessageContaining("margin must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> new LanguageCalibration.Point(0.5, 0, true)).hasMessageContaining("letters must be >= 1, got 0");
    assertThatThrownBy(() -> new LanguageCalibration(Double.NaN, 0, 0, 0)).hasMessageContaining("must be finite");
    assertThatThrownBy(() -> LanguageCalibration.fit(List.of())).hasMessageContaining("no points");
  }
}
