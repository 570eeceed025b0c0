package dev.prism.models.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.config.Config;
import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.ContractRegistry;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalValue;
import dev.prism.core.signal.ValueType;
import dev.prism.models.ModelsConfig;
import dev.prism.models.text.ShortTextLanguageNode.Accuracy;
import dev.prism.models.text.ShortTextLanguageNode.Options;
import dev.prism.models.text.langid.LangIdFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShortTextLanguageNodeTest {
  static ShortTextLanguageNode node;

  @BeforeAll
  static void load() {
    node = LangIdFixture.defaultNode();
  }

  // The short texts lang@1 gets wrong (lat, war, glg, und for CJK); the language of each is
  // known by construction (written for this test in that language).
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "eng|Eminem is the best rapper ever",
      "eng|I love this video so much",
      "eng|hello world, check my channel",
      "spa|Me encanta esta canción",
      "jpn|この曲が本当に大好きです",
      "jpn|私は毎日この動画を見ています。",
      "zho|我非常喜欢这首歌",
      "zho|这个视频太好看了，谢谢分享！",
  })
  void knownLang1FailuresGetTheRightLanguage(String expected, String text) {
    SignalValue.Label l = node.detect(text);
    assertThat(l.label()).isEqualTo(expected);
    assertThat(l.confidence()).isBetween(ShortTextLanguageNode.DEFAULT_MIN_CONFIDENCE, 1.0);
  }

  @Test
  void lang1IsUnchangedAndStillMissesThem() {
    // lang@1 keeps its behaviour (a major version is a promise); these are the reasons for lang@2
    LanguageNode lang1 = new LanguageNode(LanguageNode.DEFAULT_MIN_LETTERS, LanguageNode.DEFAULT_MIN_CONFIDENCE);
    assertThat(lang1.detect("Eminem is the best rapper ever").label()).isEqualTo("lat");
    assertThat(lang1.detect("Me encanta esta canción").label()).isEqualTo("glg");
    assertThat(lang1.detect("我非常喜欢这首歌").label()).isEqualTo("und");
  }

  @Test
  void degenerateRunsOfOneOrTwoLettersAreNoLanguage() {
    // before: "x" * 20,000 came out tur 0.99 and "a." * 2,400 ron 0.999 (many letters read as strong evidence)
    for (String t : List.of("x".repeat(20_000), "a.".repeat(2_400), "hahahahahahaha", "XXXXXXXXXXXXXXXXXXXX")) {
      assertThat(node.detect(t)).as(t.substring(0, Math.min(20, t.length()))).isEqualTo(new SignalValue.Label("und", 0.0));
    }
    assertThat(node.detect("Check out my channel please").label()).isEqualTo("eng"); // many distinct letters: unaffected
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "😀😀😀", "🔥🔥🔥 👍👍", "http://www.youtube.com/watch?v=abc123",
      "https://bit.ly/3xYz", "@someone #tag 12345678", "1234 5678 !!! ???", "info@example.com"})
  void abstainsWhenThereIsNoLanguageToSee(String text) {
    SignalValue.Label l = node.detect(text);
    assertThat(l.label()).isEqualTo("und");
    assertThat(l.confidence()).isZero();
  }

  @Test
  void nullTextIsUndetermined() {
    assertThat(node.detect(null)).isEqualTo(new SignalValue.Label("und", 0.0));
  }

  @Test
  void linksAroundWordsDoNotDecide() {
    // the Spanish words decide, not the English-looking URL
    assertThat(node.detect("Me encanta esta canción http://www.youtube.com/watch?v=check_my_channel").label()).isEqualTo("spa");
  }

  @Test
  void lowConfidenceAbstainsWithTheRejectedProbability() {
    // "ok" is a word in many languages; Lingua's margin for it is tiny
    SignalValue.Label l = node.detect("ok");
    ShortTextLanguageNode.Evidence e = node.evidence("ok");
    assertThat(e.language()).isNotNull();
    assertThat(l.confidence()).isEqualTo(node.calibration().probability(e.margin(), e.letters()));
    assertThat(l.confidence()).isLessThan(ShortTextLanguageNode.DEFAULT_MIN_CONFIDENCE);
    assertThat(l.label()).isEqualTo("und");
  }

  @Test
  void confidenceGrowsWithEvidence() {
    // The fitted calibration increases with the margin and with the length (the three slopes
    // positive): a property LANGID.md promises consumers.
    assertThat(ShortTextLanguageNode.HIGH_CALIBRATION.margin()).isPositive();
    assertThat(ShortTextLanguageNode.HIGH_CALIBRATION.logLetters()).isPositive();
    assertThat(ShortTextLanguageNode.HIGH_CALIBRATION.marginLogLetters()).isPositive();
    assertThat(ShortTextLanguageNode.LOW_CALIBRATION.margin()).isPositive();
    assertThat(ShortTextLanguageNode.LOW_CALIBRATION.logLetters()).isPositive();
    assertThat(ShortTextLanguageNode.LOW_CALIBRATION.marginLogLetters()).isPositive();
    double word = node.detect("Haus").confidence();
    double sentence = node.detect("Das Haus am See ist seit vielen Jahren im Besitz unserer Familie.").confidence();
    assertThat(sentence).isGreaterThan(word);
  }

  @Test
  void contractFileDeclaresLang2() {
    List<SignalContract> cs = ShortTextLanguageNode.contracts();
    assertThat(cs).hasSize(1);
    SignalContract c = cs.get(0);
    assertThat(c.spec()).isEqualTo(ShortTextLanguageNode.LANG);
    assertThat(c.producer()).isEqualTo(node.name());
    assertThat(c.calibration()).contains("evaluation").contains("ECE");
    List<String> labels = new ArrayList<>(ShortTextLanguageNode.DEFAULT_LANGUAGES);
    labels.add("und");
    assertThat(((ValueType.LabelSetType) c.type()).labels()).containsExactlyInAnyOrderElementsOf(labels);
    // served side by side with lang@1: the registry accepts both, a bare "lang" resolves to @2
    ContractRegistry reg = new ContractRegistry(dev.prism.models.TextNodeProvider.contracts()).with(cs);
    assertThat(reg.find(LanguageNode.LANG)).isPresent();
    assertThat(reg.resolve(dev.prism.core.signal.SignalRef.parse("lang"))).isEqualTo(ShortTextLanguageNode.LANG);
  }

  @Test
  void computeIsBatchFirstAndMatchesDetect() {
    List<String> texts = List.of("Eminem is the best rapper ever", "", "Das ist gut", "我非常喜欢这首歌", "ok");
    List<ContentItem> items = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      items.add(ContentItem.ofText("i" + i, texts.get(i)));
    }
    Column col = node.compute(new Batch(items, Map.of())).get(ShortTextLanguageNode.LANG);
    assertThat(col.size()).isEqualTo(texts.size());
    SignalContract contract = ShortTextLanguageNode.contracts().get(0);
    for (int i = 0; i < texts.size(); i++) {
      assertThat(col.get(i)).isEqualTo(node.detect(texts.get(i)));
      contract.validate(col.get(i));
    }
  }

  @Test
  void concurrentCallsGiveTheSequentialAnswers() throws Exception {
    List<String> texts = List.of("Eminem is the best rapper ever", "Me encanta esta canción", "我非常喜欢这首歌",
        "Dziś rano była piękna pogoda", "Bu sabah hava çok güzeldi", "Het weer was mooi", "ok", "Haus", "hello world");
    List<SignalValue.Label> expected = texts.stream().map(node::detect).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<SignalValue.Label>>> fs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        fs.add(pool.submit(() -> {
          List<SignalValue.Label> out = new ArrayList<>();
          for (int r = 0; r < 20; r++) {
            out = texts.stream().map(node::detect).toList();
          }
          return out;
        }));
      }
      for (Future<List<SignalValue.Label>> f : fs) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void fromConfigReadsTheLang2Keys() {
    Config defaults = Config.defaults(ModelsConfig.KEYS);
    assertThat(defaults.get(ModelsConfig.LANG2_ACCURACY)).isEqualTo("high");
    assertThat(ShortTextLanguageNode.parseLanguages(defaults.get(ModelsConfig.LANG2_LANGUAGES)))
        .isEqualTo(ShortTextLanguageNode.DEFAULT_LANGUAGES);
    assertThat(defaults.get(ModelsConfig.LANG2_MIN_CONFIDENCE)).isEqualTo(ShortTextLanguageNode.DEFAULT_MIN_CONFIDENCE);

    Config c = Config.load(ModelsConfig.KEYS, null, Map.of(), Map.of(
        "models.lang2.accuracy", "low", "models.lang2.languages", "eng, deu", "models.lang2.min_confidence", "0.8",
        "models.lang2.min_letters", "3"));
    try (ShortTextLanguageNode small = ModelsConfig.lang2Node(c)) {
      assertThat(small.options()).isEqualTo(new Options(Accuracy.LOW, List.of("eng", "deu"), 3, 0.8));
      assertThat(small.calibration()).isEqualTo(ShortTextLanguageNode.LOW_CALIBRATION);
      assertThat(small.provenance().config()).containsEntry("accuracy", "low").containsEntry("languages", "deu,eng");
      assertThat(small.detect("Das ist ein schönes Haus am See").label()).isEqualTo("deu");
      assertThat(small.detect("ab").label()).isEqualTo("und");  // 2 letters < 3
    }
  }

  @Test
  void badConfigurationIsRejectedWithTheKeyAndTheReason() {
    assertThatThrownBy(() -> Config.load(ModelsConfig.KEYS, null, Map.of(), Map.of("models.lang2.languages", "eng,xxx")))
        .hasMessageContaining("models.lang2.languages").hasMessageContaining("'xxx' is not in lang@2's label set");
    assertThatThrownBy(() -> Config.load(ModelsConfig.KEYS, null, Map.of(), Map.of("models.lang2.languages", "eng,eng")))
        .hasMessageContaining("listed twice");
    assertThatThrownBy(() -> Config.load(ModelsConfig.KEYS, null, Map.of(), Map.of("models.lang2.languages", " , ")))
        .hasMessageContaining("at least one");
    assertThatThrownBy(() -> Config.load(ModelsConfig.KEYS, null, Map.of(), Map.of("models.lang2.accuracy", "medium")))
        .hasMessageContaining("models.lang2.accuracy").hasMessageContaining("[high, low]");
    assertThatThrownBy(() -> new Options(Accuracy.HIGH, List.of("eng"), 1, 1.5)).hasMessageContaining("minConfidence must be in [0, 1], got 1.5");
  }

  @Test
  void provenanceNamesLinguaAndItsJar() {
    assertThat(node.provenance().modelId()).isEqualTo("pemistahl/lingua");
    assertThat(node.provenance().modelVersion()).isEqualTo(ShortTextLanguageNode.LINGUA_VERSION);
    assertThat(node.provenance().artifactSha256()).matches("[0-9a-f]{64}");
    assertThat(node.provenance().config()).containsKeys("accuracy", "languages", "min_letters", "min_confidence", "calibration");
  }

  @Test
  void closeIsIdempotentAndFinal() {
    try (ShortTextLanguageNode n = new ShortTextLanguageNode(new Options(Accuracy.LOW, List.of("fin", "swe"), 1, 0.5))) {
      assertThat(n.detect("Hyvää huomenta kaikille").label()).isEqualTo("fin");
      n.close();
      n.close();
      assertThatThrownBy(() -> n.detect("Hyvää huomenta")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
  }
}
