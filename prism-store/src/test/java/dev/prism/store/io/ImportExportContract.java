package dev.prism.store.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.store.DatabaseTestBase;
import dev.prism.store.db.MetadataDb;
import dev.prism.store.label.Label;
import dev.prism.store.label.LabelSource;
import dev.prism.store.label.LabelStore;
import dev.prism.store.label.SourceKind;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Import and export behaviour that must hold on every backend. */
abstract class ImportExportContract extends DatabaseTestBase {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  /** The WRENCH YouTube split shipped with the project (the module runs with its folder as working dir). */
  static final Path YOUTUBE_TRAIN = Path.of("..", "datasets", "wrench_youtube", "train.json");

  private MetadataDb db;
  private LabelStore store;
  private LabelImporter importer;

  @BeforeEach
  void open() {
    db = MetadataDb.open(newDatabaseUrl());
    store = new LabelStore(db, Clock.fixed(NOW, ZoneOffset.UTC));
    importer = new LabelImporter(store, Clock.fixed(NOW, ZoneOffset.UTC), 3); // tiny batches: exercise flushing
    store.createTask("spam", List.of("ham", "spam"), "");
  }

  @AfterEach
  void close() {
    if (db != null) { // null when the backend was skipped (no PostgreSQL configured)
      db.close();
    }
  }

  private Path write(String name, String content) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  private static List<Long> lines(ImportReport r) {
    return r.errors().stream().map(ImportError::line).toList();
  }

  private static ImportFormat csv() {
    return new ImportFormat.Csv(ColumnMapping.DEFAULT);
  }

  @Test
  void csvBadRowsAreSkippedWithTheirLineNumbersAndTheRestImported() throws Exception {
    Path file = write("labels.csv", """
        item_id,label,annotator,confidence
        c1,spam,alice,0.9
        c2,spma,alice,
        c3,ham,alice
        "c4","ham","bob",""
        c5,ham,bob,high
        "c6 has a
        two-line id",spam,bob,1

        c7,,bob,
        c8,ham,,
        c9,spam,carol,0.5
        """);
    ImportReport r = importer.importFile(file, "spam", csv());
    assertThat(r.rowsRead()).isEqualTo(9);
    assertThat(r.rowsImported()).isEqualTo(4);
    assertThat(r.rowsFailed()).isEqualTo(5);
    assertThat(r.labelsWritten()).isEqualTo(4);
    assertThat(r.ok()).isFalse();
    assertThat(lines(r)).containsExactly(3L, 4L, 6L, 10L, 11L);
    assertThat(r.errors().get(0).toString())
        .isEqualTo(file + ":3: unknown label value 'spma' for task 'spam' (label set [ham, spam]) for item 'c2'");
    assertThat(r.errors().get(1).message()).isEqualTo("expected 4 fields as in the header, found 3");
    assertThat(r.errors().get(2).message()).isEqualTo("confidence 'high' is not a number");
    assertThat(r.errors().get(3).message()).isEqualTo("empty label for item 'c7'");
    assertThat(r.errors().get(4).message()).isEqualTo("empty annotator for item 'c8'");

    assertThat(store.labels("spam")).extracting(Label::itemId)
        .containsExactlyInAnyOrder("c1", "c4", "c6 has a\ntwo-line id", "c9");
    Label c1 = store.labelsForItem("spam", "c1").get(0);
    assertThat(c1).isEqualTo(new Label("spam", "c1", "spam", LabelSource.human("alice"), 0.9, NOW));
    assertThat(store.labelsForItem("spam", "c4").get(0).confidence()).isNull();
  }

