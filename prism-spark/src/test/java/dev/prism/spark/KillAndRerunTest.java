package dev.prism.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job killed midway (SIGKILL to the driver JVM after some partitions committed) and run again
 * leaves every item exactly once: Spark's committer only moves committed tasks' files into the
 * output at job commit, and {@code overwrite} replaces whatever the dead job left.
 */
class KillAndRerunTest {

  @Test
  void rerunAfterAKilledDriverWritesEveryItemExactlyOnce(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    List<String> args = List.of("score", "--master", "local[1]", "-i", SparkScoreJobTest.PSY.toString(),
        "--id-column", "COMMENT_ID", "--text-column", "CONTENT", "--signals", "text_embedding@1,text_stats@1",
        "--batch-size", "8", "--partitions", "40", "-o", out.toString());
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-cp", cp, SparkMain.class.getName()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process child = pb.start();
    try {
      // wait until at least two tasks have committed their files (the v1 committer's task directories)
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (committedTasks(out) < 2) {
        assertThat(child.isAlive()).as("the child ended before it could be killed: " + Files.readString(tmp.resolve("child.log")))
            .isTrue();
        assertThat(System.nanoTime()).as("no task committed within 120 s").isLessThan(deadline);
        Thread.sleep(50);
      }
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no job abort
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(out.resolve("_SUCCESS")).as("the job was killed before it committed").doesNotExist();
    assertThat(committedTasks(out)).isBetween(2, 39);

    // the launcher, in this JVM (it stops its session when done)
    assertThat(SparkMain.execute(args.toArray(String[]::new))).isZero();
    SparkSession spark = SparkMain.session("local[2]");
    try {
      List<Row> rows = spark.read().parquet(out.toString()).select("id", "text_embedding_v1").collectAsList();
      assertThat(rows).hasSize(350);
      assertThat(rows.stream().map(r -> r.<String>getAs("id")).distinct().count()).isEqualTo(350);
      assertThat(rows).allSatisfy(r -> assertThat(r.<scala.collection.Seq<Float>>getAs("text_embedding_v1").size()).isEqualTo(384));
      assertThat(out.resolve("_SUCCESS")).exists();
    } finally {
      spark.stop();
    }
  }

  /** Task directories the committer has committed under the job's temporary directory. */
  static int committedTasks(Path out) throws Exception {
    Path attempt = out.resolve("_temporary").resolve("0");
    if (!Files.isDirectory(attempt)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(attempt)) {
      return (int) s.filter(p -> p.getFileName().toString().startsWith("task_")).count();
    }
  }
}
