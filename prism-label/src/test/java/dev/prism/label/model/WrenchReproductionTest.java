package dev.prism.label.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.label.wrench.WrenchDataset;
import dev.prism.label.wrench.WrenchReader;
import dev.prism.label.wrench.WrenchSplit;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Majority vote with WRENCH's evaluation tie rule reproduces WRENCH's published test accuracies
 * (Zhang et al. 2021, Table of label-model results): 84.00 on youtube, 77.33 on semeval. And the
 * choice made on valid (WRENCH's protocol) reaches at least the best published label-model number.
 */
class WrenchReproductionTest {

  private static final WrenchDataset YOUTUBE = WrenchReader.read(Path.of("..", "datasets", "wrench_youtube"));
  private static final WrenchDataset SEMEVAL = WrenchReader.read(Path.of("..", "datasets", "wrench_semeval"));

  private static Metrics test(WrenchDataset d, FittedLabelModel f, TieBreak tb) {
    WrenchSplit t = d.test().orElseThrow();
    return Metrics.of(t.labels(), f.predict(t.weakLabels(), tb, 0), 1, d.k());
  }

  @Test
  void snorkelTieHashMatchesPythonHashlib() {
    // int(hashlib.sha1(str(i).encode()).hexdigest(), 16) % n, computed with CPython's hashlib.
    assertThat(ProbabilisticLabels.sha1Index(0, 2)).isEqualTo(0);
    assertThat(ProbabilisticLabels.sha1Index(1, 2)).isEqualTo(1);
    assertThat(ProbabilisticLabels.sha1Index(3, 3)).isEqualTo(1);
    assertThat(ProbabilisticLabels.sha1Index(17, 3)).isEqualTo(2);
    assertThat(ProbabilisticLabels.sha1Index(5, 9)).isEqualTo(6);
    assertThat(ProbabilisticLabels.sha1Index(3, 9)).isEqualTo(4);
  }

  @Test
  void majorityVoteReproducesWrenchOnYoutube() {
    Metrics m = test(YOUTUBE, new MajorityVote().fit(YOUTUBE.train().weakLabels()), TieBreak.HASH);
    assertThat(m.correct()).isEqualTo(210); // 84.00 % of 250
  }

  @Test
  void majorityVoteReproducesWrenchOnSemeval() {
    Metrics m = test(SEMEVAL, new MajorityVote().fit(SEMEVAL.train().weakLabels()), TieBreak.HASH);
    assertThat(m.correct()).isEqualTo(464); // 77.33 % of 600
  }

  private static ValidSelection.Result select(WrenchDataset d) {
    WrenchSplit v = d.valid().orElseThrow();
    Optional<ClassBalance> vb = Optional.of(ClassBalance.smoothedFrequencies(v.labels(), d.k()));
    java.util.List<ValidSelection.Candidate> c = new java.util.ArrayList<>();
    for (String model : ValidSelection.MODELS) {
      c.addAll(ValidSelection.grid(model, vb));
    }
    EvalMetric metric = EvalMetric.defaultFor(d.k(), v.labels(), 1);
    assertThat(metric).isEqualTo(EvalMetric.ACCURACY);
    return ValidSelection.select(c, d.train().weakLabels(), v.weakLabels(), v.labels(), metric, TieBreak.HASH, 0, 1);
  }

  @Test
  void selectionOnValidBeatsPublishedNumbersOnSemeval() {
    ValidSelection.Result r = select(SEMEVAL);
    double acc = test(SEMEVAL, r.fitted(), TieBreak.HASH).accuracy();
    // WRENCH MV 77.33 is the best published label-model number for semeval in issue 8's table.
    assertThat(acc).isGreaterThanOrEqualTo(464 / 600.0);
    assertThat(r.scored()).hasSizeGreaterThan(30);
  }

  @Test
  void selectionOnValidBeatsPublishedNumbersOnYoutube() {
    ValidSelection.Result r = select(YOUTUBE);
    double acc = test(YOUTUBE, r.fitted(), TieBreak.HASH).accuracy();
    // Snorkel spam tutorial LabelModel 86.0 %, the best published label-model number there.
    assertThat(acc).isGreaterThanOrEqualTo(0.860);
  }

  @Test
  void defaultGenerativeModelDoesNotCollapseOnNineClasses() {
    // Before the diagonal prior, EM drifted to 64.5 % (below majority vote's 77.33 %).
    FittedLabelModel g = new GenerativeLabelModel().fit(SEMEVAL.train().weakLabels());
    assertThat(test(SEMEVAL, g, TieBreak.HASH).accuracy()).isGreaterThan(464 / 600.0);
  }

  @Test
  void dawidSkeneKeepsEveryClassAliveOnNineClasses() {
    // With uniform add-ε smoothing, EM drained four of nine classes (prior 0.001, never predicted)
    // and DS scored 72.0 % with the valid balance; smoothing towards each LF's marginal keeps them.
    WrenchSplit v = SEMEVAL.valid().orElseThrow();
    ClassBalance vb = ClassBalance.smoothedFrequencies(v.labels(), SEMEVAL.k());
    FittedLabelModel ds = new DawidSkene(new DawidSkene().options().withBalance(vb)).fit(SEMEVAL.train().weakLabels());
    assertThat(test(SEMEVAL, ds, TieBreak.HASH).accuracy()).isGreaterThan(464 / 600.0);
    ClassConditionalModel learned = new DawidSkene().fit(SEMEVAL.train().weakLabels());
    for (double p : learned.classPrior()) {
      assertThat(p).isGreaterThan(0.01);
    }
  }
}
