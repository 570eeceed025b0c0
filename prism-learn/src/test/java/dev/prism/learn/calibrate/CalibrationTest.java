package dev.prism.learn.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.prism.learn.model.MathUtil;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {

  @Test
  void pavByHand() {
    // classic example y = 1,3,2,4,3.5 (scaled by 1/4): fit 1, 2.5, 2.5, 3.75, 3.75
    Calibrator.Isotonic iso = IsotonicRegression.fit(new double[] {1, 2, 3, 4, 5}, new double[] {0.25, 0.75, 0.5, 1.0, 0.875});
    assertThat(iso.x()).containsExactly(1, 2, 3, 4, 5);
    assertThat(iso.y()).containsExactly(0.25, 0.625, 0.625, 0.9375, 0.9375);
    assertThat(iso.apply(3.5)).isCloseTo(0.78125, within(1e-12)); // halfway between blocks
    assertThat(iso.apply(0)).isEqualTo(0.25); // clipped
    assertThat(iso.apply(9)).isEqualTo(0.9375);
  }

  @Test
  void tiedInputsAreMergedBeforePooling() {
    Calibrator.Isotonic iso = IsotonicRegression.fit(new double[] {0.2, 0.5, 0.2}, new double[] {0, 0, 1});
    // (0.2 → mean 0.5, weight 2) then (0.5 → 0) violates: pooled (0 + 1 + 0) / 3
    assertThat(iso.x()).containsExactly(0.2, 0.5);
    assertThat(iso.y()[0]).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(iso.y()[1]).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void pavEqualsTheMaxMinFormulaOnRandomData() {
    // independent reference: for distinct x, the isotonic fit at i is max_{j<=i} min_{k>=i} mean(y_j..y_k)
    Random r = new Random(17);
    int n = 60;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = r.nextDouble() < 0.3 + 0.4 * i / n ? 1 : 0;
    }
    Calibrator.Isotonic iso = IsotonicRegression.fit(x, y);
    for (int i = 0; i < n; i++) {
      double best = Double.NEGATIVE_INFINITY;
      for (int j = 0; j <= i; j++) {
        double worst = Double.POSITIVE_INFINITY;
        double sum = 0;
        for (int k = j; k < n; k++) {
          sum += y[k];
          if (k >= i) {
            worst = Math.min(worst, sum / (k - j + 1));
          }
        }
        best = Math.max(best, worst);
      }
      assertThat(iso.apply(x[i])).as("x=%d", i).isCloseTo(best, within(1e-12));
    }
  }

  @Test
  void plattRecoversExactSoftTargets() {
    Random r = new Random(5);
    int n = 500;
    double[] p = new double[n];
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      double s = -4 + 8 * r.nextDouble();
      p[i] = MathUtil.sigmoid(s);
      t[i] = MathUtil.sigmoid(0.5 * s - 0.7); // soft targets: no prior correction
    }
    Calibrator.Platt c = PlattScaling.fit(p, t);
    assertThat(c.a()).isCloseTo(0.5, within(1e-6));
    assertThat(c.b()).isCloseTo(-0.7, within(1e-6));
  }

  @Test
  void plattRecoversParametersFromSampledLabels() {
    Random r = new Random(6);
    int n = 20000;
    double[] p = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = -4 + 8 * r.nextDouble();
      p[i] = MathUtil.sigmoid(s);
      y[i] = r.nextDouble() < MathUtil.sigmoid(2.0 * s + 0.5) ? 1 : 0;
    }
    Calibrator.Platt c = PlattScaling.fit(p, y);
    assertThat(c.a()).isCloseTo(2.0, within(0.1));
    assertThat(c.b()).isCloseTo(0.5, within(0.1));
  }

  @Test
  void plattPriorCorrectionValues() {
    double[] t = PlattScaling.priorCorrected(new double[] {1, 1, 1, 0});
    assertThat(t[0]).isEqualTo(4.0 / 5.0); // (N+ + 1) / (N+ + 2)
    assertThat(t[3]).isEqualTo(1.0 / 3.0); // 1 / (N- + 2)
    assertThat(PlattScaling.priorCorrected(new double[] {0.3, 1})).containsExactly(0.3, 1);
  }

  @Test
  void plattOnSeparableDataStaysFinite() {
    Calibrator.Platt c = PlattScaling.fit(new double[] {0.1, 0.2, 0.8, 0.9}, new double[] {0, 0, 1, 1});
    assertThat(Double.isFinite(c.a()) && Double.isFinite(c.b())).isTrue();
    assertThat(c.apply(0.9)).isLessThan(1.0).isGreaterThan(0.5);
  }

  @Test
  void multiclassCalibrationRenormalises() {
    double[][] probs = {{0.7, 0.2, 0.1}, {0.1, 0.8, 0.1}, {0.2, 0.2, 0.6}, {0.5, 0.3, 0.2}, {0.3, 0.3, 0.4}};
    double[][] targets = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 1, 0}, {1, 0, 0}};
    Calibration cal = Calibration.fit(CalibrationMethod.ISOTONIC, probs, targets);
    assertThat(cal.perClass()).hasSize(3);
    double[] q = cal.apply(new double[] {0.4, 0.4, 0.2});
    assertThat(q[0] + q[1] + q[2]).isCloseTo(1.0, within(1e-12));
    Calibration bin = Calibration.fit(CalibrationMethod.PLATT, new double[][] {{0.8, 0.2}, {0.3, 0.7}}, new double[][] {{1, 0}, {0, 1}});
    assertThat(bin.perClass()).hasSize(1);
    double[] b = bin.apply(new double[] {0.4, 0.6});
    assertThat(b[0] + b[1]).isEqualTo(1.0);
  }

  @Test
  void isotonicRejectsDecreasingKnots() {
    assertThatThrownBy(() -> new Calibrator.Isotonic(new double[] {0.1, 0.2}, new double[] {0.5, 0.4}))
        .hasMessageContaining("non-decreasing").hasMessageContaining("y[1]=0.4");
  }
}
