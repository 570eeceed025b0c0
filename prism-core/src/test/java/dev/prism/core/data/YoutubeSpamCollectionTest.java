package dev.prism.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.item.ContentItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference numbers from Python's csv module on the same files (csv.DictReader, newline=''):
 * 350/350/438/448/370 rows, 175/175/236/245/174 spam, 1,956 and 1,005 in all; the split index has
 * train 1,586, valid 120, test 250, dev_subset_of_train 100 (datasets/README.md gives the same).
 */
class YoutubeSpamCollectionTest {
  @TempDir
  Path tmp;

  @Test
  void readsEveryFileWithPythonsCounts() throws Exception {
    Path dir = YoutubeSpamCollection.find();
    List<YoutubeSpamCollection.Comment> all = YoutubeSpamCollection.load(dir);
    assertThat(all).hasSize(1956);
    assertThat(all.stream().mapToInt(YoutubeSpamCollection.Comment::spam).sum()).isEqualTo(1005);
    Map<String, Long> perFile = all.stream().collect(Collectors.groupingBy(YoutubeSpamCollection.Comment::video, Collectors.counting()));
    assertThat(perFile).containsExactlyInAnyOrderEntriesOf(Map.of("Youtube01-Psy", 350L, "Youtube02-KatyPerry", 350L,
        "Youtube03-LMFAO", 438L, "Youtube04-Eminem", 448L, "Youtube05-Shakira", 370L));
    // COMMENT_ID repeats; the unique id does not
    Set<String> ids = new HashSet<>();
    all.forEach(c -> ids.add(c.uniqueId()));
    assertThat(ids).hasSize(1956);
    assertThat(all.stream().map(YoutubeSpamCollection.Comment::commentId).distinct().count()).isEqualTo(1953);
  }

  @Test
  void firstCommentAndAMultiLineRecordKeepTheirLines() throws Exception {
    Path dir = YoutubeSpamCollection.find();
    YoutubeSpamCollection.Comment first = YoutubeSpamCollection.readFile(dir.resolve("Youtube01-Psy.csv")).get(0);
    assertThat(first).isEqualTo(new YoutubeSpamCollection.Comment("Youtube01-Psy.csv", 0, 2,
        "LZQPQhLyRh80UYxNuaDWhIGQYNQ96IuCg-AYWqNPjpU", "Julius NM", "2013-11-07T06:20:48",
        "Huh, anyway check out this you[tube] channel: kobyoshi02", 1));
    ContentItem item = first.item();
    assertThat(item.id()).isEqualTo("Youtube01-Psy:LZQPQhLyRh80UYxNuaDWhIGQYNQ96IuCg-AYWqNPjpU:2");
    assertThat(item.text()).isEqualTo(first.content());
    assertThat(item.metadata()).containsEntry("source", "Youtube01-Psy").containsEntry("CLASS", "1").containsEntry("AUTHOR", "Julius NM");
    // Python: data row 269 of the Eminem file starts on line 271 and ends on 276
    List<YoutubeSpamCollection.Comment> eminem = YoutubeSpamCollection.readFile(dir.resolve("Youtube04-Eminem.csv"));
    assertThat(eminem.get(269).line()).isEqualTo(271);
    assertThat(eminem.get(269).commentId()).isEqualTo("LneaDw26bFvv8RbyHRBDnA-4Bb1lhF9UlpzJf_5FkWM");
    assertThat(eminem.get(270).line()).isEqualTo(277);
  }

  @Test
  void splitsMatchTheIndexAndTheReadme() throws Exception {
    Path dir = YoutubeSpamCollection.find();
    Map<String, Long> sizes = YoutubeSpamCollection.splits(dir).stream()
        .collect(Collectors.groupingBy(YoutubeSpamCollection.SplitComment::split, Collectors.counting()));
    assertThat(sizes).containsExactlyInAnyOrderEntriesOf(Map.of("train", 1586L, "valid", 120L, "test", 250L, "dev_subset_of_train", 100L));
    List<YoutubeSpamCollection.SplitComment> test = YoutubeSpamCollection.split(dir, "test");
    assertThat(test.get(0).position()).isZero();
    assertThat(test.get(0).comment().file()).isEqualTo("Youtube05-Shakira.csv");
    assertThat(test.get(0).comment().row()).isEqualTo(36);
    assertThat(test.get(0).comment().commentId()).isEqualTo("z13gv1bxbuytgjl3o23fdr5r3kaadbbm1");
    assertThatThrownBy(() -> YoutubeSpamCollection.split(dir, "dev")).hasMessageContaining("no split 'dev'");
  }

  @Test
  void aBadRowNamesFileAndLine() throws Exception {
    Path f = tmp.resolve("Youtube09-Test.csv");
    Files.writeString(f, "COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\na,b,c,d,1\na,b,c,d,spam\n");
    assertThatThrownBy(() -> YoutubeSpamCollection.readFile(f)).hasMessage(f + ":3: CLASS 'spam' is not 0 or 1");
    Files.writeString(f, "COMMENT_ID,CONTENT,CLASS\n");
    assertThatThrownBy(() -> YoutubeSpamCollection.readFile(f))
        .hasMessage(f + ":1: expected the header COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS, found COMMENT_ID,CONTENT,CLASS");
    Files.writeString(tmp.resolve(YoutubeSpamCollection.SPLIT_FILE),
        "snorkel_split,position_in_split,source_file,row_in_file,COMMENT_ID,label\ntrain,0,Youtube09-Test.csv,0,zzz,1\n");
    Files.writeString(f, "COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\na,b,c,d,1\n");
    assertThatThrownBy(() -> YoutubeSpamCollection.splits(tmp))
        .hasMessage(tmp.resolve(YoutubeSpamCollection.SPLIT_FILE) + ":2: COMMENT_ID zzz but Youtube09-Test.csv row 0 (line 2) is a");
  }
}
