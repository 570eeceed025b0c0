package dev.prism.models.text.langid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.prism.core.signal.SignalContract;
import dev.prism.models.text.LanguageCalibration;
import dev.prism.models.text.LanguageNode;
import dev.prism.models.text.ShortTextLanguageNode.Accuracy;
import dev.prism.models.text.ShortTextLanguageNode;
import dev.prism.models.text.langid.LangIdCorpus.Bucket;
import dev.prism.models.text.langid.LangIdCorpus.Sample;
import dev.prism.models.text.langid.LangIdCorpus.Split;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * lang@2 against lang@1 and against its own promises on the bundled corpus. The evaluation tests
 * use every 2nd text of the evaluation split per (bucket, language) file, 9,880 texts, so the
 * suite stays short; LANGID.md reports the full split (same code, {@code LangIdEvaluation.main}).
 * The calibration tests refit on the whole calibration split.
 */
class ShortTextLanguageCorpusTest {
  /**
   * Bound on lang@2's ECE over labelled texts of the evaluation subset (measured 0.004; the raw
   * Lingua margin used as a confidence scores about 0.48).
   */
  static final double ECE_BOUND = 0.01;
  /** Bound per length bucket (measured 0.008 / 0.005 / 0.002). */
  static final double BUCKET_ECE_BOUND = 0.02;

  static LangIdCorpus corpus;
  static List<Sample> evaluation;
  static LangIdEvaluation.Run lang2Run;
  static LangIdEvaluation.Report lang2;

  @BeforeAll
  static void run() {
    corpus = LangIdCorpus.load(LangIdFixture.corpusDir());
    evaluation = LangIdCorpus.everyKth(corpus.split(Split.EVALUATION), 2);
    ShortTextLanguageNode node = LangIdFixture.defaultNode();
    lang2Run = LangIdEvaluation.run(LangIdEvaluation.of(node, ShortTextLanguageNode.LANG), evaluation);
    lang2 = LangIdEvaluation.report("lang@2", lang2Run);
  }

  @Test
  void evaluationSubsetIsWhatTheDocSays() {
    assertThat(evaluation).hasSize(9_880);
    assertThat(evaluation).allMatch(s -> LangIdCorpus.splitOf(s.text(), corpus.seed()) == Split.EVALUATION);
  }

  @Test
  void lang2BeatsLang1OnEveryLengthBucket() {
    LangIdEvaluation.Report lang1;
    try (LanguageNode n = new LanguageNode(LanguageNode.DEFAULT_MIN_LETTERS, LanguageNode.DEFAULT_MIN_CONFIDENCE)) {
      lang1 = LangIdEvaluation.evaluate("lang@1", LangIdEvaluation.of(n, LanguageNode.LANG), evaluation);
    }
    for (Bucket b : Bucket.values()) {
      double a1 = lang1.buckets().get(b).tally().accuracy();
      double a2 = lang2.buckets().get(b).tally().accuracy();
      assertThat(a2).as("%s: lang@2 %.3f vs lang@1 %.3f", b, a2, a1).isGreaterThan(a1);
    }
    // the margins LANGID.md reports on the full split, with room for the subset's noise
    assertThat(lang2.buckets().get(Bucket.SINGLE_WORDS).tally().accuracy()).isGreaterThan(0.75);
    assertThat(lang2.buckets().get(Bucket.WORD_PAIRS).tally().accuracy()).isGreaterThan(0.92);
    assertThat(lang2.buckets().get(Bucket.SENTENCES).tally().accuracy()).isGreaterThan(0.98);
  }

  @Test
  void confidenceIsCalibratedOnTheEvaluationSplit() {
    assertThat(lang2.overall().ece()).isLessThan(ECE_BOUND);
    for (Bucket b : Bucket.values()) {
      assertThat(lang2.buckets().get(b).tally().ece()).as("ECE %s", b).isLessThan(BUCKET_ECE_BOUND);
    }
    // labels that are emitted are right far more often than not (measured 0.964)
    assertThat(lang2.overall().selectiveAccuracy()).isGreaterThan(0.9);
  }

  @Test
  void everyProducedValueSatisfiesTheContract() {
    SignalContract contract = ShortTextLanguageNode.contracts().get(0);
    lang2Run.outcomes().forEach(o -> contract.validate(o.label()));
    assertThat(lang2Run.outcomes()).hasSize(evaluation.size());
  }

  @Test
  void shippedCalibrationIsTheFitOnTheCalibrationSplit() {
    List<Sample> cal = corpus.split(Split.CALIBRATION);
    LangIdCalibrationFit.Result high = LangIdCalibrationFit.fit(LangIdFixture.defaultNode(), cal);
    assertCloseTo(high.calibration(), ShortTextLanguageNode.HIGH_CALIBRATION);
    assertThat(high.threshold()).isEqualTo(ShortTextLanguageNode.DEFAULT_MIN_CONFIDENCE);
    try (ShortTextLanguageNode low = new ShortTextLanguageNode(ShortTextLanguageNode.Options.defaults().withAccuracy(Accuracy.LOW))) {
      assertCloseTo(LangIdCalibrationFit.fit(low, cal).calibration(), ShortTextLanguageNode.LOW_CALIBRATION);
    }
  }

  private static void assertCloseTo(LanguageCalibration got, LanguageCalibration shipped) {
    assertThat(got.intercept()).isCloseTo(shipped.intercept(), offset(1e-9));
    assertThat(got.margin()).isCloseTo(shipped.margin(), offset(1e-9));
    assertThat(got.logLetters()).isCloseTo(shipped.logLetters(), offset(1e-9));
    assertThat(got.marginLogLetters()).isCloseTo(shipped.marginLogLetters(), offset(1e-9));
  }
}
