package dev.prism.spark;

import dev.prism.core.config.Config;
import dev.prism.core.graph.GraphListener;
import dev.prism.core.graph.SignalGraph;
import dev.prism.runtime.batch.BatchRunner;
import dev.prism.runtime.batch.ScoreJob;
import dev.prism.runtime.config.PrismConfig;
import dev.prism.runtime.graph.GraphAssembly;
import dev.prism.runtime.item.ItemMapping;
import dev.prism.runtime.media.MediaResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code prism spark bench}: Spark's throughput against {@code prism score}'s on the same items, in
 * one JVM and one run. Both score the same input to Parquet after their models are loaded (each
 * scores the input once untimed first), so the ratio measures the runners, not model loading:
 * {@code prism score}'s job (prism-runtime's ScoreJob, the one the CLI runs, one batch at a time
 * with ONNX Runtime's default threads) and the Spark job on {@code --master}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Spark throughput / in-process prism score throughput on the same items, one run; with several "
        + "--master values also the scaling between them (local[2]/local[1]).",
        "",
        "Example:",
        "  prism spark bench --master 'local[2]' -i all-comments.csv --id-column COMMENT_ID --text-column CONTENT \\",
        "      --signals text_embedding@1"})
final class SparkBench implements Callable<Integer> {
  @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "A JSONL or CSV file.")
  Path input;

  @Option(names = "--master", split = ",", defaultValue = "local[2]",
      description = "Spark master(s), comma-separated, each measured in turn, e.g. local[1],local[2] for the 1-to-2-core "
          + "scaling (default: ${DEFAULT-VALUE}).")
  List<String> masters = new ArrayList<>();

  @Option(names = "--signals", split = ",", defaultValue = "text_embedding@1", description = "Signals (default: ${DEFAULT-VALUE}).")
  List<String> signals = new ArrayList<>();

  @Option(names = "--id-column", defaultValue = "id") String idColumn;
  @Option(names = "--text-column", defaultValue = "text") String textColumn;

  @Option(names = "--batch-size", defaultValue = "" + BatchRunner.DEFAULT_BATCH_SIZE) int batchSize;

  @Option(names = "--partitions", defaultValue = "0", description = "As for score (0: 4 per core).") int partitions;

  @Option(names = "--repeat", defaultValue = "3", description = "Timed runs of each runner, alternating; the best counts (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--set", paramLabel = "KEY=VALUE") Map<String, String> overrides = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    ItemMapping mapping = new ItemMapping(idColumn, textColumn, "title", "link", "image", "path", List.of());
    Config config = PrismConfig.load(List.of(), null, System.getenv(), overrides);
    Path dir = Files.createTempDirectory("prism-spark-bench");
    double bestLocal = 0;
    Map<String, Double> bestSpark = new LinkedHashMap<>();
    long items = 0;
    try (SignalGraph graph = GraphAssembly.build(config, GraphListener.NONE); MediaResolver media = MediaResolver.create(config)) {
      ScoreJob local = new ScoreJob(graph, media);
      // one session per master (one SparkContext per JVM at a time); the executor graph outlives the sessions,
      // so the models load once for all masters
      for (String master : masters) {
        try (SparkSession spark = SparkMain.session(master)) {
          SparkScoreJob job = new SparkScoreJob(spark, config);
          for (int round = 0; round <= repeat; round++) { // round 0 loads the models of both and is not counted
            ScoreJob.Result r = local.run(new ScoreJob.Request(input, null, dir.resolve("local.parquet"), null,
                ScoreJob.OnExisting.OVERWRITE, mapping, signals, batchSize), new ScoreJob.Listener() {});
            SparkScoreJob.Summary s = job.run(new SparkScoreJob.Request(input.toString(), null, dir.resolve("spark").toString(),
                mapping, signals, batchSize, "overwrite", partitions));
            items = r.summary().scored();
            // prism score drops every repeat of an id; the job only repeats within a partition (SPARK.md)
            if (s.scored() + s.badRows() != r.summary().scored() + r.summary().malformedRows()) {
              throw new IllegalStateException("spark read " + (s.scored() + s.badRows()) + " rows, prism score "
                  + (r.summary().scored() + r.summary().malformedRows()));
            }
            System.err.printf(Locale.ROOT, "%s round %d%s: prism score %d items %.1f items/s, spark %d items %.1f items/s (%d partitions)%n",
                master, round, round == 0 ? " (warm-up)" : "", r.summary().scored(), r.summary().itemsPerSecond(), s.scored(),
                s.itemsPerSecond(), s.partitions());
            if (round > 0) {
              bestLocal = Math.max(bestLocal, r.summary().itemsPerSecond());
              bestSpark.merge(master, s.itemsPerSecond(), Math::max);
            }
          }
        }
      }
    }
    double inProcess = bestLocal;
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "items %d, signals %s, cores %d: prism score %.1f items/s",
        items, signals, java.lang.Runtime.getRuntime().availableProcessors(), bestLocal));
    bestSpark.forEach((m, v) -> line.append(String.format(Locale.ROOT, ", spark %s %.1f items/s (ratio to prism score %.3f)",
        m, v, v / inProcess)));
    if (bestSpark.containsKey("local[1]") && bestSpark.containsKey("local[2]")) {
      line.append(String.format(Locale.ROOT, "; scaling local[2]/local[1] %.3f", bestSpark.get("local[2]") / bestSpark.get("local[1]")));
    }
    System.out.println(line);
    return 0;
  }
}
