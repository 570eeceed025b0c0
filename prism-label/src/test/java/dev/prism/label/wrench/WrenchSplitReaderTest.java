package dev.prism.label.wrench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.label.io.LabelDataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WrenchSplitReaderTest {
  @TempDir
  Path dir;

  private List<WrenchEntry> readAll(String json) throws Exception {
    Path f = dir.resolve("split.json");
    Files.writeString(f, json);
    List<WrenchEntry> out = new ArrayList<>();
    try (WrenchSplitReader r = WrenchSplitReader.open(f)) {
      for (WrenchEntry e = r.next(); e != null; e = r.next()) {
        out.add(e);
      }
      assertThat(r.next()).isNull();
    }
    return out;
  }

  @Test
  void badItemsAreReportedAndReadingGoesOn() throws Exception {
    List<WrenchEntry> e = readAll("""
        {
          "a": {"data": {"text": "hi"}, "label": 1, "weak_labels": [-1, 0, 1]},
          "b": {"label": 0, "weak_labels": [0, 1]},
          "c": {"weak_labels": [0, 0, 0]},
          "d": {"label": -1, "weak_labels": [1.0, -1, 0]},
          "e": {"label": null, "weak_labels": [0, -2, 0]},
          "f": {"label": "spam", "weak_labels": [0, 0, 0]},
          " ": {"label": 0, "weak_labels": [0, 0, 0]},
          "g": [1, 2],
          "h": {"label": 0}
        }""");
    assertThat(e).hasSize(9);
    WrenchEntry.Item a = (WrenchEntry.Item) e.get(0);
    assertThat(a.line()).isEqualTo(2);
    assertThat(a.text()).isEqualTo("hi");
    assertThat(a.label()).isEqualTo(1);
    assertThat(a.weakLabels()).containsExactly(-1, 0, 1);
    assertThat(e.get(1)).isEqualTo(new WrenchEntry.Invalid("b", 3,
        "has 2 weak labels but item a has 3 (every item needs one vote per labeling function; item a is on line 2)"));
    assertThat(e.get(2)).isEqualTo(new WrenchEntry.Invalid("c", 4, "missing label (use null or -1 for an unlabelled item)"));
    // -1 is unlabelled, and an integral float is a class index
    WrenchEntry.Item d = (WrenchEntry.Item) e.get(3);
    assertThat(d.label()).isEqualTo(-1);
    assertThat(d.weakLabels()).containsExactly(1, -1, 0);
    assertThat(d.text()).isEmpty();
    assertThat(e.get(4)).isEqualTo(new WrenchEntry.Invalid("e", 6, "weak_labels[1] = -2 is not -1 (abstain) or a class index >= 0"));
    assertThat(e.get(5)).isEqualTo(new WrenchEntry.Invalid("f", 7,
        "label \"spam\" is not a class index >= 0 (or null / -1 for an unlabelled item)"));
    assertThat(e.get(6)).isEqualTo(new WrenchEntry.Invalid(" ", 8, "blank item id"));
    assertThat(e.get(7)).isEqualTo(new WrenchEntry.Invalid("g", 9, "expected an object {data, label, weak_labels}"));
    assertThat(e.get(8)).isEqualTo(new WrenchEntry.Invalid("h", 10, "missing \"weak_labels\" array"));
  }

  @Test
  void givenLfCountIsNamedInTheMessage() throws Exception {
    Path f = dir.resolve("valid.json");
    Files.writeString(f, "{\"v\": {\"label\": 0, \"weak_labels\": [0]}}");
    try (WrenchSplitReader r = WrenchSplitReader.open(f, 2, "train.json")) {
      assertThat(r.next()).isEqualTo(new WrenchEntry.Invalid("v", 1,
          "has 1 weak labels but train.json has 2 (every item needs one vote per labeling function)"));
    }
  }

  @Test
  void fileLevelProblemsNameFileAndLine() throws Exception {
    Path empty = dir.resolve("empty.json");
    Files.writeString(empty, "  ");
    assertThatThrownBy(() -> WrenchSplitReader.open(empty)).isInstanceOf(LabelDataException.class)
        .hasMessage(empty + ": empty file: expected a WRENCH JSON object {id: {data, label, weak_labels}}");
    Path array = dir.resolve("array.json");
    Files.writeString(array, "\n[1]");
    assertThatThrownBy(() -> WrenchSplitReader.open(array))
        .hasMessage(array + ":2: expected a WRENCH JSON object {id: {data, label, weak_labels}}, found [");
    Path cut = dir.resolve("cut.json");
    Files.writeString(cut, "{\n\"a\": {\"label\": 1, \"weak_labels\": [1]},\n\"b\": {\"label\": 0, \"weak_l");
    try (WrenchSplitReader r = WrenchSplitReader.open(cut)) {
      assertThat(r.next()).isInstanceOf(WrenchEntry.Item.class);
      LabelDataException e = org.junit.jupiter.api.Assertions.assertThrows(LabelDataException.class, r::next);
      assertThat(e.line()).isEqualTo(3);
      assertThat(e.problem()).startsWith("malformed JSON: ");
      assertThat(r.next()).isNull();
    }
  }
}
