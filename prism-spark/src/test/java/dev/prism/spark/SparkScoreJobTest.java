package dev.prism.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.core.config.Config;
import dev.prism.core.graph.GraphListener;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.io.SignalJson;
import dev.prism.runtime.batch.ScoreJob;
import dev.prism.runtime.config.PrismConfig;
import dev.prism.runtime.graph.GraphAssembly;
import dev.prism.runtime.item.ItemMapping;
import dev.prism.runtime.media.MediaResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark job against {@code prism score} on real comments, and its handling of bad rows. */
class SparkScoreJobTest {
  /** 350 real YouTube comments (the bundled YouTube Spam Collection, Psy's video). */
  static final Path PSY = Path.of("..", "datasets", "youtube_spam_collection", "Youtube01-Psy.csv");
  static final List<String> SIGNALS = List.of("text_embedding@1", "lang@1", "text_stats@1");

  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkMain.session("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Config config() {
    return PrismConfig.load(List.of(), null, Map.of(), Map.of());
  }

  @Test
  void sparkOutputEqualsPrismScoreForEveryItem(@TempDir Path tmp) throws Exception {
    ItemMapping mapping = new ItemMapping("COMMENT_ID", "CONTENT", "title", "link", "image", "path", List.of());
    // the reference: prism score's own job (prism-runtime), in process, to its Parquet file
    Path reference = tmp.resolve("prism-score.parquet");
    Config cfg = config();
    try (SignalGraph graph = GraphAssembly.build(cfg, GraphListener.NONE); MediaResolver media = MediaResolver.create(cfg)) {
      var r = new ScoreJob(graph, media).run(new ScoreJob.Request(PSY, null, reference, null, null, mapping, SIGNALS, 64),
          new ScoreJob.Listener() {});
      assertThat(r.summary().scored()).isEqualTo(350);
    }
    Path out = tmp.resolve("spark-out");
    SparkScoreJob.Summary s = new SparkScoreJob(spark, cfg).run(new SparkScoreJob.Request(PSY.toString(), null,
        out.toString(), mapping, SIGNALS, 64, "overwrite", 3));
    assertThat(s.scored()).isEqualTo(350);
    assertThat(s.badRows()).isZero();
    assertThat(s.partitions()).isEqualTo(3);

    assertSameAsPrismScore(spark, reference, out, 350);
    // the language column holds real labels, not nulls that compare equal
    assertThat(spark.read().parquet(out.toString()).where("lang_v1 = 'eng'").count()).isGreaterThan(200);

    JsonNode meta = SignalJson.MAPPER.readTree(out.resolve(SparkScoreJob.META_FILE).toFile());
    assertThat(meta.path("items_scored").asLong()).isEqualTo(350);
    assertThat(meta.path("contracts")).hasSize(3);
  }

