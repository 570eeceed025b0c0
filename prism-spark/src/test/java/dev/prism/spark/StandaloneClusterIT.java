package dev.prism.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.config.Config;
import dev.prism.core.graph.GraphListener;
import dev.prism.core.graph.SignalGraph;
import dev.prism.runtime.batch.ScoreJob;
import dev.prism.runtime.graph.GraphAssembly;
import dev.prism.runtime.item.ItemMapping;
import dev.prism.runtime.media.MediaResolver;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real Spark standalone cluster: a Master and two Workers (one core each) as separate
 * JVMs, the job jar submitted with {@code org.apache.spark.deploy.SparkSubmit} (what
 * {@code spark-submit} runs) from a JVM whose class path is only the cluster's Spark jars, so
 * Prism's classes, service files and models reach driver and executors through the job jar alone.
 * Its output must equal {@code prism score}'s for every item. Runs in the integration-test phase
 * (failsafe), after {@code package} built the job jar.
 */
class StandaloneClusterIT {
  static final List<String> SIGNALS = List.of("text_embedding@1", "lang@1", "text_stats@1");

  @Test
  void theJobJarOnAStandaloneClusterEqualsPrismScore(@TempDir Path tmp) throws Exception {
    Path jobJar = Path.of(System.getProperty("prism.spark.jobJar", "target/missing-job.jar"));
    assertThat(jobJar).as("the job jar (mvn package builds it)").isRegularFile();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> classPath = List.of(cp.split(File.pathSeparator));

    Path out = tmp.resolve("cluster-out");
    try (StandaloneCluster cluster = StandaloneCluster.start(tmp, classPath, jobJar, 2, 1, "1g")) {
      List<String> cmd = new ArrayList<>(List.of(StandaloneCluster.java(), "-Xmx1g", "-cp", cluster.sparkClassPath(),
          "org.apache.spark.deploy.SparkSubmit", "--master", cluster.masterUrl(), "--deploy-mode", "client",
          "--class", SparkMain.class.getName(),
          "--conf", "spark.executor.memory=640m", "--conf", "spark.executor.cores=1",
          "--conf", "spark.executor.extraJavaOptions=--enable-native-access=ALL-UNNAMED",
          jobJar.toString(),
          "score", "-i", SparkScoreJobTest.PSY.toAbsolutePath().toString(), "--id-column", "COMMENT_ID",
          "--text-column", "CONTENT", "--signals", String.join(",", SIGNALS), "--batch-size", "64",
          "--partitions", "4", "-o", out.toString()));
      Path log = tmp.resolve("logs").resolve("submit.log");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(cluster.environment());
      Process submit = pb.start();
      try {
        boolean done = submit.waitFor(150, TimeUnit.SECONDS);
        assertThat(done).as("spark-submit finished within 150 s\n" + cluster.logs()).isTrue();
        assertThat(submit.exitValue()).as("spark-submit's exit code\n" + cluster.logs()).isZero();
      } finally {
        submit.descendants().forEach(ProcessHandle::destroyForcibly);
        submit.destroyForcibly();
      }
      String submitLog = Files.readString(log);
      assertThat(submitLog).contains("350 items scored");
      // the work was done by executors the Workers launched: one per Worker (work-N/app-ID/EXECUTOR/stderr),
      // and their logs show the scoring stage's 4 tasks (plus the CSV header read) finished there
      List<Path> executorLogs = executorLogs(tmp);
      assertThat(executorLogs).as(cluster.logs()).hasSize(2);
      long finished = 0;
      for (Path p : executorLogs) {
        finished += Files.readAllLines(p).stream().filter(l -> l.contains("Finished task")).count();
      }
      assertThat(finished).as("tasks finished on the executors").isGreaterThanOrEqualTo(4);
    }

    // the reference: prism score's own job (prism-runtime), in process
    Path reference = tmp.resolve("prism-score.parquet");
    Config cfg = SparkScoreJobTest.config();
    ItemMapping mapping = new ItemMapping("COMMENT_ID", "CONTENT", "title", "link", "image", "path", List.of());
    try (SignalGraph graph = GraphAssembly.build(cfg, GraphListener.NONE); MediaResolver media = MediaResolver.create(cfg)) {
      var r = new ScoreJob(graph, media).run(new ScoreJob.Request(SparkScoreJobTest.PSY, null, reference, null, null,
          mapping, SIGNALS, 64), new ScoreJob.Listener() {});
      assertThat(r.summary().scored()).isEqualTo(350);
    }
    SparkSession spark = SparkMain.session("local[1]");
    try {
      SparkScoreJobTest.assertSameAsPrismScore(spark, reference, out, 350);
    } finally {
      spark.stop();
    }
  }

  /** The stderr logs of the executors the Workers launched ({@code work-N/app-ID/EXECUTOR/stderr}). */
  private static List<Path> executorLogs(Path tmp) throws Exception {
    List<Path> logs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Path work = tmp.resolve("work-" + i);
      if (Files.isDirectory(work)) {
        try (var s = Files.walk(work, 3)) {
          s.filter(p -> p.getNameCount() - work.getNameCount() == 3 && p.getFileName().toString().equals("stderr"))
              .forEach(logs::add);
        }
      }
    }
    return logs;
  }
}
