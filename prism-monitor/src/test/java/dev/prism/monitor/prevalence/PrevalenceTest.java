package dev.prism.monitor.prevalence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stratified prevalence estimate on a synthetic population whose true prevalence is known:
 * 20,000 items, an informative score (positives score higher), about 6 % positive. Oracle labels
 * play the human annotators.
 */
class PrevalenceTest {
  static final int POPULATION = 20_000;

  record Population(List<Scored> items, Map<String, Boolean> truth, double prevalence) {}

  static Population population(long seed) {
    return population(seed, POPULATION);
  }

  static Population population(long seed, int size) {
    Random r = new Random(seed);
    List<Scored> items = new ArrayList<>();
    Map<String, Boolean> truth = new HashMap<>();
    int pos = 0;
    for (int i = 0; i < size; i++) {
      boolean y = r.nextDouble() < 0.06;
      // informative but noisy score: positives centred at 2, negatives at 0, unit noise
      double score = (y ? 2.0 : 0.0) + r.nextGaussian();
      String id = "it" + i;
      items.add(new Scored(id, score));
      truth.put(id, y);
      pos += y ? 1 : 0;
    }
    return new Population(items, truth, (double) pos / size);
  }

  /** The labels an oracle annotator gives to the sampled ids. */
  static Map<String, Boolean> label(SampleDesign d, Map<String, Boolean> truth) {
    Map<String, Boolean> out = new HashMap<>();
    d.strata().forEach(s -> s.sampled().forEach(id -> out.put(id, truth.get(id))));
    return out;
  }

  @Test
  void handCheckedEstimateOnTwoStrata() {
    // N = 100 + 900; stratum 0: 10 labelled, 1 positive; stratum 1: 10 labelled, 5 positive
    List<String> s0 = new ArrayList<>();
    List<String> s1 = new ArrayList<>();
    Map<String, Boolean> labels = new HashMap<>();
    for (int i = 0; i < 10; i++) {
      s0.add("a" + i);
      s1.add("b" + i);
      labels.put("a" + i, i == 0);
      labels.put("b" + i, i < 5);
    }
    SampleDesign d = new SampleDesign("spam@1", "t", "spam", "equal", 1, 1000,
        List.of(new Stratum(0, Double.NEGATIVE_INFINITY, 0.5, 100, s0), new Stratum(1, 0.5, Double.POSITIVE_INFINITY, 900, s1)),
        Instant.EPOCH);
    PrevalenceEstimate e = StratifiedEstimator.estimate(d, labels);
    // by hand: p = 0.1·0.1 + 0.9·0.5 = 0.46
    assertThat(e.prevalence()).isCloseTo(0.46, within(1e-12));
    // V = 0.1²·(1 − 10/100)·(10/9·0.09)/10 + 0.9²·(1 − 10/900)·(10/9·0.25)/10
    double v = 0.01 * 0.9 * (10.0 / 9 * 0.09) / 10 + 0.81 * (1 - 10.0 / 900) * (10.0 / 9 * 0.25) / 10;
    assertThat(e.standardError()).isCloseTo(Math.sqrt(v), within(1e-12));
    assertThat(e.labelled()).isEqualTo(20);
    assertThat(e.lower()).isLessThan(0.46);
    assertThat(e.upper()).isGreaterThan(0.46);
    // Wilson at p = 0.5, n = 100 (by hand): 0.5 ± 1.96·sqrt(0.25/100 + 1.96²/40000)/(1 + 1.96²/100) = [0.4038, 0.5962]
    double[] w = StratifiedEstimator.wilson(0.5, 100);
    assertThat(w[0]).isCloseTo(0.4038, within(1e-4));
    assertThat(w[1]).isCloseTo(0.5962, within(1e-4));
  }

  @Test
  void intervalCoversTheTruthAboutNinetyFivePercentOfTheTime() {
    Population pop = population(2026);
    int runs = 200;
    int covered = 0;
    for (int run = 0; run < runs; run++) {
      SampleDesign d = StratifiedSampler.draw("spam@1", "t", "spam", pop.items(), 5, 400, "equal", 1000 + run, Instant.EPOCH);
      PrevalenceEstimate e = StratifiedEstimator.estimate(d, label(d, pop.truth()));
      if (e.lower() <= pop.prevalence() && pop.prevalence() <= e.upper()) {
        covered++;
      }
    }
    System.out.println("prevalence " + pop.prevalence() + ": 95% interval covered the truth in " + covered + " of " + runs);
    // binomial(200, 0.95): sd 3.1 runs; 88 % is more than 4 sd below the nominal rate
    assertThat(covered).isGreaterThanOrEqualTo(176);
  }