  @Test
  void badRowsBecomeErrorRowsAndTheJobCompletes(@TempDir Path tmp) throws Exception {
    Path in = tmp.resolve("items.jsonl");
    Files.writeString(in, String.join("\n",
        "{\"id\": \"a\", \"text\": \"Check out my channel!!! http://bit.ly/x\"}",
        "{\"id\": \"b\", \"text\": ",                        // torn JSON
        "{\"text\": \"no id here\"}",                        // no id
        "{\"id\": \"a\", \"text\": \"the same id again\"}",  // duplicate (one partition)
        "",                                                  // blank: nothing
        "{\"id\": \"c\", \"text\": 42}",                     // wrong type, id readable
        "{\"id\": \"d\", \"text\": \"Bonjour tout le monde, comment allez-vous ?\"}") + "\n");
    Path out = tmp.resolve("out");
    SparkScoreJob.Summary s = new SparkScoreJob(spark, config()).run(new SparkScoreJob.Request(in.toString(), null,
        out.toString(), ItemMapping.defaults(), List.of("text_stats@1"), 256, "overwrite", 1));
    assertThat(s.scored()).isEqualTo(2);
    assertThat(s.badRows()).isEqualTo(4);
    List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
    assertThat(rows).hasSize(6);
    Map<String, String> errors = new HashMap<>();
    for (Row r : rows) {
      if (r.getAs(SparkSchema.ROW_ERROR) != null) {
        errors.merge(r.getAs("id"), r.getAs(SparkSchema.ROW_ERROR), (x, y) -> x + " | " + y);
        assertThat(r.<Row>getAs("text_stats_v1")).isNull();
        assertThat(r.<String>getAs(SparkSchema.ROW_SOURCE)).endsWith("items.jsonl");
      } else {
        assertThat(r.<String>getAs("id")).isIn("a", "d");
        assertThat(r.<Row>getAs("text_stats_v1")).isNotNull();
      }
    }
    assertThat(errors.get("a")).contains("duplicate id 'a'");
    assertThat(errors.get("c")).contains("'text' must be a string");
    assertThat(errors.keySet().stream().filter(k -> k.startsWith("!bad-row:"))).hasSize(2);
    assertThat(errors.values()).anyMatch(v -> v.startsWith("malformed JSON"))
        .anyMatch(v -> v.contains("'id' is required"));
    // the URL in item a is counted (text_stats: url_count)
    Row a = rows.stream().filter(r -> "a".equals(r.getAs("id")) && r.getAs(SparkSchema.ROW_ERROR) == null).findFirst().orElseThrow();
    assertThat(a.<Row>getAs("text_stats_v1").<Double>getAs("url_count")).isEqualTo(1.0);
  }

  @Test
  void parquetAndCsvInputsMapColumnsToItems(@TempDir Path tmp) throws Exception {
    // Parquet: typed columns; a numeric id is read as its text, like a JSON number id
    StructType schema = new StructType().add("post_id", "long").add("body", "string").add("likes", "int");
    var rows = List.of(org.apache.spark.sql.RowFactory.create(7L, "Visit www.example.com NOW!!!", 3),
        org.apache.spark.sql.RowFactory.create(8L, null, 0));
    Path parquet = tmp.resolve("posts.parquet");
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(parquet.toString());
    Path out = tmp.resolve("out-parquet");
    ItemMapping m = new ItemMapping("post_id", "body", "title", "link", "image", "path", List.of("likes"));
    SparkScoreJob.Summary s = new SparkScoreJob(spark, config()).run(new SparkScoreJob.Request(parquet.toString(), null,
        out.toString(), m, List.of("text_stats@1"), 256, "overwrite", 1));
    assertThat(s.scored()).isEqualTo(2);
    Map<String, Row> got = byId(spark.read().parquet(out.toString()).collectAsList());
    assertThat(got.keySet()).containsExactlyInAnyOrder("7", "8");
    assertThat(got.get("7").<Row>getAs("text_stats_v1").<Double>getAs("url_count")).isEqualTo(1.0);
    assertThat(got.get("8").<Row>getAs("text_stats_v1").<Double>getAs("url_count")).isEqualTo(0.0);

    // CSV: a quoted field spanning lines, a record with too many fields (an error row), an empty id
    Path csv = tmp.resolve("c.csv");
    Files.writeString(csv, "id,text,extra\n"
        + "x1,\"two\nlines, with a comma\",a\n"
        + "x2,too,many,fields\n"
        + " ,empty id,b\n"
        + "x3,plain,c\n");
    Path out2 = tmp.resolve("out-csv");
    s = new SparkScoreJob(spark, config()).run(new SparkScoreJob.Request(csv.toString(), null, out2.toString(),
        ItemMapping.defaults(), List.of("text_stats@1"), 256, "overwrite", 1));
    assertThat(s.scored()).isEqualTo(2);
    assertThat(s.badRows()).isEqualTo(2);
    List<Row> all = spark.read().parquet(out2.toString()).collectAsList();
    assertThat(all).hasSize(4);
    Map<String, String> errors = new HashMap<>();
    all.stream().filter(r -> r.getAs(SparkSchema.ROW_ERROR) != null)
        .forEach(r -> errors.put(r.getAs("id"), r.getAs(SparkSchema.ROW_ERROR)));
    assertThat(errors).containsEntry("x2", "malformed CSV record: its fields do not match the header");
    assertThat(errors.values()).contains("empty id in column 'id'");
    // the two-line text was read whole: 2 lines, 5 whitespace-separated tokens
    Row x1 = all.stream().filter(r -> "x1".equals(r.getAs("id"))).findFirst().orElseThrow();
    assertThat(x1.<Row>getAs("text_stats_v1").<Double>getAs("line_count")).isEqualTo(2.0);
    assertThat(x1.<Row>getAs("text_stats_v1").<Double>getAs("token_count")).isEqualTo(5.0);
  }

