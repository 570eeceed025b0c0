package dev.prism.label.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.label.synth.SyntheticLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValidSelectionTest {

  @Test
  void aModelThatCannotFitIsSkippedAndTheSearchGoesOn() {
    // 420 LFs × 10 classes = 4,200 features: more than matrix completion's overlap matrix supports.
    SyntheticLabels train = SyntheticLabels.generate(2_000, 420, 10, 1);
    SyntheticLabels valid = SyntheticLabels.generate(300, 420, 10, 1);
    List<ValidSelection.Candidate> c = new ArrayList<>(ValidSelection.grid("metal", Optional.empty()));
    c.addAll(ValidSelection.grid("mv", Optional.empty()));
    ValidSelection.Result r = ValidSelection.select(c, train.labels(), valid.labels(), valid.trueLabels(),
        EvalMetric.ACCURACY, TieBreak.HASH, 0, 1);
    assertThat(r.scored().get(0).skipped()).contains("exceeds the supported 4096");
    assertThat(r.winner().candidate().model()).isEqualTo("mv");
    assertThat(r.winner().score()).isGreaterThan(0.5);
  }

  @Test
  void tiesGoToTheEarlierCandidateAndTheGridIsDocumented() {
    assertThat(ValidSelection.grid("generative", Optional.of(new ClassBalance.Given(new double[] {0.5, 0.5}))))
        .hasSize(18);
    assertThat(ValidSelection.grid("wmv", Optional.empty())).isEmpty();
    SyntheticLabels s = SyntheticLabels.generate(1_000, 10, 2, 2);
    List<ValidSelection.Candidate> twice = List.of(new ValidSelection.Candidate("mv", "a", new MajorityVote()),
        new ValidSelection.Candidate("mv", "b", new MajorityVote()));
    ValidSelection.Result r = ValidSelection.select(twice, s.labels(), s.labels(), s.trueLabels(),
        EvalMetric.ACCURACY, TieBreak.HASH, 0, 1);
    assertThat(r.winner().candidate().params()).isEqualTo("a");
  }

  /**
   * The regime of WRENCH's imbalanced binary tasks (about 13 % positive, ~70 sparse fixed-polarity
   * LFs, scored by positive-class F1): whatever the defaults do, the model chosen on valid must not
   * fall below majority vote on test. Same for six skewed classes scored by accuracy.
   */
  @Test
  void selectionOnValidIsNotWorseThanMajorityVoteOnFixedPolarityLfs() {
    double[][] balances = {{0.87, 0.13}, {0.32, 0.22, 0.16, 0.12, 0.1, 0.08}};
    for (double[] pi : balances) {
      int m = pi.length == 2 ? 73 : 68;
      SyntheticLabels train = SyntheticLabels.generateFixedPolarity(20_000, m, pi, 0.01, 0.1, 5, 1);
      SyntheticLabels valid = SyntheticLabels.generateFixedPolarity(500, m, pi, 0.01, 0.1, 5, 2);
      SyntheticLabels test = SyntheticLabels.generateFixedPolarity(3_000, m, pi, 0.01, 0.1, 5, 3);
      int k = pi.length;
      EvalMetric metric = EvalMetric.defaultFor(k, valid.trueLabels(), 1);
      assertThat(metric).isEqualTo(k == 2 ? EvalMetric.F1_POSITIVE : EvalMetric.ACCURACY);
      Optional<ClassBalance> vb = Optional.of(ClassBalance.smoothedFrequencies(valid.trueLabels(), k));
      List<ValidSelection.Candidate> all = new ArrayList<>();
      for (String model : ValidSelection.MODELS) {
        all.addAll(ValidSelection.grid(model, vb));
      }
      ValidSelection.Result r = ValidSelection.select(all, train.labels(), valid.labels(), valid.trueLabels(), metric,
          TieBreak.HASH, 0, 1);
      double chosen = Metrics.of(test.trueLabels(), r.fitted().predict(test.labels(), TieBreak.HASH, 0), 1, k)
          .get(metric);
      double mv = Metrics.of(test.trueLabels(), new MajorityVote().fit(train.labels()).predict(test.labels(),
          TieBreak.HASH, 0), 1, k).get(metric);
      assertThat(chosen).as("k=%d", k).isGreaterThanOrEqualTo(mv);
    }
  }
}
