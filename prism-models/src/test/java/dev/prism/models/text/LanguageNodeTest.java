package dev.prism.models.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.signal.SignalValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageNodeTest {
  static LanguageNode node;

  @BeforeAll
  static void load() {
    node = new LanguageNode(LanguageNode.DEFAULT_MIN_LETTERS, LanguageNode.DEFAULT_MIN_CONFIDENCE);
  }

  // Sentences written for this test (not from OpenNLP's training data); codes are ISO 639-3.
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "eng|The weather was lovely this morning, so we walked to the market together.",
      "deu|Das Wetter war heute Morgen schön, also sind wir zusammen zum Markt gelaufen.",
      "fra|Il faisait beau ce matin, alors nous sommes allés ensemble au marché.",
      "spa|Hacía buen tiempo esta mañana, así que caminamos juntos al mercado.",
      "ita|Questa mattina il tempo era bello, così siamo andati insieme al mercato.",
      "por|O tempo estava bonito esta manhã, então fomos juntos ao mercado a pé.",
      "nld|Het weer was vanochtend mooi, dus we liepen samen naar de markt.",
      "rus|Сегодня утром была хорошая погода, поэтому мы вместе пошли на рынок.",
      "pol|Dziś rano była piękna pogoda, więc poszliśmy razem na targ.",
      "tur|Bu sabah hava çok güzeldi, bu yüzden birlikte pazara yürüdük.",
  })
  void detectsKnownSentences(String expected, String text) {
    SignalValue.Label l = node.detect(text);
    assertThat(l.label()).isEqualTo(expected);
    assertThat(l.confidence()).isBetween(LanguageNode.DEFAULT_MIN_CONFIDENCE, 1.0);
  }

  @Test
  void shortOrLetterlessTextIsUndetermined() {
    assertThat(node.detect("lol").label()).isEqualTo("und");
    assertThat(node.detect("").label()).isEqualTo("und");
    assertThat(node.detect("http://example.com/xyz @someone #tag 12345678").label()).isEqualTo("und");
    assertThat(node.detect("😀😀😀😀😀😀😀😀😀😀😀😀").label()).isEqualTo("und");
  }

  @Test
  void sharpenedConfidenceMatchesAHandCalculation() {
    // p = (0.02, 0.01, 0.01): q1 = 1 / (1 + 2 * 0.5^20) = 0.99999809...
    opennlp.tools.langdetect.Language[] l = {new opennlp.tools.langdetect.Language("eng", 0.02),
        new opennlp.tools.langdetect.Language("deu", 0.01), new opennlp.tools.langdetect.Language("fra", 0.01)};
    assertThat(LanguageNode.sharpenedTop(l)).isCloseTo(1.0 / (1 + 2 * Math.pow(0.5, 20)), org.assertj.core.data.Offset.offset(1e-12));
    // a tie between two languages gives 1/2
    opennlp.tools.langdetect.Language[] tie = {new opennlp.tools.langdetect.Language("eng", 0.02),
        new opennlp.tools.langdetect.Language("sco", 0.02)};
    assertThat(LanguageNode.sharpenedTop(tie)).isEqualTo(0.5);
  }

  @Test
  void nearUniformGibberishIsUndetermined() {
    assertThat(node.detect("Hhhhhhhhhhhhhhhhhhhh").label()).isEqualTo("und");
  }

  @Test
  void linksDoNotDecideTheLanguage() {
    assertThat(LanguageNode.clean("Schau dir das an http://www.youtube.com/watch?v=abc @max #musik 2014"))
        .isEqualTo("Schau dir das an");
  }
}
