package dev.prism.label.wrench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.label.io.LabelDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WrenchReaderTest {

  @TempDir
  Path dir;

  @Test
  void readsYoutube() {
    // Sizes from datasets/README.md: train 1,686 (1,586 + 100 dev), valid 120, test 250; 10 LFs.
    WrenchDataset d = WrenchReader.read(Path.of("..", "datasets", "wrench_youtube"));
    assertThat(d.classNames()).containsExactly("HAM", "SPAM");
    assertThat(d.m()).isEqualTo(10);
    assertThat(d.train().size()).isEqualTo(1686);
    assertThat(d.valid().orElseThrow().size()).isEqualTo(120);
    assertThat(d.test().orElseThrow().size()).isEqualTo(250);
    // First train item of train.json: id "0", label 1, only LF 2 (keyword_http) votes SPAM.
    assertThat(d.train().ids().get(0)).isEqualTo("0");
    assertThat(d.train().labels()[0]).isEqualTo(1);
    assertThat(d.train().weakLabels().row(0)).containsExactly(-1, -1, 1, -1, -1, -1, -1, -1, -1, -1);
    assertThat(d.train().texts().get(0)).startsWith("pls http://www10.vakinha.com.br");
  }

  private void write(String name, String json) throws IOException {
    Files.writeString(dir.resolve(name), json);
  }

  @Test
  void inconsistentLfCountNamesFileLineAndItem() throws IOException {
    write("train.json", """
        {
          "a": {"data": {"text": "x"}, "label": 0, "weak_labels": [0, -1]},
          "b": {"data": {"text": "y"}, "label": 1, "weak_labels": [1]}
        }""");
    assertThatThrownBy(() -> WrenchReader.read(dir))
        .isInstanceOf(LabelDataException.class)
        .hasMessage(dir.resolve("train.json") + ":3 (item b): has 1 weak labels but item a has 2"
            + " (every item needs one vote per labeling function; item a is on line 2)");
  }

  @Test
  void validMustHaveTrainsLfCount() throws IOException {
    write("train.json", "{\"a\": {\"label\": 0, \"weak_labels\": [0, -1]}}");
    write("valid.json", "{\"v\": {\"label\": 0, \"weak_labels\": [0, -1, 1]}}");
    assertThatThrownBy(() -> WrenchReader.read(dir))
        .hasMessageContaining("valid.json:1 (item v): has 3 weak labels but train.json has 2");
  }

  @Test
  void labelOutOfRangeOfLabelJson() throws IOException {
    write("label.json", "{\"0\": \"HAM\", \"1\": \"SPAM\"}");
    write("train.json", "{\n\"a\": {\"label\": 0, \"weak_labels\": [0]},\n\"b\": {\"label\": 2, \"weak_labels\": [1]}\n}");
    assertThatThrownBy(() -> WrenchReader.read(dir))
        .hasMessage(dir.resolve("train.json") + ":3 (item b): label 2 is outside the 2 classes [0, 2)");
  }

  @Test
  void voteBelowAbstain() throws IOException {
    write("train.json", "{\"a\": {\"label\": 0, \"weak_labels\": [0, -2]}}");
    assertThatThrownBy(() -> WrenchReader.read(dir))
        .hasMessageContaining("(item a): weak_labels[1] = -2 is not -1 (abstain) or a class index >= 0");
  }

  @Test
  void malformedJsonHasLineNumber() throws IOException {
    write("train.json", "{\n\"a\": {\"label\": 0, \"weak_labels\": [0]},\n\"b\": {\"label\": 1 \"weak_labels\": [1]}\n}");
    assertThatThrownBy(() -> WrenchReader.read(dir))
        .isInstanceOf(LabelDataException.class)
        .hasMessageStartingWith(dir.resolve("train.json") + ":3: malformed JSON");
  }

  @Test
  void missingTrain() {
    assertThatThrownBy(() -> WrenchReader.read(dir))
        .hasMessageContaining("train.json: missing");
  }

  @Test
  void withoutLabelJsonClassCountComesFromData() throws IOException {
    write("train.json", "{\"a\": {\"label\": 2, \"weak_labels\": [0, 1]}, \"b\": {\"label\": null, \"weak_labels\": [-1, -1]}}");
    WrenchDataset d = WrenchReader.read(dir);
    assertThat(d.k()).isEqualTo(3);
    assertThat(d.train().labels()).containsExactly(2, -1);
    assertThat(d.valid()).isEmpty();
  }

  @Test
  void aMissingLabelIsAnErrorButNullAndMinusOneAreUnlabelled() throws IOException {
    write("train.json", "{\"a\": {\"label\": -1, \"weak_labels\": [0, 1]},\n\"b\": {\"weak_labels\": [1, 1]}}");
    assertThatThrownBy(() -> WrenchReader.read(dir))
        .hasMessage(dir.resolve("train.json") + ":2 (item b): missing label (use null or -1 for an unlabelled item)");
  }
}
