package dev.prism.learn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.prism.core.signal.SignalSpec;
import dev.prism.learn.HeadTrainer;
import dev.prism.learn.TrainingOptions;
import dev.prism.learn.calibrate.CalibrationMethod;
import dev.prism.learn.features.FeatureLayout;
import dev.prism.learn.features.InputSlot;
import dev.prism.learn.predict.HeadModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainingTest {
  private static final List<String> BINARY = List.of("neg", "pos");

  static FeatureLayout layout(int d) {
    return new FeatureLayout(List.of(new InputSlot.EmbeddingSlot(new SignalSpec("toy_embedding", 1), d)));
  }

  static TrainingData data(double[][] x, double[][] t) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      ids.add("i" + i);
    }
    return new TrainingData(ids, x, t);
  }

  /** Two interleaved classes: positive iff x0·x1 > 0 (XOR of the signs), not linearly separable. */
  static TrainingData xor(long seed, int n) {
    Random r = new Random(seed);
    double[][] x = new double[n][2];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = r.nextGaussian();
      x[i][1] = r.nextGaussian();
      y[i] = x[i][0] * x[i][1] > 0 ? 1 : 0;
    }
    return data(x, TrainingData.oneHot(y, 2));
  }

  static double accuracy(HeadModel m, TrainingData d) {
    int ok = 0;
    int[] y = d.argmaxTargets();
    for (int i = 0; i < d.size(); i++) {
      ok += MathUtil.argmax(m.probabilities(d.x()[i])) == y[i] ? 1 : 0;
    }
    return (double) ok / d.size();
  }

  @Test
  void logisticGradientMatchesFiniteDifferences() {
    Random r = new Random(1);
    int n = 20;
    int d = 4;
    int k = 3;
    double[][] z = new double[n][d];
    double[][] t = new double[n][k];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        z[i][j] = r.nextGaussian();
      }
      double a = r.nextDouble();
      double b = (1 - a) * r.nextDouble();
      t[i] = new double[] {a, b, 1 - a - b};
    }
    double[] params = new double[k * d + k];
    for (int p = 0; p < params.length; p++) {
      params[p] = 0.3 * r.nextGaussian();
    }
    double[] grad = new double[params.length];
    LogisticTrainer.objective(z, t, params, grad, d, k, 0.1);
    double h = 1e-6;
    for (int p = 0; p < params.length; p++) {
      double[] plus = params.clone();
      double[] minus = params.clone();
      plus[p] += h;
      minus[p] -= h;
      double num = (LogisticTrainer.objective(z, t, plus, new double[params.length], d, k, 0.1)
          - LogisticTrainer.objective(z, t, minus, new double[params.length], d, k, 0.1)) / (2 * h);
      assertThat(grad[p]).as("param %d", p).isCloseTo(num, within(1e-7));
    }
  }

  @Test
  void lbfgsSolvesAQuadratic() {
    // f(x) = ½ xᵀAx − bᵀx with A = MᵀM + I, b = A x*: minimum at x*
    Random r = new Random(2);
    int n = 6;
    double[][] m = new double[n][n];
    for (double[] row : m) {
      for (int j = 0; j < n; j++) {
        row[j] = r.nextGaussian();
      }
    }
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (int q = 0; q < n; q++) {
          a[i][j] += m[q][i] * m[q][j];
        }
      }
      a[i][i] += 1;
    }
    double[] xStar = {1, -2, 3, 0.5, -0.25, 4};
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = MathUtil.dot(a[i], xStar);
    }
    Lbfgs.Result res = new Lbfgs(5, 200, 1e-10).minimize((x, g) -> {
      double f = 0;
      for (int i = 0; i < n; i++) {
        double ax = MathUtil.dot(a[i], x);
        g[i] = ax - b[i];
        f += 0.5 * x[i] * ax - b[i] * x[i];
      }
      return f;
    }, new double[n]);
    assertThat(res.converged()).isTrue();
    for (int i = 0; i < n; i++) {
      assertThat(res.x()[i]).isCloseTo(xStar[i], within(1e-5));
    }
  }

  @Test
  void logisticOnExactSoftLabelsRecoversTheGeneratingWeights() {
    // targets are exactly sigmoid(w·x + b): with no regularisation the cross-entropy minimiser is w, b
    double[] w = {1.5, -2.0, 0.5};
    double bias = 0.3;
    Random r = new Random(3);
    int n = 400;
    double[][] x = new double[n][3];
    double[][] t = new double[n][2];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) {
        x[i][j] = r.nextGaussian();
      }
      double p = MathUtil.sigmoid(MathUtil.dot(w, x[i]) + bias);
      t[i] = new double[] {1 - p, p};
    }
    TrainingOptions opts = new TrainingOptions(new HeadConfig.Logistic(0, 1000, 1e-10), false, CalibrationMethod.NONE, BINARY);
    HeadModel m = new HeadTrainer(opts).train(layout(3), data(x, t), data(new double[0][], new double[0][])).model();
    LogisticHead h = (LogisticHead) m.head();
    for (int j = 0; j < 3; j++) {
      assertThat(h.weights()[1][j] - h.weights()[0][j]).isCloseTo(w[j], within(1e-4));
    }
    assertThat(h.bias()[1] - h.bias()[0]).isCloseTo(bias, within(1e-4));
  }

  @Test
  void softLabelsAreFittedAsTargetsNotAsTheirArgmax() {
    // soft targets p1 = 0.7 right of 0 and 0.2 left of it. The unpenalised bias makes the fitted
    // mean probability equal the mean target exactly (the bias's score equation) — 0.45, not the
    // 0.5 that training on the argmax labels gives — and far-out items stay less extreme.
    Random r = new Random(4);
    int n = 200;
    double[][] x = new double[n][1];
    double[][] soft = new double[n][];
    int[] hard = new int[n];
    double meanTarget = 0;
    double meanHard = 0;
    for (int i = 0; i < n; i++) {
      x[i][0] = r.nextGaussian();
      hard[i] = x[i][0] > 0 ? 1 : 0;
      soft[i] = hard[i] == 1 ? new double[] {0.3, 0.7} : new double[] {0.8, 0.2};
      meanTarget += soft[i][1] / n;
      meanHard += (double) hard[i] / n;
    }
    TrainingOptions opts = new TrainingOptions(new HeadConfig.Logistic(1e-3, 1000, 1e-9), true, CalibrationMethod.NONE, BINARY);
    HeadTrainer tr = new HeadTrainer(opts);
    TrainingData empty = data(new double[0][], new double[0][]);
    HeadModel ms = tr.train(layout(1), data(x, soft), empty).model();
    HeadModel mh = tr.train(layout(1), data(x, TrainingData.oneHot(hard, 2)), empty).model();
    double meanSoftPred = 0;
    double meanHardPred = 0;
    for (int i = 0; i < n; i++) {
      meanSoftPred += ms.probabilities(x[i])[1] / n;
      meanHardPred += mh.probabilities(x[i])[1] / n;
    }
    assertThat(meanSoftPred).isCloseTo(meanTarget, within(1e-6));
    assertThat(meanHardPred).isCloseTo(meanHard, within(1e-6));
    assertThat(Math.abs(meanTarget - meanHard)).isGreaterThan(0.03);
    assertThat(ms.probabilities(new double[] {3})[1]).isLessThan(mh.probabilities(new double[] {3})[1] - 0.05);
  }

  @Test
  void standardizerIsFittedOnTrainOnly() {
    TrainingData train = data(new double[][] {{0}, {2}, {4}}, TrainingData.oneHot(new int[] {0, 1, 1}, 2));
    TrainingData valid = data(new double[][] {{100}, {-100}}, TrainingData.oneHot(new int[] {1, 0}, 2));
    HeadModel m = new HeadTrainer(new TrainingOptions(HeadConfig.Logistic.defaults(), true, CalibrationMethod.PLATT, BINARY))
        .train(layout(1), train, valid).model();
    assertThat(m.standardizer().mean()[0]).isEqualTo(2.0);
    assertThat(m.standardizer().scale()[0]).isCloseTo(Math.sqrt(8.0 / 3), within(1e-12));
  }

  @Test
  void mlpLearnsXorWhereLogisticCannot() {
    TrainingData train = xor(5, 800);
    TrainingData valid = xor(6, 200);
    TrainingData test = xor(7, 400);
    HeadModel lin = new HeadTrainer(new TrainingOptions(HeadConfig.Logistic.defaults(), true, CalibrationMethod.NONE, BINARY))
        .train(layout(2), train, valid).model();
    HeadConfig.Mlp cfg = new HeadConfig.Mlp(16, 0.01, 32, 300, 15, 1e-4, 42);
    HeadTrainer.Result mlp = new HeadTrainer(new TrainingOptions(cfg, true, CalibrationMethod.NONE, BINARY)).train(layout(2), train, valid);
    assertThat(accuracy(lin, test)).isLessThan(0.7);
    assertThat(accuracy(mlp.model(), test)).isGreaterThan(0.93);
    assertThat(mlp.log().bestEpoch()).isLessThanOrEqualTo(mlp.log().iterations());
  }

  /** Soft targets p1 = sigmoid(3·x0·x1): a smooth, non-linear label model output. */
  static TrainingData softProduct(long seed, int n) {
    Random r = new Random(seed);
    double[][] x = new double[n][2];
    double[][] t = new double[n][];
    for (int i = 0; i < n; i++) {
      x[i][0] = r.nextGaussian();
      x[i][1] = r.nextGaussian();
      double p = MathUtil.sigmoid(3 * x[i][0] * x[i][1]);
      t[i] = new double[] {1 - p, p};
    }
    return data(x, t);
  }

  static double meanAbsError(HeadModel m, TrainingData d) {
    double e = 0;
    for (int i = 0; i < d.size(); i++) {
      e += Math.abs(m.probabilities(d.x()[i])[1] - d.targets()[i][1]);
    }
    return e / d.size();
  }

  @Test
  void mlpFitsSoftLabelsOfANonLinearFunction() {
    TrainingData train = softProduct(12, 1000);
    TrainingData valid = softProduct(13, 200);
    TrainingData test = softProduct(14, 500);
    HeadModel mlp = new HeadTrainer(new TrainingOptions(new HeadConfig.Mlp(16, 0.01, 32, 300, 15, 0, 7), true, CalibrationMethod.NONE, BINARY))
        .train(layout(2), train, valid).model();
    HeadModel lin = new HeadTrainer(new TrainingOptions(HeadConfig.Logistic.defaults(), true, CalibrationMethod.NONE, BINARY))
        .train(layout(2), train, valid).model();
    double mlpErr = meanAbsError(mlp, test);
    double linErr = meanAbsError(lin, test);
    System.out.printf("soft non-linear targets: mean |p - target| mlp %.4f, logistic %.4f%n", mlpErr, linErr);
    assertThat(mlpErr).isLessThan(0.03);
    assertThat(linErr).isGreaterThan(0.2);
  }

  @Test
  void mlpIsReproducibleForASeedAndDiffersAcrossSeeds() {
    TrainingData train = xor(8, 300);
    TrainingData valid = xor(9, 100);
    HeadConfig.Mlp cfg = new HeadConfig.Mlp(8, 0.01, 32, 20, 5, 1e-4, 123);
    TrainingOptions o = new TrainingOptions(cfg, true, CalibrationMethod.NONE, BINARY);
    Head a = new HeadTrainer(o).train(layout(2), train, valid).model().head();
    Head b = new HeadTrainer(o).train(layout(2), train, valid).model().head();
    Head c = new HeadTrainer(new TrainingOptions(cfg.withSeed(124), true, CalibrationMethod.NONE, BINARY))
        .train(layout(2), train, valid).model().head();
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void mlpEarlyStopsOnValidationLoss() {
    // labels are pure noise: validation loss stops improving quickly
    Random r = new Random(10);
    int n = 300;
    double[][] x = new double[n][5];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 5; j++) {
        x[i][j] = r.nextGaussian();
      }
      y[i] = r.nextInt(2);
    }
    TrainingData all = data(x, TrainingData.oneHot(y, 2));
    int[] tr = java.util.stream.IntStream.range(0, 200).toArray();
    int[] va = java.util.stream.IntStream.range(200, 300).toArray();
    HeadConfig.Mlp cfg = new HeadConfig.Mlp(32, 0.01, 16, 500, 5, 0, 1);
    HeadTrainer.Result res = new HeadTrainer(new TrainingOptions(cfg, true, CalibrationMethod.NONE, BINARY))
        .train(layout(5), all.subset(tr), all.subset(va));
    assertThat(res.log().iterations()).isLessThan(100);
    assertThat(res.log().iterations() - res.log().bestEpoch()).isEqualTo(5);
    assertThat(res.log().stopReason()).contains("did not improve");
  }

  @Test
  void multiclassLogistic() {
    Random r = new Random(11);
    int n = 600;
    double[][] x = new double[n][2];
    int[] y = new int[n];
    double[][] centers = {{0, 3}, {3, -2}, {-3, -2}};
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
      x[i][0] = centers[y[i]][0] + r.nextGaussian();
      x[i][1] = centers[y[i]][1] + r.nextGaussian();
    }
    TrainingData d = data(x, TrainingData.oneHot(y, 3));
    HeadModel m = new HeadTrainer(new TrainingOptions(HeadConfig.Logistic.defaults(), true, CalibrationMethod.ISOTONIC, List.of("a", "b", "c")))
        .train(layout(2), d.subset(java.util.stream.IntStream.range(0, 400).toArray()),
            d.subset(java.util.stream.IntStream.range(400, 600).toArray())).model();
    assertThat(accuracy(m, d)).isGreaterThan(0.95);
  }

  @Test
  void trainingDataRejectsBadTargets() {
    assertThatThrownBy(() -> data(new double[][] {{1}}, new double[][] {{0.5, 0.6}}))
        .hasMessageContaining("item i0 target probabilities sum to 1.1");
    assertThatThrownBy(() -> TrainingData.oneHot(new int[] {2}, 2)).hasMessageContaining("label 2 at row 0");
  }
}