  @Test
  void csvFileLevelProblemsAreReported() throws Exception {
    ImportReport missing = importer.importFile(write("m.csv", "item,label,annotator\nc1,spam,alice\n"), "spam", csv());
    assertThat(missing.fileError().line()).isEqualTo(1);
    assertThat(missing.fileError().message()).isEqualTo("missing column 'item_id' (header: [item, label, annotator])");
    assertThat(missing.rowsRead()).isZero();
    assertThat(store.countLabels("spam")).isZero();

    ColumnMapping renamed = new ColumnMapping("item", "label", "annotator", null, null, null, false, SourceKind.HUMAN, null);
    ImportReport ok = importer.importFile(tmp.resolve("m.csv"), "spam", new ImportFormat.Csv(renamed));
    assertThat(ok.ok()).isTrue();
    assertThat(ok.labelsWritten()).isEqualTo(1);

    ImportReport empty = importer.importFile(write("e.csv", ""), "spam", csv());
    assertThat(empty.fileError().message()).startsWith("empty file: no header row");
    ImportReport headerOnly = importer.importFile(write("h.csv", "item_id,label,annotator\n"), "spam", csv());
    assertThat(headerOnly.fileError().message()).isEqualTo("no label rows (empty file)");
    assertThat(headerOnly.ok()).isFalse();

    ColumnMapping strict = new ColumnMapping("item_id", "label", "annotator", "conf", null, null, true, SourceKind.HUMAN, null);
    ImportReport strictMissing = importer.importFile(write("s.csv", "item_id,label,annotator\nc1,ham,a\n"), "spam",
        new ImportFormat.Csv(strict));
    assertThat(strictMissing.fileError().message()).startsWith("missing column 'conf'");

    ImportReport unterminated = importer.importFile(write("u.csv", "item_id,label,annotator\nc1,spam,alice\nc2,\"spam,bob\nc3,ham,bob\n"),
        "spam", csv());
    assertThat(unterminated.rowsImported()).isEqualTo(1);
    assertThat(lines(unterminated)).containsExactly(3L);
    assertThat(unterminated.errors().get(0).message()).contains("unterminated quoted field starting on line 3");
  }

  @Test
  void csvWithoutAnnotatorColumnUsesAFixedModelSource() throws Exception {
    Path file = write("preds.tsv", "item_id\tlabel\tscore\nc1\tspam\t0.97\nc2\tham\t0.2\n");
    ColumnMapping m = new ColumnMapping("item_id", "label", "annotator", "score", null, null, true, SourceKind.MODEL, "spam-lr@7");
    ImportReport r = importer.importFile(file, "spam", new ImportFormat.Csv(m, '\t'));
    assertThat(r.ok()).isTrue();
    assertThat(store.labelsBySource("spam", LabelSource.model("spam-lr@7")))
        .extracting(Label::confidence).containsExactly(0.97, 0.2);
  }

  @Test
  void jsonlBadLinesAreSkippedWithTheirLineNumbers() throws Exception {
    Path file = write("labels.jsonl", """
        {"item_id":"c1","label":"spam","annotator":"alice","confidence":0.5,"created_at":"2024-05-01T10:00:00Z"}
        {"item_id":"c2","label":"eggs","annotator":"alice"}
        not json

        {"item_id":"c3","annotator":"bob"}
        [1,2]
        {"item_id":"c4","label":"ham","annotator":"bob","created_at":"yesterday"}
        {"item_id":5,"label":"ham","annotator":"bob","source_kind":"MODEL","created_at":1714557600000}
        """);
    ImportReport r = importer.importFile(file, "spam", new ImportFormat.Jsonl(ColumnMapping.DEFAULT));
    assertThat(r.rowsRead()).isEqualTo(7);
    assertThat(r.rowsImported()).isEqualTo(2);
    assertThat(lines(r)).containsExactly(2L, 3L, 5L, 6L, 7L);
    assertThat(r.errors().get(0).message()).startsWith("unknown label value 'eggs' for task 'spam'");
    assertThat(r.errors().get(1).message()).startsWith("not valid JSON");
    assertThat(r.errors().get(2).message()).isEqualTo("missing field 'label'");
    assertThat(r.errors().get(3).message()).isEqualTo("expected a JSON object, found array");
    assertThat(r.errors().get(4).message()).startsWith("created_at 'yesterday' is not a time");
    assertThat(store.labels("spam")).containsExactly(
        new Label("spam", "5", "ham", LabelSource.model("bob"), null, Instant.ofEpochMilli(1714557600000L)),
        new Label("spam", "c1", "spam", LabelSource.human("alice"), 0.5, Instant.parse("2024-05-01T10:00:00Z")));
  }

