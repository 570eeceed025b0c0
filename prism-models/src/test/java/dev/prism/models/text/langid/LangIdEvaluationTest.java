package dev.prism.models.text.langid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.prism.core.signal.SignalValue;
import dev.prism.models.text.langid.LangIdCorpus.Bucket;
import dev.prism.models.text.langid.LangIdCorpus.Sample;
import dev.prism.models.text.langid.LangIdCorpus.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LangIdEvaluationTest {
  static LangIdCorpus corpus;

  @BeforeAll
  static void load() {
    corpus = LangIdCorpus.load(LangIdFixture.corpusDir());
  }

  @Test
  void corpusHasEveryLineOfEveryFile() {
    // line counts from `wc -l datasets/langid_short_texts/*/*.txt` (no blank lines in the files)
    assertThat(corpus.samples()).hasSize(39_397);
    assertThat(corpus.samples().stream().filter(s -> s.bucket() == Bucket.SINGLE_WORDS)).hasSize(13_019);
    assertThat(corpus.samples().stream().filter(s -> s.bucket() == Bucket.WORD_PAIRS)).hasSize(13_307);
    assertThat(corpus.samples().stream().filter(s -> s.bucket() == Bucket.SENTENCES)).hasSize(13_071);
    assertThat(corpus.samples().stream().map(Sample::language).distinct()).hasSize(27);
    // `head -1 datasets/langid_short_texts/sentences/en.txt`
    assertThat(corpus.samples()).contains(new Sample(Bucket.SENTENCES, "eng", 1,
        "Allows multi-language families the opportunity to read to their preschoolers in their first language."));
  }

  @Test
  void splitHalvesAreDisjointCompleteAndBalanced() {
    List<Sample> cal = corpus.split(Split.CALIBRATION);
    List<Sample> eval = corpus.split(Split.EVALUATION);
    assertThat(cal.size() + eval.size()).isEqualTo(corpus.samples().size());
    Set<String> calTexts = new HashSet<>();
    cal.forEach(s -> calTexts.add(s.text()));
    // the split is by text, so no text is on both sides, even one shared by two languages' files
    assertThat(eval).noneMatch(s -> calTexts.contains(s.text()));
    // a fair coin per text: within 3 standard deviations (sqrt(39397) / 2 = 99) of half
    assertThat(Math.abs(cal.size() - corpus.samples().size() / 2.0)).isLessThan(300);
    for (Bucket b : Bucket.values()) {
      long n = eval.stream().filter(s -> s.bucket() == b).count();
      assertThat(n).isBetween(6_000L, 7_000L);
    }
    // same seed, same split; another seed, another split
    assertThat(LangIdCorpus.load(LangIdFixture.corpusDir()).split(Split.EVALUATION)).isEqualTo(eval);
    assertThat(LangIdCorpus.load(LangIdFixture.corpusDir(), 1L).split(Split.EVALUATION)).isNotEqualTo(eval);
  }

  @Test
  void everyKthKeepsEachLanguageAndBucket() {
    List<Sample> eval = corpus.split(Split.EVALUATION);
    List<Sample> sub = LangIdCorpus.everyKth(eval, 4);
    assertThat(sub.size()).isBetween(eval.size() / 4, eval.size() / 4 + 81);
    assertThat(sub.stream().map(s -> s.bucket() + s.language()).distinct()).hasSize(81);
    assertThat(eval).containsAll(sub);
  }

  @Test
  void missingOrStrayFilesAreErrors(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> LangIdCorpus.load(dir)).hasMessageContaining("single-words").hasMessageContaining("does not exist");
    for (Bucket b : Bucket.values()) {
      Files.createDirectories(dir.resolve(b.folder()));
    }
    Files.writeString(dir.resolve("single-words/xx.txt"), "a\n");
    assertThatThrownBy(() -> LangIdCorpus.load(dir)).hasMessageContaining("unexpected file").hasMessageContaining("xx.txt");
    Files.delete(dir.resolve("single-words/xx.txt"));
    assertThatThrownBy(() -> LangIdCorpus.load(dir)).hasMessageContaining("single-words/ar.txt is missing");
  }

  @Test
  void macrolanguageEquivalencesAreExplicit() {
    assertThat(LanguageCodes.matches("zho", "zho")).isTrue();
    assertThat(LanguageCodes.matches("zho", "cmn")).isTrue();   // OpenNLP's Mandarin
    assertThat(LanguageCodes.matches("fas", "pes")).isTrue();   // OpenNLP's Iranian Persian
    assertThat(LanguageCodes.matches("ind", "msa")).isFalse();  // Malay is not Indonesian
    assertThat(LanguageCodes.matches("eng", "und")).isFalse();
    assertThat(LanguageCodes.matches("cmn", "zho")).isFalse();  // gold codes are the corpus's own
    assertThat(LanguageCodes.iso639_3("zh")).isEqualTo("zho");
    assertThatThrownBy(() -> LanguageCodes.iso639_3("xx")).hasMessageContaining("unknown ISO 639-1 code 'xx'");
  }

  @Test
  void eceMatchesAHandCalculation() {
    // bins of width 0.1: [0.9, 1] holds 0.95 (right), 0.95 (wrong), 1.0 (right): |2/3 - 0.9667| = 0.3, weight 3/5
    // [0.1, 0.2) holds 0.15 (wrong): 0.15, weight 1/5; [0.5, 0.6) holds 0.55 (right): 0.45, weight 1/5
    // ECE = 0.18 + 0.03 + 0.09 = 0.30
    double ece = LangIdEvaluation.expectedCalibrationError(
        new double[] {0.95, 0.95, 0.15, 0.55, 1.0}, new boolean[] {true, false, false, true, true}, 10);
    assertThat(ece).isCloseTo(0.30, offset(1e-12));
    assertThat(LangIdEvaluation.expectedCalibrationError(new double[0], new boolean[0], 10)).isNaN();
    assertThatThrownBy(() -> LangIdEvaluation.expectedCalibrationError(new double[] {1.2}, new boolean[] {true}, 10))
        .hasMessageContaining("outside [0, 1]");
  }

  @Test
  void undCountsAsWrongAndAsAbstained() {
    List<Sample> s = List.of(
        new Sample(Bucket.SENTENCES, "eng", 1, "a"), new Sample(Bucket.SENTENCES, "eng", 2, "b"),
        new Sample(Bucket.SENTENCES, "zho", 3, "c"), new Sample(Bucket.SINGLE_WORDS, "deu", 4, "d"));
    List<SignalValue.Label> answers = List.of(new SignalValue.Label("eng", 0.9), new SignalValue.Label("und", 0.3),
        new SignalValue.Label("cmn", 0.8), new SignalValue.Label("nld", 0.6));
    List<String> seen = new ArrayList<>();
    LangIdEvaluation.Report r = LangIdEvaluation.evaluate("fixed", texts -> {
      seen.addAll(texts);
      List<SignalValue.Label> out = new ArrayList<>();
      for (String t : texts) {
        out.add(answers.get(t.charAt(0) - 'a'));
      }
      return out;
    }, s);
    LangIdEvaluation.Tally sent = r.buckets().get(Bucket.SENTENCES).tally();
    assertThat(sent.n()).isEqualTo(3);
    assertThat(sent.correct()).isEqualTo(2);          // eng, and cmn for zho
    assertThat(sent.abstained()).isEqualTo(1);
    assertThat(sent.accuracy()).isCloseTo(2 / 3.0, offset(1e-12));
    assertThat(sent.coverage()).isCloseTo(2 / 3.0, offset(1e-12));
    assertThat(sent.selectiveAccuracy()).isEqualTo(1.0);
    assertThat(r.overall().correct()).isEqualTo(2);
    assertThat(r.languages().get("deu").get(Bucket.SINGLE_WORDS).correct()).isZero();
    assertThat(r.buckets().get(Bucket.SENTENCES).textsPerSecond()).isPositive();
    assertThat(seen).contains("a", "b", "c", "d");
    String table = LangIdEvaluation.bucketTable(List.of(r), java.util.Map.of());
    assertThat(table).contains("| fixed | 0.0 % | – | 66.7 % | 50.0 % |");
  }
}
