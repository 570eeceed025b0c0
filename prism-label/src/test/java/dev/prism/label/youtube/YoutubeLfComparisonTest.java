package dev.prism.label.youtube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.data.YoutubeSpamCollection;
import dev.prism.label.lf.DeclarativeLf;
import dev.prism.label.lf.LfAnalysis;
import dev.prism.label.lf.LfApplier;
import dev.prism.label.lf.LfFile;
import dev.prism.label.lf.LfInput;
import dev.prism.label.matrix.LabelMatrix;
import dev.prism.label.wrench.WrenchDataset;
import dev.prism.label.wrench.WrenchReader;
import dev.prism.label.wrench.WrenchSplit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tutorial's labeling functions, written declaratively in the shipped LF file and applied to
 * the raw YouTube CSVs, against WRENCH's precomputed votes (its columns 0–6 are the same seven
 * LFs; 7–9 are the spaCy/TextBlob ones that Prism leaves out).
 */
class YoutubeLfComparisonTest {

  private static final String RESOURCE = "/lfs/youtube_spam_lfs.json";

  private static LfFile lfs;
  private static WrenchDataset wrench;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = YoutubeLfComparisonTest.class.getResourceAsStream(RESOURCE)) {
      lfs = LfFile.read(Path.of(RESOURCE), in);
    }
    wrench = WrenchReader.read(YoutubeSpamCollection.find().resolveSibling("wrench_youtube"));
  }

  /** One split of the raw CSVs: LF inputs whose item ids are the WRENCH ids (split positions), and the CLASS labels. */
  private record Split(List<LfInput> inputs, int[] labels) {}

  private static Split split(String name) {
    List<YoutubeSpamCollection.SplitComment> rows;
    try {
      rows = YoutubeSpamCollection.split(YoutubeSpamCollection.find(), name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<LfInput> inputs = rows.stream()
        .map(r -> LfInput.ofText(Integer.toString(r.position()), r.comment().content())).toList();
    return new Split(inputs, rows.stream().mapToInt(r -> r.comment().spam()).toArray());
  }

  /** Per LF, the number of items on which our vote equals WRENCH's (abstain included). */
  private static int[] agreement(List<DeclarativeLf> lf, String split) {
    Split sp = split(split);
    LabelMatrix ours = LfApplier.apply(lf, sp.inputs(), 2);
    WrenchSplit w = switch (split) {
      case "train" -> wrench.train();
      case "valid" -> wrench.valid().orElseThrow();
      default -> wrench.test().orElseThrow();
    };
    Map<String, Integer> row = new HashMap<>();
    for (int i = 0; i < w.size(); i++) {
      row.put(w.ids().get(i), i);
    }
    int[] agree = new int[lf.size()];
    for (int i = 0; i < sp.inputs().size(); i++) {
      int wi = row.get(sp.inputs().get(i).item().id());
      // The CSV text and the WRENCH text must be the same item, or the comparison means nothing.
      assertThat(sp.inputs().get(i).item().text()).isEqualTo(w.texts().get(wi));
      for (int j = 0; j < lf.size(); j++) {
        if (ours.get(i, j) == w.weakLabels().get(wi, j)) {
          agree[j]++;
        }
      }
    }
    return agree;
  }

  @Test
  void shippedLfsReproduceWrenchVotesExactlyOnEverySplit() {
    assertThat(lfs.names()).containsExactly("keyword_my", "keyword_subscribe", "keyword_http", "keyword_please",
        "keyword_song", "regex_check_out", "short_comment");
    for (String split : List.of("train", "valid", "test")) {
      int n = split(split).inputs().size();
      int[] agree = agreement(lfs.lfs(), split);
      for (int j = 0; j < agree.length; j++) {
        assertThat(agree[j]).as("%s on %s", lfs.names().get(j), split).isEqualTo(n);
      }
    }
  }

  @Test
  void wordBoundaryKeywordsWouldDisagreeWithTheTutorial() {
    // The tutorial matches substrings ("my" in "economy"); whole-word matching changes keyword_my's
    // votes, which is why the shipped file says "match": "substring".
    List<DeclarativeLf> asWords = new ArrayList<>();
    for (DeclarativeLf lf : lfs.lfs()) {
      asWords.add(lf instanceof DeclarativeLf.Keyword k
          ? new DeclarativeLf.Keyword(k.name(), k.words(), DeclarativeLf.KeywordMatch.WORD, k.label())
          : lf);
    }
    int[] agree = agreement(asWords, "train");
    assertThat(agree[0]).as("keyword_my as whole word").isLessThan(1586);
  }

  @Test
  void coverageOnTrainMatchesWrenchAndAnalysisNumbersAreConsistent() {
    Split sp = split("train");
    LabelMatrix l = LfApplier.apply(lfs.lfs(), sp.inputs(), 2);
    LfAnalysis a = LfAnalysis.of(l, lfs.names(), lfs.labels(), sp.labels());
    // Coverage counts taken from WRENCH's train.json columns 0-6 (first 1,586 rows).
    int[] wrenchCount = new int[7];
    for (int i = 0; i < 1586; i++) {
      for (int j = 0; j < 7; j++) {
        if (wrench.train().weakLabels().get(i, j) >= 0) {
          wrenchCount[j]++;
        }
      }
    }
    for (int j = 0; j < 7; j++) {
      assertThat(a.lfs().get(j).coverage()).isEqualTo(wrenchCount[j] / 1586.0);
      assertThat(a.lfs().get(j).correct() + a.lfs().get(j).incorrect()).isEqualTo(wrenchCount[j]);
    }
    // regex_check_out is the tutorial's most precise SPAM rule: every vote on train is spam.
    assertThat(a.lfs().get(5).accuracy()).isEqualTo(1.0);
  }
}