  @Test
  void wrenchRowsBecomeGoldAndLfLabelsAndBadRowsAreSkippedWhole() throws Exception {
    Path file = write("small.json", """
        {
          "a": {"label": 1, "weak_labels": [-1, 0, 1], "data": {"text": "x"}},
          "b": {"label": 0, "weak_labels": [-1, -1], "data": {}},
          "c": {"label": 2, "weak_labels": [-1, -1, -1]},
          "d": {"label": 0, "weak_labels": [0, 5, -1]},
          "e": {"weak_labels": [0, 0, 0]},
          "f": {"label": -1, "weak_labels": [1, -1, -1]}
        }
        """);
    ImportReport r = importer.importFile(file, "spam", new ImportFormat.Wrench());
    assertThat(r.rowsRead()).isEqualTo(6);
    assertThat(r.rowsImported()).isEqualTo(2);
    assertThat(r.labelsWritten()).isEqualTo(4);
    assertThat(lines(r)).containsExactly(3L, 4L, 5L, 6L);
    assertThat(r.errors().get(0).message())
        .isEqualTo("item 'b': has 2 weak labels but item a has 3 (every item needs one vote per labeling function; item a is on line 2)");
    assertThat(r.errors().get(1).message()).startsWith("item 'c': label = 2 is outside the task 'spam' label set [ham, spam]");
    assertThat(r.errors().get(2).message()).startsWith("item 'd': weak_labels[1] = 5 is outside");
    assertThat(r.errors().get(3).message()).startsWith("item 'e': missing label");
    assertThat(store.labels("spam")).containsExactly(
        new Label("spam", "a", "spam", LabelSource.human("wrench"), null, NOW),
        new Label("spam", "a", "ham", LabelSource.labelingFunction("lf_1"), null, NOW),
        new Label("spam", "a", "spam", LabelSource.labelingFunction("lf_2"), null, NOW),
        new Label("spam", "f", "spam", LabelSource.labelingFunction("lf_0"), null, NOW));
  }

  @Test
  void wrenchTruncatedJsonKeepsTheRowsBeforeIt() throws Exception {
    Path file = write("cut.json", "{\n\"a\": {\"label\": 1, \"weak_labels\": [1]},\n\"b\": {\"label\": 0, \"weak_l");
    ImportReport r = importer.importFile(file, "spam", new ImportFormat.Wrench());
    assertThat(r.rowsImported()).isEqualTo(1);
    assertThat(r.fileError()).isNotNull();
    assertThat(r.fileError().line()).isEqualTo(3);
    assertThat(r.fileError().message()).startsWith("malformed JSON");
    assertThat(store.countLabels("spam")).isEqualTo(2);
    ImportReport notObject = importer.importFile(write("arr.json", "[1]"), "spam", new ImportFormat.Wrench());
    assertThat(notObject.fileError().message()).startsWith("expected a WRENCH JSON object");
  }

  /**
   * The shipped YouTube train split. Reference counts computed independently with Python's json
   * module: 1,686 rows; 885 SPAM / 801 HAM gold labels; 2,870 non-abstain LF votes (1,340 SPAM),
   * per LF [337, 216, 199, 188, 241, 400, 386, 234, 61, 608].
   */
  @Test
  void wrenchYoutubeTrainImportsWithIndependentlyCountedLabels() {
    assertThat(YOUTUBE_TRAIN).isRegularFile();
    assertThat(WrenchLabelSet.besides(YOUTUBE_TRAIN)).contains(List.of("HAM", "SPAM"));
    store.createTask("youtube", List.of("HAM", "SPAM"), "");
    LabelImporter fast = new LabelImporter(store, Clock.fixed(NOW, ZoneOffset.UTC), LabelImporter.DEFAULT_BATCH_SIZE);
    ImportReport r = fast.importFile(YOUTUBE_TRAIN, "youtube", new ImportFormat.Wrench());
    System.out.println("youtube train import (" + db.dialect() + "): " + r.summary());
    assertThat(r.ok()).isTrue();
    assertThat(r.rowsRead()).isEqualTo(1686);
    assertThat(r.labelsWritten()).isEqualTo(1686 + 2870);
    assertThat(store.countLabels("youtube")).isEqualTo(4556);

    List<Label> gold = store.labelsBySource("youtube", LabelSource.human("wrench"));
    assertThat(gold).hasSize(1686);
    assertThat(gold.stream().filter(l -> l.value().equals("SPAM")).count()).isEqualTo(885);
    List<Label> lfs = store.labelsByKind("youtube", SourceKind.LABELING_FUNCTION);
    assertThat(lfs.stream().filter(l -> l.value().equals("SPAM")).count()).isEqualTo(1340);
    Map<String, Long> perLf = lfs.stream().collect(Collectors.groupingBy(l -> l.source().name(), TreeMap::new, Collectors.counting()));
    List<Long> expected = List.of(337L, 216L, 199L, 188L, 241L, 400L, 386L, 234L, 61L, 608L);
    for (int j = 0; j < 10; j++) {
      assertThat(perLf.get("lf_" + j)).as("votes of lf_" + j).isEqualTo(expected.get(j));
    }
    // item "1" in the file: label 1, weak_labels [-1, 1, -1, 1, -1, -1, -1, -1, -1, 0]
    assertThat(store.labelsForItem("youtube", "1")).extracting(l -> l.source().name() + "=" + l.value())
        .containsExactly("wrench=SPAM", "lf_1=SPAM", "lf_3=SPAM", "lf_9=HAM");
  }

