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
}
