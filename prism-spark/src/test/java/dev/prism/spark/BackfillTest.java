package dev.prism.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.config.Config;
import dev.prism.runtime.config.PrismConfig;
import dev.prism.runtime.item.ItemMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --backfill-from}: new items and incomplete rows are scored, current rows are copied, and a
 * real model change (the int8 artifact of {@code text_embedding@1} instead of the fp32 one: another
 * SHA-256, same signal) makes every row stale. The reference for the output is a full run.
 */
class BackfillTest {
  static final List<String> SIGNALS = List.of("text_embedding@1", "text_stats@1");
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkMain.session("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Config config(Map<String, String> overrides) {
    return PrismConfig.load(List.of(), null, Map.of(), overrides);
  }

  /** The first {@code n} comments (by id) of the bundled CSV, as a JSONL directory. */
  static Path items(Path dir, String name, int n) {
    Path out = dir.resolve(name + ".jsonl");
    spark.read().option("header", true).option("multiLine", true).option("escape", "\"").csv(SparkScoreJobTest.PSY.toString())
        .select(functions.col("COMMENT_ID").as("id"), functions.col("CONTENT").as("text"))
        .orderBy("id").limit(n).coalesce(1).write().json(out.toString());
    return out;
  }

  SparkScoreJob.Summary score(Path in, Path out, Path previous, Map<String, String> overrides) throws Exception {
    return new SparkScoreJob(spark, config(overrides)).run(new SparkScoreJob.Request(in.toString(), null, out.toString(),
        ItemMapping.defaults(), SIGNALS, 16, "overwrite", 2, previous == null ? null : previous.toString()));
  }

  @Test
  void onlyNewIncompleteAndStaleRowsAreScored(@TempDir Path tmp) throws Exception {
    Path first40 = items(tmp, "first40", 40);
    Path first50 = items(tmp, "first50", 50);
    Path previous = tmp.resolve("previous");
    assertThat(score(first40, previous, null, Map.of()).scored()).isEqualTo(40);

    // 10 new items: only they are scored; the output equals a full run of the 50
    Path backfilled = tmp.resolve("backfilled");
    SparkScoreJob.Summary b = score(first50, backfilled, previous, Map.of());
    assertThat(b.scored()).isEqualTo(10);
    assertThat(b.kept()).isEqualTo(40);
    assertThat(b.stale()).isEmpty();
    Path full = tmp.resolve("full");
    assertThat(score(first50, full, null, Map.of()).scored()).isEqualTo(50);
    SparkScoreJobTest.assertSameAsPrismScore(spark, full, backfilled, 50);

    // a previous row missing a value (a failed signal) is scored again, the rest kept
    Path holed = tmp.resolve("holed");
    String victim = spark.read().parquet(backfilled.toString()).orderBy("id").first().getAs("id");
    spark.read().parquet(backfilled.toString())
        .withColumn("text_stats_v1", functions.when(functions.col("id").equalTo(victim), functions.lit(null))
            .otherwise(functions.col("text_stats_v1")))
        .write().parquet(holed.toString());
    Files.copy(backfilled.resolve(SparkScoreJob.META_FILE), holed.resolve(SparkScoreJob.META_FILE));
    Path refilled = tmp.resolve("refilled");
    SparkScoreJob.Summary h = score(first50, refilled, holed, Map.of());
    assertThat(h.scored()).isEqualTo(1);
    assertThat(h.kept()).isEqualTo(49);
    SparkScoreJobTest.assertSameAsPrismScore(spark, full, refilled, 50);

    // another artifact for text_embedding@1: every row is stale and scored with the new model
    Path int8 = tmp.resolve("int8");
    SparkScoreJob.Summary c = score(first50, int8, backfilled, Map.of("models.text_embedding.variant", "int8"));
    assertThat(c.scored()).isEqualTo(50);
    assertThat(c.kept()).isZero();
    assertThat(c.stale()).containsOnlyKeys("text_embedding@1");
    assertThat(c.stale().get("text_embedding@1")).contains("artifact_sha256");
    Row fp = spark.read().parquet(backfilled.toString()).where(functions.col("id").equalTo(victim)).first();
    Row q = spark.read().parquet(int8.toString()).where(functions.col("id").equalTo(victim)).first();
    List<Float> a = scala.jdk.javaapi.CollectionConverters.asJava(fp.<scala.collection.Seq<Float>>getAs("text_embedding_v1"));
    List<Float> d = scala.jdk.javaapi.CollectionConverters.asJava(q.<scala.collection.Seq<Float>>getAs("text_embedding_v1"));
    double maxDiff = 0;
    for (int i = 0; i < a.size(); i++) {
      maxDiff = Math.max(maxDiff, Math.abs(a.get(i) - d.get(i)));
    }
    assertThat(maxDiff).as("int8 values differ from fp32 ones").isGreaterThan(1e-4);
    // and a backfill from the int8 output with the int8 model keeps everything
    SparkScoreJob.Summary again = score(first50, tmp.resolve("int8-again"), int8, Map.of("models.text_embedding.variant", "int8"));
    assertThat(again.scored()).isZero();
    assertThat(again.kept()).isEqualTo(50);
  }

  @Test
  void aPreviousOutputWithoutMetadataIsRefused(@TempDir Path tmp) throws Exception {
    Path in = items(tmp, "few", 3);
    Path notOurs = tmp.resolve("not-ours");
    spark.read().json(in.toString()).write().parquet(notOurs.toString());
    assertThatThrownBy(() -> score(in, tmp.resolve("out"), notOurs, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an output of prism spark score");
  }
}