  @Test
  void exportsReimportToTheSameLabels() throws Exception {
    Path file = write("in.csv", """
        item_id,label,annotator,source_kind,confidence,created_at
        c1,spam,alice,HUMAN,,2024-01-02T03:04:05.678Z
        "c,2",ham,"lf ""quoted\"\"",LF,0.25,2024-01-02T03:04:05Z
        c3,spam,spam-lr@1,MODEL,1.0,1700000000000
        """);
    assertThat(importer.importFile(file, "spam", csv()).ok()).isTrue();
    List<Label> original = store.labels("spam");
    assertThat(original).hasSize(3);
    LabelExporter exporter = new LabelExporter(store);
    for (ExportFormat format : ExportFormat.values()) {
      Path out = tmp.resolve("out." + format.name().toLowerCase());
      assertThat(exporter.export("spam", format, out)).isEqualTo(3);
      try (MetadataDb other = MetadataDb.open(newDatabaseUrl())) {
        LabelStore copy = new LabelStore(other);
        copy.createTask("spam", List.of("ham", "spam"), "");
        ImportFormat back = format == ExportFormat.CSV ? csv() : new ImportFormat.Jsonl(ColumnMapping.DEFAULT);
        ImportReport r = new LabelImporter(copy).importFile(out, "spam", back);
        assertThat(r.ok()).as(format + " " + r.errors()).isTrue();
        assertThat(copy.labels("spam")).as(format.name()).isEqualTo(original);
      }
    }
    assertThat(Files.readAllLines(tmp.resolve("out.csv")).get(0))
        .isEqualTo("item_id,label,annotator,source_kind,confidence,created_at");
  }

  @Test
  void exportingAnEmptyOrUnknownTaskIsAPreciseError() {
    LabelExporter exporter = new LabelExporter(store);
    Path out = tmp.resolve("empty.csv");
    assertThatThrownBy(() -> exporter.export("spam", ExportFormat.CSV, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("labeling task 'spam' has no labels to export");
    assertThatThrownBy(() -> exporter.export("nope", ExportFormat.JSONL, out)).hasMessageContaining("no labeling task 'nope'");
    assertThat(out).doesNotExist();
  }

  @Test
  void hundredThousandLabelsImportInSeconds() throws Exception {
    Path file = tmp.resolve("big.csv");
    int items = 25_000;
    String[] annotators = {"a1", "a2", "a3", "a4"};
    long spam = 0;
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("item_id,label,annotator\n");
      for (int i = 0; i < items; i++) {
        for (int a = 0; a < annotators.length; a++) {
          boolean isSpam = (i * 7 + a) % 3 == 0;
          spam += isSpam ? 1 : 0;
          w.write("item-" + i + "," + (isSpam ? "spam" : "ham") + "," + annotators[a] + "\n");
        }
      }
    }
    LabelImporter fast = new LabelImporter(store);
    long start = System.nanoTime();
    ImportReport r = fast.importFile(file, "spam", csv());
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("100k-label CSV import (%s): %.2f s, %.0f labels/s%n", db.dialect(), seconds, 100_000 / seconds);
    assertThat(r.ok()).isTrue();
    assertThat(r.labelsWritten()).isEqualTo(100_000);
    assertThat(store.countLabels("spam")).isEqualTo(100_000);
    List<Label> a3 = store.labelsBySource("spam", LabelSource.human("a3"));
    assertThat(a3).hasSize(items);
    long spamCount = new ArrayList<>(store.labels("spam")).stream().filter(l -> l.value().equals("spam")).count();
    assertThat(spamCount).isEqualTo(spam);
    assertThat(seconds).as("import time").isLessThan(60);
  }
}