  /**
   * Spark's output at {@code out} has prism score's columns (and types, nullability aside) plus the two
   * row-error columns, and the same values for every one of {@code n} items (embeddings within 1e-6).
   */
  static void assertSameAsPrismScore(SparkSession spark, Path reference, Path out, int n) {
    List<String> extra = List.of(SparkSchema.ROW_ERROR, SparkSchema.ROW_SOURCE, SparkSchema.SCORED_AT);
    // the reference may itself be a Spark output (the backfill's reference is a full run): its own extras go
    var expected = spark.read().parquet(reference.toString()).drop(extra.toArray(String[]::new));
    var actual = spark.read().parquet(out.toString());
    // same columns and types (Spark writes every column and list element nullable; prism score marks id
    // and list elements required), plus the row-error columns
    assertThat(actual.columns()).containsExactly(concat(expected.columns(), extra));
    for (StructField f : expected.schema().fields()) {
      assertThat(loose(actual.schema().apply(f.name()).dataType())).as(f.name()).isEqualTo(loose(f.dataType()));
    }

    Map<String, Row> want = byId(expected.collectAsList());
    Map<String, Row> got = byId(actual.collectAsList());
    assertThat(got.keySet()).isEqualTo(want.keySet()).hasSize(n);
    StructType schema = expected.schema();
    int compared = 0;
    for (var e : want.entrySet()) {
      Row w = e.getValue();
      Row g = got.get(e.getKey());
      assertThat(g.<String>getAs(SparkSchema.ROW_ERROR)).isNull();
      for (StructField f : schema.fields()) {
        Object wv = w.getAs(f.name());
        Object gv = g.getAs(f.name());
        String what = e.getKey() + "." + f.name();
        if (f.dataType() instanceof ArrayType) {
          List<Float> wl = scala.jdk.javaapi.CollectionConverters.asJava(w.<scala.collection.Seq<Float>>getAs(f.name()));
          List<Float> gl = scala.jdk.javaapi.CollectionConverters.asJava(g.<scala.collection.Seq<Float>>getAs(f.name()));
          assertThat(gl).as(what).hasSize(wl.size());
          for (int j = 0; j < wl.size(); j++) {
            assertThat((double) gl.get(j)).as(what + "[" + j + "]").isCloseTo(wl.get(j), within(1e-6));
          }
          compared++;
        } else {
          assertThat(gv).as(what).isEqualTo(wv);
        }
      }
    }
    assertThat(compared).isEqualTo(n);

  }

  static String[] concat(String[] a, List<String> b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.size());
    for (int i = 0; i < b.size(); i++) {
      out[a.length + i] = b.get(i);
    }
    return out;
  }

  static Map<String, Row> byId(List<Row> rows) {
    Map<String, Row> m = new HashMap<>();
    rows.forEach(r -> assertThat(m.put(r.getAs("id"), r)).as("id %s once", (Object) r.getAs("id")).isNull());
    return m;
  }

  /** The type with every nullability flag set, to compare shapes. */
  static DataType loose(DataType t) {
    return switch (t) {
      case ArrayType a -> new ArrayType(loose(a.elementType()), true);
      case StructType s -> {
        StructField[] fs = new StructField[s.fields().length];
        for (int i = 0; i < fs.length; i++) {
          StructField f = s.fields()[i];
          fs[i] = new StructField(f.name(), loose(f.dataType()), true, f.metadata());
        }
        yield new StructType(fs);
      }
      default -> t;
    };
  }
}
