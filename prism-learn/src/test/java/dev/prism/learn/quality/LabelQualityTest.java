package dev.prism.learn.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prism.core.signal.SignalSpec;
import dev.prism.learn.TrainingOptions;
import dev.prism.learn.calibrate.CalibrationMethod;
import dev.prism.learn.features.FeatureLayout;
import dev.prism.learn.features.InputSlot;
import dev.prism.learn.model.HeadConfig;
import dev.prism.learn.model.TrainingData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelQualityTest {

  @Test
  void confidentJointByHand() {
    int[] given = {0, 0, 1, 1};
    double[][] p = {{0.9, 0.1}, {0.2, 0.8}, {0.3, 0.7}, {0.6, 0.4}};
    ConfidentLearning.Result r = ConfidentLearning.find(List.of("a", "b", "c", "d"), given, p, ConfidentLearning.Ranking.SELF_CONFIDENCE);
    // t0 = mean(0.9, 0.2) = 0.55, t1 = mean(0.7, 0.4) = 0.55
    assertThat(r.thresholds()[0]).isCloseTo(0.55, within(1e-12));
    assertThat(r.thresholds()[1]).isCloseTo(0.55, within(1e-12));
    assertThat(r.confidentJoint()).isEqualTo(new long[][] {{1, 1}, {1, 1}});
    assertThat(r.issues()).extracting(ConfidentLearning.LabelIssue::id).containsExactly("b", "d");
    assertThat(r.issues().get(0).suggestedLabel()).isEqualTo(1);
    assertThat(r.issues().get(0).margin()).isCloseTo(-0.6, within(1e-12));
    assertThat(r.issues().get(1).rank()).isEqualTo(2);
  }

  @Test
  void findsSeededFlippedLabels() {
    Random r = new Random(2024);
    int n = 1000;
    int d = 5;
    double[][] x = new double[n][d];
    int[] truth = new int[n];
    for (int i = 0; i < n; i++) {
      truth[i] = r.nextInt(2);
      for (int j = 0; j < d; j++) {
        x[i][j] = (truth[i] == 1 ? 1 : -1) + r.nextGaussian();
      }
    }
    int[] noisy = truth.clone();
    Set<String> flipped = new HashSet<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("item" + i);
    }
    while (flipped.size() < 60) { // 6 % label noise
      int i = r.nextInt(n);
      if (flipped.add(ids.get(i))) {
        noisy[i] = 1 - noisy[i];
      }
    }
    TrainingData data = new TrainingData(ids, x, TrainingData.oneHot(noisy, 2));
    FeatureLayout layout = new FeatureLayout(List.of(new InputSlot.EmbeddingSlot(new SignalSpec("toy_embedding", 1), d)));
    TrainingOptions opts = new TrainingOptions(HeadConfig.Logistic.defaults(), true, CalibrationMethod.NONE, List.of("0", "1"));
    double[][] probs = new CrossValidation(5, 1).outOfSampleProbabilities(layout, data, opts);
    ConfidentLearning.Result res = ConfidentLearning.find(ids, noisy, probs, ConfidentLearning.Ranking.SELF_CONFIDENCE);
    long hits = res.issues().stream().filter(i -> flipped.contains(i.id())).count();
    double recall = hits / 60.0;
    double precision = (double) hits / res.issues().size();
    System.out.printf("label-error detection: %d flagged, %d of 60 flips found (recall %.3f, precision %.3f)%n", res.issues().size(), hits, recall, precision);
    assertThat(recall).as("recall of flipped labels").isGreaterThanOrEqualTo(0.75);
    assertThat(precision).as("precision of flagged issues").isGreaterThanOrEqualTo(0.9);
    // the first-ranked issues are the surest: the top 30 are nearly all real flips
    long topHits = res.issues().subList(0, 30).stream().filter(i -> flipped.contains(i.id())).count();
    assertThat(topHits).isGreaterThanOrEqualTo(28);
  }

  @Test
  void foldsAreStratifiedAndBalanced() {
    int[] labels = new int[100];
    for (int i = 0; i < 30; i++) {
      labels[i] = 1;
    }
    int[] fold = new CrossValidation(5, 3).assignFolds(labels, 2);
    int[] pos = new int[5];
    int[] all = new int[5];
    for (int i = 0; i < 100; i++) {
      all[fold[i]]++;
      pos[fold[i]] += labels[i];
    }
    assertThat(all).containsOnly(20);
    assertThat(pos).containsOnly(6);
    assertThat(new CrossValidation(5, 3).assignFolds(labels, 2)).isEqualTo(fold);
  }

  @Test
  void uncertaintyScores() {
    assertThat(Uncertainty.MARGIN.score(new double[] {0.5, 0.5})).isEqualTo(1.0);
    assertThat(Uncertainty.MARGIN.score(new double[] {0.9, 0.1})).isCloseTo(0.2, within(1e-12));
    assertThat(Uncertainty.ENTROPY.score(new double[] {0.5, 0.5})).isCloseTo(1.0, within(1e-12));
    double h = -(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1)) / Math.log(2);
    assertThat(Uncertainty.ENTROPY.score(new double[] {0.9, 0.1})).isCloseTo(h, within(1e-12));
    assertThat(Uncertainty.LEAST_CONFIDENT.score(new double[] {0.2, 0.7, 0.1})).isCloseTo(0.3, within(1e-12));
    assertThat(Uncertainty.MARGIN.score(new double[] {0.2, 0.7, 0.1})).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void diversityPullsTheBatchAcrossClusters() {
    // 10 very uncertain near-duplicates at (0,0), 10 slightly less uncertain at (10,10), 10 confident at (20,20)
    Random r = new Random(1);
    List<String> ids = new ArrayList<>();
    double[][] probs = new double[30][];
    double[][] vec = new double[30][];
    for (int i = 0; i < 30; i++) {
      ids.add("c" + i);
      int cluster = i / 10;
      double p1 = cluster == 0 ? 0.5 + 0.001 * i : cluster == 1 ? 0.55 + 0.001 * i : 0.99;
      probs[i] = new double[] {1 - p1, p1};
      vec[i] = new double[] {10 * cluster + 0.01 * r.nextGaussian(), 10 * cluster + 0.01 * r.nextGaussian()};
    }
    List<ActiveSampler.Selection> diverse = new ActiveSampler(Uncertainty.MARGIN, 10).select(ids, probs, vec, 2);
    assertThat(diverse.get(0).id()).isEqualTo("c0"); // the most uncertain starts the batch
    int second = Integer.parseInt(diverse.get(1).id().substring(1));
    assertThat(second).as("second pick comes from the other cluster").isBetween(10, 19);
    assertThat(diverse.get(1).distance()).isCloseTo(Math.sqrt(200), within(0.1));
    assertThat(diverse.get(1).reason()).contains("farthest from the 1 already chosen");
    // pool factor 1 = pure uncertainty sampling: both from the first cluster
    List<ActiveSampler.Selection> greedy = new ActiveSampler(Uncertainty.MARGIN, 1).select(ids, probs, vec, 2);
    assertThat(greedy).extracting(ActiveSampler.Selection::id).containsExactly("c0", "c1");
    // confident items never enter the pool
    List<ActiveSampler.Selection> many = new ActiveSampler(Uncertainty.MARGIN, 2).select(ids, probs, vec, 10);
    assertThat(many).extracting(ActiveSampler.Selection::id).noneMatch(id -> Integer.parseInt(id.substring(1)) >= 20);
  }
}
