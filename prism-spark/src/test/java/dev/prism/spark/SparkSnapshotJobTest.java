package dev.prism.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.io.SignalJson;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.learn.SnapshotTraining;
import dev.prism.learn.TrainingOptions;
import dev.prism.learn.artifact.HeadArtifact;
import dev.prism.learn.artifact.OutputSignal;
import dev.prism.learn.data.LabelMode;
import dev.prism.learn.data.Snapshot;
import dev.prism.learn.data.SnapshotItem;
import dev.prism.learn.data.SnapshotMeta;
import dev.prism.learn.calibrate.CalibrationMethod;
import dev.prism.learn.model.HeadConfig;
import dev.prism.runtime.item.ItemMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A point-in-time snapshot from two scorings (one before the cut-off, one after, with changed texts and a
 * new item) and a hand-built label export with labels before and after the cut-off, relabels, several
 * annotators, labelling functions and bad rows. The expected labels are worked out here by hand from
 * the rules (latest per annotator at the cut-off, majority, tie to the most recent vote); the snapshot
 * is read back with prism-learn's reader and trained on, as {@code prism train} does.
 */
class SparkSnapshotJobTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkMain.session("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void lateLabelsAndLateValuesAreNeverUsedAndTheSnapshotTrains(@TempDir Path tmp) throws Exception {
    // 200 real comments with their spam class (1 = spam)
    List<Row> comments = spark.read().option("header", true).option("multiLine", true).option("escape", "\"")
        .csv(SparkScoreJobTest.PSY.toString()).select("COMMENT_ID", "CONTENT", "CLASS").orderBy("COMMENT_ID").limit(200)
        .collectAsList();
    Map<String, String> text = new LinkedHashMap<>();
    Map<String, String> gold = new LinkedHashMap<>();
    for (Row r : comments) {
      text.put(r.getString(0), r.getString(1));
      gold.put(r.getString(0), "1".equals(r.getString(2)) ? "spam" : "ham");
    }
    List<String> ids = new ArrayList<>(text.keySet());
    Path items = tmp.resolve("items.jsonl");
    writeItems(items, text);

    // scoring 1, before the cut-off
    Path early = tmp.resolve("scores-early");
    score(items, early);
    Instant cutoff = spark.read().parquet(early.toString()).agg(functions.max(SparkSchema.SCORED_AT)).first()
        .<Timestamp>getAs(0).toInstant();
    Thread.sleep(50);
    // scoring 2, after it: five texts changed (two URLs each) and one new item
    List<String> changed = ids.subList(0, 5);
    Map<String, String> text2 = new LinkedHashMap<>(text);
    changed.forEach(id -> text2.put(id, "changed http://a.example http://b.example"));
    text2.put("new-1", "a brand new comment http://c.example");
    Path items2 = tmp.resolve("items2.jsonl");
    writeItems(items2, text2);
    Path late = tmp.resolve("scores-late");
    score(items2, late);
    assertThat(spark.read().parquet(late.toString()).agg(functions.min(SparkSchema.SCORED_AT)).first()
        .<Timestamp>getAs(0).toInstant()).isAfter(cutoff);

    // labels: alice labels every item but one a day before the cut-off with its gold class
    List<String> lines = new ArrayList<>();
    Map<String, String> expected = new HashMap<>();  // at the cut-off
    Map<String, String> expectedNow = new HashMap<>(); // after every label
    String unlabeledAtCutoff = ids.get(10);
    for (String id : ids) {
      if (!id.equals(unlabeledAtCutoff)) {
        lines.add(label(id, gold.get(id), "alice", "HUMAN", cutoff.minus(Duration.ofDays(1))));
        expected.put(id, gold.get(id));
        expectedNow.put(id, gold.get(id));
      }
    }
    // ... its only label comes an hour after the cut-off: not in the snapshot at the cut-off
    lines.add(label(unlabeledAtCutoff, "spam", "alice", "HUMAN", cutoff.plus(Duration.ofHours(1))));
    expectedNow.put(unlabeledAtCutoff, "spam");
    // late relabels by alice (items 20-29): ignored at the cut-off, used after
    for (String id : ids.subList(20, 30)) {
      lines.add(label(id, flip(gold.get(id)), "alice", "HUMAN", cutoff.plus(Duration.ofHours(2))));
      expectedNow.put(id, flip(gold.get(id)));
    }
    // an early relabel by alice (item 30): her latest label before the cut-off counts
    String relabeled = ids.get(30);
    lines.add(label(relabeled, flip(gold.get(relabeled)), "alice", "HUMAN", cutoff.minus(Duration.ofHours(3))));
    expected.put(relabeled, flip(gold.get(relabeled)));
    expectedNow.put(relabeled, flip(gold.get(relabeled)));
    // majority (item 40): bob and carol disagree with alice before the cut-off -> 2 votes to 1
    String outvoted = ids.get(40);
    lines.add(label(outvoted, flip(gold.get(outvoted)), "bob", "HUMAN", cutoff.minus(Duration.ofHours(5))));
    lines.add(label(outvoted, flip(gold.get(outvoted)), "carol", "HUMAN", cutoff.minus(Duration.ofHours(6))));
    expected.put(outvoted, flip(gold.get(outvoted)));
    expectedNow.put(outvoted, flip(gold.get(outvoted)));
    // tie (item 41): alice a day before, bob an hour before the cut-off -> bob's is the most recent vote
    String tied = ids.get(41);
    lines.add(label(tied, flip(gold.get(tied)), "bob", "HUMAN", cutoff.minus(Duration.ofHours(1))));
    expected.put(tied, flip(gold.get(tied)));
    expectedNow.put(tied, flip(gold.get(tied)));
    // labelling functions (item 42) are not HUMAN: ignored by default
    String byLf = ids.get(42);
    lines.add(label(byLf, flip(gold.get(byLf)), "lf_urls", "LABELING_FUNCTION", cutoff.minus(Duration.ofHours(1))));
    lines.add(label(byLf, flip(gold.get(byLf)), "lf_caps", "LABELING_FUNCTION", cutoff.minus(Duration.ofHours(1))));
    // bad rows: skipped and counted
    lines.add("{\"item_id\":\"" + ids.get(50) + "\",\"label\":\"spam\",\"annotator\":\"dave\",\"source_kind\":\"HUMAN\","
        + "\"confidence\":null,\"created_at\":\"yesterday\"}");
    lines.add("{\"item_id\":\"" + ids.get(51) + "\",\"label\":\"spam\",\"source_kind\":\"HUMAN\",\"confidence\":null,"
        + "\"created_at\":\"" + cutoff.minus(Duration.ofHours(1)) + "\"}");
    Path labels = tmp.resolve("labels.jsonl");
    Files.write(labels, lines);

    // as of the cut-off
    Path snap = tmp.resolve("snap.jsonl");
    SparkSnapshotJob.Summary s = snapshot(items2, List.of(early, late), labels, cutoff, snap);
    assertThat(s.badLabelRows()).isEqualTo(2);
    List<SnapshotItem> got = Snapshot.read(snap);
    Map<String, SnapshotItem> byId = new HashMap<>();
    got.forEach(i -> byId.put(i.id(), i));
    // every item with a label at the cut-off; not the one labelled later, not new-1 (scored after the cut-off)
    assertThat(byId.keySet()).isEqualTo(expected.keySet()).hasSize(199).doesNotContain("new-1", unlabeledAtCutoff);
    assertThat(s.written()).isEqualTo(199);
    for (var e : expected.entrySet()) {
      assertThat(byId.get(e.getKey()).label()).as(e.getKey()).contains(e.getValue());
    }
    // the changed items carry the early values (their text had no two URLs then), not the late ones
    Map<String, Row> earlyRows = rows(early);
    for (String id : changed) {
      Map<String, Double> f = ((SignalValue.Features) byId.get(id).features().get(new SignalSpec("text_stats", 1))).values();
      Row e = earlyRows.get(id).getAs("text_stats_v1");
      assertThat(f.get("url_count")).isEqualTo(e.<Double>getAs("url_count")).isNotEqualTo(2.0);
      assertThat(f.get("char_count")).isEqualTo(e.<Double>getAs("char_count"));
    }
    // splits: every labelled item in train, valid or test, the same ids in the same split on every run
    assertThat(s.splits().get("train") + s.splits().get("valid") + s.splits().get("test")).isEqualTo(199);
    assertThat(s.splits().get("train")).isGreaterThan(120);
    assertThat(s.splits().get("valid")).isGreaterThan(5);
    SnapshotMeta meta = SnapshotMeta.read(snap).orElseThrow();
    assertThat(meta.items()).isEqualTo(199);
    assertThat(meta.signals()).containsOnlyKeys("text_stats@1");

    // three hours later, after every label and value: the late labels and the late values count
    Path snapNow = tmp.resolve("snap-later.jsonl");
    snapshot(items2, List.of(early, late), labels, cutoff.plus(Duration.ofHours(3)), snapNow);
    Map<String, SnapshotItem> now = new HashMap<>();
    Snapshot.read(snapNow).forEach(i -> now.put(i.id(), i));
    assertThat(now.keySet()).isEqualTo(expectedNow.keySet()).hasSize(200);
    for (var e : expectedNow.entrySet()) {
      assertThat(now.get(e.getKey()).label()).as(e.getKey()).contains(e.getValue());
      assertThat(now.get(e.getKey()).split()).as("split of " + e.getKey()).isEqualTo(
          byId.containsKey(e.getKey()) ? byId.get(e.getKey()).split() : now.get(e.getKey()).split());
    }
    for (String id : changed) {
      Map<String, Double> f = ((SignalValue.Features) now.get(id).features().get(new SignalSpec("text_stats", 1))).values();
      assertThat(f.get("url_count")).isEqualTo(2.0);
    }

    // prism train's path: the snapshot file read by prism-learn, a logistic head trained on it
    HeadArtifact a = SnapshotTraining.train(got, new SnapshotTraining.Request("spam_head", null, null,
        new TrainingOptions(HeadConfig.Logistic.defaults(), true, CalibrationMethod.PLATT, List.of("ham", "spam")),
        LabelMode.HARD, new OutputSignal(new SignalSpec("spam", 1), "test", "spam probability", "platt", "on request", "all"),
        "spark snapshot test"));
    assertThat(a.provenance().trainItems()).isEqualTo(s.splits().get("train").intValue());
    assertThat(a.provenance().validItems()).isEqualTo(s.splits().get("valid").intValue());
  }

  private static String flip(String label) {
    return label.equals("spam") ? "ham" : "spam";
  }

  private static String label(String id, String label, String annotator, String kind, Instant at) {
    ObjectNode o = SignalJson.MAPPER.createObjectNode();
    o.put("item_id", id).put("label", label).put("annotator", annotator).put("source_kind", kind).putNull("confidence")
        .put("created_at", at.toString());
    return o.toString();
  }

  private static void writeItems(Path file, Map<String, String> text) throws Exception {
    List<String> lines = new ArrayList<>();
    text.forEach((id, t) -> lines.add(SignalJson.MAPPER.createObjectNode().put("id", id).put("text", t).toString()));
    Files.write(file, lines);
  }

  private static void score(Path items, Path out) throws Exception {
    new SparkScoreJob(spark, SparkScoreJobTest.config()).run(new SparkScoreJob.Request(items.toString(), null, out.toString(),
        ItemMapping.defaults(), List.of("text_stats@1"), 64, "overwrite", 2));
  }

  private static SparkSnapshotJob.Summary snapshot(Path items, List<Path> outputs, Path labels, Instant asOf, Path snap)
      throws Exception {
    return new SparkSnapshotJob(spark).run(new SparkSnapshotJob.Request(items.toString(), null, ItemMapping.defaults(),
        outputs.stream().map(Path::toString).toList(), List.of(), labels.toString(), null, Set.of("HUMAN"), asOf, 0.2, 0.1,
        42, false, snap));
  }

  private static Map<String, Row> rows(Path out) {
    Map<String, Row> m = new HashMap<>();
    spark.read().parquet(out.toString()).collectAsList().forEach(r -> m.put(r.getAs("id"), r));
    return m;
  }
}
