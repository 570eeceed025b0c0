package dev.prism.label.lf;

import static dev.prism.label.lf.LabelingFunction.ABSTAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.label.io.LabelDataException;
import dev.prism.label.matrix.LabelMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelingFunctionTest {

  @TempDir
  Path dir;

  private static int vote(LabelingFunction lf, String text) {
    return lf.vote(ContentItem.ofText("x", text), Map.of());
  }

  @Test
  void keywordWordVersusSubstring() {
    var word = new DeclarativeLf.Keyword("kw", List.of("my", "PLZ"), DeclarativeLf.KeywordMatch.WORD, 1);
    var sub = new DeclarativeLf.Keyword("ks", List.of("my", "plz"), DeclarativeLf.KeywordMatch.SUBSTRING, 1);
    assertThat(vote(word, "Check MY channel")).isEqualTo(1);
    assertThat(vote(word, "subscribe plz!")).isEqualTo(1);
    assertThat(vote(word, "economy is myself")).isEqualTo(ABSTAIN);
    assertThat(vote(sub, "economy")).isEqualTo(1);
    assertThat(vote(word, "my_channel")).isEqualTo(ABSTAIN); // underscore joins words
    assertThat(vote(word, "(my)")).isEqualTo(1);
  }

  @Test
  void lengthCountsWordsLikePythonSplit() {
    assertThat(DeclarativeLf.Length.wordCount("  a  b\tc\nd ")).isEqualTo(4);
    assertThat(DeclarativeLf.Length.wordCount("a\u00a0b")).isEqualTo(2); // no-break space is white space in Python
    assertThat(DeclarativeLf.Length.wordCount("")).isZero();
    var shortLf = new DeclarativeLf.Length("short", Comparison.LT, 5, 0);
    assertThat(vote(shortLf, "one two three four")).isZero();
    assertThat(vote(shortLf, "one two three four five")).isEqualTo(ABSTAIN);
  }

  @Test
  void thresholdReadsFeatureOfSignal() {
    var lf = new DeclarativeLf.Threshold("has_url", "text_stats", 0, "url_count", Comparison.GT, 0, 1);
    Map<String, Double> f = new LinkedHashMap<>();
    f.put("url_count", 2.0);
    Map<SignalSpec, SignalValue> signals = Map.of(new SignalSpec("text_stats", 1), new SignalValue.Features(f));
    ContentItem item = ContentItem.ofText("i1", "x");
    assertThat(lf.vote(item, signals)).isEqualTo(1);
    f.put("url_count", 0.0);
    assertThat(lf.vote(item, Map.of(new SignalSpec("text_stats", 1), new SignalValue.Features(f)))).isEqualTo(ABSTAIN);
    assertThatThrownBy(() -> lf.vote(item, Map.of()))
        .hasMessageContaining("LF 'has_url' needs signal text_stats but item i1 has []");
    var wrongMajor = new DeclarativeLf.Threshold("v2", "text_stats", 2, "url_count", Comparison.GT, 0, 1);
    assertThatThrownBy(() -> wrongMajor.vote(item, signals)).hasMessageContaining("needs signal text_stats@2");
  }

  @Test
  void lfFileParsesEveryTypeAndAppliesInBatch() throws IOException {
    Path file = dir.resolve("lfs.json");
    Files.writeString(file, """
        {"labels": ["HAM", "SPAM"],
         "lfs": [
           {"name": "kw", "type": "keyword", "words": ["subscribe"], "label": "SPAM"},
           {"name": "re", "type": "regex", "pattern": "check.*out", "flags": "i", "label": 1},
           {"name": "short", "type": "length", "op": "<", "words": 3, "label": "ham"},
           {"name": "url", "type": "threshold", "signal": "text_stats@1", "feature": "url_count",
            "op": ">=", "value": 1, "label": "SPAM"}]}""");
    LfFile f = LfFile.read(file);
    assertThat(f.names()).containsExactly("kw", "re", "short", "url");
    Map<SignalSpec, SignalValue> noUrl = Map.of(new SignalSpec("text_stats", 1),
        new SignalValue.Features(Map.of("url_count", 0.0)));
    Map<SignalSpec, SignalValue> url = Map.of(new SignalSpec("text_stats", 1),
        new SignalValue.Features(Map.of("url_count", 1.0)));
    LabelMatrix l = LfApplier.apply(f.lfs(), List.of(
        new LfInput(ContentItem.ofText("1", "CHECK it OUT and subscribe"), noUrl),
        new LfInput(ContentItem.ofText("2", "nice song"), url)), 2);
    assertThat(l.row(0)).containsExactly(1, 1, ABSTAIN, ABSTAIN);
    assertThat(l.row(1)).containsExactly(ABSTAIN, ABSTAIN, 0, 1);
  }

  @Test
  void lfFileErrorsAreNamed() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"labels\": [\"HAM\", \"SPAM\"], \"lfs\": [{\"name\": \"a\", \"type\": \"keyword\", "
        + "\"words\": [\"x\"], \"label\": \"EGGS\"}]}");
    assertThatThrownBy(() -> LfFile.read(file))
        .isInstanceOf(LabelDataException.class)
        .hasMessage(file + ": lfs[0]: LF 'a': unknown label 'EGGS' (labels: [HAM, SPAM])");
    Files.writeString(file, "{\"labels\": [\"HAM\", \"SPAM\"], \"lfs\": [{\"name\": \"r\", \"type\": \"regex\", "
        + "\"pattern\": \"(\", \"label\": 0}]}");
    assertThatThrownBy(() -> LfFile.read(file)).hasMessageContaining("lfs[0]: regex LF 'r': invalid pattern");
    Files.writeString(file, "{\"labels\": [\"HAM\", \"SPAM\"],\n \"lfs\": [\n{\"name\": }]}");
    assertThatThrownBy(() -> LfFile.read(file)).hasMessageStartingWith(file + ":3: malformed JSON");
  }

  @Test
  void applierNamesLfAndItemOnBadVote() {
    LabelingFunction bad = LabelingFunction.of("bad", (item, s) -> 5);
    assertThatThrownBy(() -> LfApplier.apply(List.of(bad), List.of(LfInput.ofText("it7", "x")), 2))
        .hasMessage("labeling function 'bad' voted 5 on item it7, outside -1 (abstain) and [0, 2)");
  }

  @Test
  void analysisByHand() {
    // 4 items, 3 LFs:
    //   item0: lf0=1 lf1=1 lf2=A   -> overlap, no conflict
    //   item1: lf0=1 lf1=A lf2=0   -> overlap and conflict
    //   item2: lf0=A lf1=A lf2=0   -> covered only
    //   item3: all abstain
    int a = ABSTAIN;
    LabelMatrix l = LabelMatrix.ofDense(new int[][] {{1, 1, a}, {1, a, 0}, {a, a, 0}, {a, a, a}}, 3, 2);
    LfAnalysis an = LfAnalysis.of(l, List.of("l0", "l1", "l2"), List.of("HAM", "SPAM"), new int[] {1, 0, 0, -1});
    assertThat(an.coverage()).isEqualTo(0.75);
    assertThat(an.overlap()).isEqualTo(0.5);
    assertThat(an.conflict()).isEqualTo(0.25);
    LfAnalysis.LfStats l0 = an.lfs().get(0);
    assertThat(l0.coverage()).isEqualTo(0.5);
    assertThat(l0.overlaps()).isEqualTo(0.5);
    assertThat(l0.conflicts()).isEqualTo(0.25);
    assertThat(l0.correct()).isEqualTo(1); // item0 gold 1
    assertThat(l0.incorrect()).isEqualTo(1); // item1 gold 0
    assertThat(an.lfs().get(1).conflicts()).isZero();
    assertThat(an.lfs().get(2).accuracy()).isEqualTo(1.0);
    assertThat(an.lfs().get(2).polarity()).containsExactly(0);
    assertThat(an.table()).contains("l2").contains("HAM");
    assertThat(an.toJson().get("lfs").get(0).get("empirical_accuracy").asDouble()).isEqualTo(0.5);
  }
}
