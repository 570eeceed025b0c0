package dev.prism.label.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.label.wrench.WrenchDataset;
import dev.prism.label.wrench.WrenchReader;
import dev.prism.label.wrench.WrenchSplit;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Label models on WRENCH youtube: fit on train's weak labels only, scored on test (250) and valid
 * (120) with the tie policy FIT_MAJORITY. Published on this test split: Snorkel tutorial LabelModel
 * 86.0 %, MV 84.0 %; WRENCH MeTaL 84.00, MV 84.00, Dawid-Skene 83.20.
 */
class YoutubeLabelModelTest {

  private static final double SNORKEL_TUTORIAL_LABEL_MODEL = 0.860;
  private static final double WRENCH_MV = 0.840;
  private static final double WRENCH_DAWID_SKENE = 0.832;
  private static final int SPAM = 1;

  private static WrenchDataset d;

  @BeforeAll
  static void load() {
    d = WrenchReader.read(Path.of("..", "datasets", "wrench_youtube"));
  }

  private static Metrics score(FittedLabelModel f, WrenchSplit s, TieBreak tb) {
    return Metrics.of(s.labels(), f.predict(s.weakLabels(), tb, 123), SPAM);
  }

  @Test
  void generativeModelReachesTheSnorkelTutorialOnTest() {
    ClassConditionalModel g = new GenerativeLabelModel().fit(d.train().weakLabels());
    Metrics test = score(g, d.test().orElseThrow(), TieBreak.FIT_MAJORITY);
    assertThat(test.accuracy()).isGreaterThanOrEqualTo(SNORKEL_TUTORIAL_LABEL_MODEL);
    assertThat(test.accuracy()).isGreaterThan(WRENCH_MV);
    assertThat(test.f1()).isGreaterThan(0.85);
    // Seeded random tie-breaking (the tutorial's scoring) only touches the 18 all-abstain items.
    Metrics random = score(g, d.test().orElseThrow(), TieBreak.RANDOM);
    assertThat(random.accuracy()).isGreaterThanOrEqualTo(SNORKEL_TUTORIAL_LABEL_MODEL);
    assertThat(g.converged()).isTrue();
  }

  @Test
  void dawidSkeneMatchesTheWrenchBaseline() {
    ClassConditionalModel ds = new DawidSkene().fit(d.train().weakLabels());
    Metrics test = score(ds, d.test().orElseThrow(), TieBreak.FIT_MAJORITY);
    assertThat(test.accuracy()).isGreaterThanOrEqualTo(WRENCH_DAWID_SKENE);
  }

  @Test
  void generativeBeatsMajorityVoteUnderEveryTiePolicy() {
    FittedLabelModel mv = new MajorityVote().fit(d.train().weakLabels());
    ClassConditionalModel g = new GenerativeLabelModel().fit(d.train().weakLabels());
    for (TieBreak tb : TieBreak.values()) {
      assertThat(score(g, d.test().orElseThrow(), tb).accuracy())
          .as(tb.name()).isGreaterThan(score(mv, d.test().orElseThrow(), tb).accuracy());
    }
  }

  @Test
  void majorityVoteTiesAreCountedExactly() {
    // Hand count from test.json: 44 of 250 items have equal SPAM and HAM votes (18 with no vote);
    // 182 of the other 206 are right.
    FittedLabelModel mv = new MajorityVote().fit(d.train().weakLabels());
    Metrics abstain = score(mv, d.test().orElseThrow(), TieBreak.ABSTAIN);
    assertThat(abstain.abstained()).isEqualTo(44);
    assertThat(abstain.correct()).isEqualTo(182);
  }

  @Test
  void probabilitiesAreDistributionsAndFitIsDeterministic() {
    ProbabilisticLabels a = new GenerativeLabelModel().fit(d.train().weakLabels()).predictProba(d.train().weakLabels());
    ProbabilisticLabels b = new GenerativeLabelModel().fit(d.train().weakLabels()).predictProba(d.train().weakLabels());
    assertThat(a.probs()).containsExactly(b.probs());
    for (int i = 0; i < a.n(); i++) {
      assertThat(a.get(i, 0) + a.get(i, 1)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @Test
  void correlatedTutorialLfsAreReported() {
    // keyword_my (0) and keyword_please (3) co-fire on "please subscribe to my channel" spam far more
    // than independence given the class allows; the model must flag the pair.
    ClassConditionalModel g = new GenerativeLabelModel().fit(d.train().weakLabels());
    assertThat(g.dependencies()).anySatisfy(dep -> {
      assertThat(dep.kind()).isEqualTo(LfDependency.Kind.CORRELATED);
      assertThat(dep.lfA()).isEqualTo(0);
      assertThat(dep.lfB()).isEqualTo(3);
      assertThat(dep.residualCorrelation()).isGreaterThan(ClassConditionalModel.CORRELATION_REPORT_THRESHOLD);
    });
  }
}