  @Test
  void intervalStaysValidWhenMostOfAStratumIsSampled() {
    // 1,000 items, 400 sampled: the finite-population correction matters (40 % of each stratum)
    Population pop = population(77, 1_000);
    int covered = 0;
    double width = 0;
    for (int run = 0; run < 200; run++) {
      SampleDesign d = StratifiedSampler.draw("spam@1", "t", "spam", pop.items(), 5, 400, "equal", 500 + run, Instant.EPOCH);
      PrevalenceEstimate e = StratifiedEstimator.estimate(d, label(d, pop.truth()));
      covered += e.lower() <= pop.prevalence() && pop.prevalence() <= e.upper() ? 1 : 0;
      width += (e.upper() - e.lower()) / 200;
    }
    System.out.printf(java.util.Locale.ROOT, "high sampling fraction: covered %d of 200, mean width %.4f%n", covered, width);
    assertThat(covered).isGreaterThanOrEqualTo(176);
  }

  @Test
  void stratifiedBeatsSimpleRandomSamplingAtEqualSizeWhenTheScoreIsInformative() {
    Population pop = population(99);
    int runs = 200;
    int n = 400;
    double[] strat = new double[runs];
    double[] srs = new double[runs];
    List<String> ids = pop.items().stream().map(Scored::id).toList();
    for (int run = 0; run < runs; run++) {
      SampleDesign d = StratifiedSampler.draw("spam@1", "t", "spam", pop.items(), 5, n, "equal", run, Instant.EPOCH);
      assertThat(d.sampleSize()).isEqualTo(n);
      strat[run] = StratifiedEstimator.estimate(d, label(d, pop.truth())).prevalence();
      // simple random sample of the same size: one stratum holding everything
      SampleDesign one = StratifiedSampler.draw("spam@1", "t", "spam", pop.items(), 1, n, "equal", run, Instant.EPOCH);
      assertThat(one.strata()).hasSize(1);
      srs[run] = StratifiedEstimator.estimate(one, label(one, pop.truth())).prevalence();
    }
    double vs = variance(strat);
    double vr = variance(srs);
    System.out.printf(java.util.Locale.ROOT, "variance over %d runs at n=%d: stratified %.3g, simple random %.3g (ratio %.2f)%n",
        runs, n, vs, vr, vs / vr);
    assertThat(vs).isLessThan(0.8 * vr);
    // both unbiased: their means are within 3 standard errors of the truth
    assertThat(mean(strat)).isCloseTo(pop.prevalence(), within(3 * Math.sqrt(vs / runs)));
    assertThat(mean(srs)).isCloseTo(pop.prevalence(), within(3 * Math.sqrt(vr / runs)));
    assertThat(ids).hasSize(POPULATION);
  }

  @Test
  void designRoundTripsAndMissingStrataAreErrors(@TempDir Path dir) throws Exception {
    Population pop = population(5);
    SampleDesign d = StratifiedSampler.draw("spam@1", "spam-prevalence", "spam", pop.items(), 4, 40, "proportional", 3,
        Instant.parse("2026-11-26T00:00:00Z"));
    Path f = dir.resolve("design.json");
    d.write(f);
    assertThat(SampleDesign.read(f)).isEqualTo(d);
    assertThat(d.strata()).extracting(Stratum::population).containsExactly(5_000L, 5_000L, 5_000L, 5_000L);
    assertThatThrownBy(() -> StratifiedEstimator.estimate(d, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stratum 0").hasMessageContaining("no labelled item");
    assertThatThrownBy(() -> StratifiedSampler.draw("s", "t", "p", List.of(new Scored("a", 1), new Scored("a", 2)), 2, 1, "equal", 1,
        Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' appears twice");
  }

  static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  static double variance(double[] x) {
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return s / (x.length - 1);
  }
}
