package dev.prism.spark;

import dev.prism.core.config.Config;
import dev.prism.runtime.batch.BatchRunner;
import dev.prism.runtime.config.PrismConfig;
import dev.prism.runtime.item.ItemMapping;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code prism spark ...}: the Spark launcher. It runs in its own JVM with this module's class path
 * (the {@code prism} script hands {@code spark} commands to it), because Spark brings Hadoop 3.5,
 * Parquet 1.17 and log4j2 while the CLI's JVM has Parquet 1.16 with Hadoop 3.4 and logback; one
 * class path holding both would have two SLF4J backends and mixed Parquet jars. Same exit codes as
 * {@code prism}: 0 success, 1 error, 2 usage error, 3 completed but some rows or signals failed.
 */
@Command(name = "prism spark", mixinStandardHelpOptions = true, subcommands = {SparkMain.Score.class, SparkBench.class, SnapshotCommand.class,
    DedupCommand.class, DedupBench.class},
    description = "Run Prism's signal graph as a Spark job.")
public final class SparkMain implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.err);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (tests call this). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new SparkMain());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof IllegalArgumentException) {
        System.err.println("prism spark: " + e.getMessage());
        return 1;
      }
      System.err.println("prism spark: " + e);
      e.printStackTrace(System.err);
      return 1;
    });
    return cl.execute(args);
  }

  /**
   * Refuses an output that is, or is a directory holding, one of the local {@code inputs}: every
   * Spark command deletes or truncates its output before (or while) Spark lazily reads its inputs, so
   * such an output would destroy an input. URIs ({@code hdfs://…}) are not checked.
   *
   * @param what names the input in the message ("the input", "--labels")
   */
  static void refuseOutputOver(String output, String what, String input) throws java.io.IOException {
    if (input == null || output == null || input.contains(":/") || output.contains(":/")) {
      return;
    }
    dev.prism.runtime.batch.ScoreJob.refuseOutputThatIsInput(Path.of(input), Path.of(output)); // same file, links resolved
    if (Path.of(input).toAbsolutePath().normalize().startsWith(Path.of(output).toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("output " + output + " is or contains " + what + " " + input
          + "; writing it deletes it first: choose another output");
    }
  }

  @Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
      description = {
          "Score a JSONL, CSV or Parquet input (a file or a directory of them) with Spark and write Parquet with the "
              + "columns of `prism score`'s Parquet output, plus row_error and row_source for rows that are no item.",
          "",
          "One signal graph per executor JVM (models load once), each partition scored in batches of --batch-size. "
              + "A bad row becomes an error row, a failed signal an entry in `errors`; the job does not fail for them "
              + "(exit code 3). Output is committed per partition by Spark's file committer; re-running with "
              + "--on-existing overwrite after a killed job leaves every item exactly once.",
          "",
          "Example:",
          "  prism spark score --master 'local[*]' -i datasets/youtube_spam_collection/Youtube01-Psy.csv \\",
          "      --id-column COMMENT_ID --text-column CONTENT -o out/psy-spark.parquet"})
  static final class Score implements Callable<Integer> {
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "PATH", description = "Input file or directory.")
    String input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Output directory (Spark writes part files).")
    String output;

    @Option(names = "--master", description = "Spark master (default: spark-submit's --master, else local[*]).")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
        description = "A Spark property for the session (like spark-submit's --conf), e.g. spark.executor.memory=2g; repeatable.")
    Map<String, String> sparkConf = new LinkedHashMap<>();

    @Option(names = "--signals", split = ",", paramLabel = "NAME[@MAJOR]", description = "Signals to compute (default: all served).")
    List<String> signals = new ArrayList<>();

    @Option(names = "--input-format", paramLabel = "jsonl|csv|parquet", description = "Default: from the input's extension.")
    String inputFormat;

    @Option(names = "--id-column", defaultValue = "id", description = "Field/column holding the item id (default: ${DEFAULT-VALUE}).")
    String idColumn;

    @Option(names = "--text-column", defaultValue = "text", description = "Field/column holding the text (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--title-column", defaultValue = "title", description = "Field/column holding the title (default: ${DEFAULT-VALUE}).")
    String titleColumn;

    @Option(names = "--image-column", defaultValue = "image", description = "Field/column holding the image (default: ${DEFAULT-VALUE}).")
    String imageColumn;

    @Option(names = "--image-kind", defaultValue = "path", paramLabel = "path|url|base64",
        description = "What a string image column holds (default: ${DEFAULT-VALUE}).")
    String imageKind;

    @Option(names = "--meta-columns", split = ",", description = "Columns kept as metadata (CSV default: all unmapped).")
    List<String> metaColumns = new ArrayList<>();

    @Option(names = "--batch-size", defaultValue = "" + BatchRunner.DEFAULT_BATCH_SIZE, description = "Items per graph run (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--partitions", defaultValue = "0",
        description = "Minimum partitions to score in (default 0: " + SparkScoreJob.DEFAULT_PARTITIONS_PER_CORE + " per core).")
    int partitions;

    @Option(names = "--on-existing", defaultValue = "overwrite", paramLabel = "overwrite|fail", description = "When OUTPUT exists (default: ${DEFAULT-VALUE}).")
    String onExisting;

    @Option(names = "--backfill-from", paramLabel = "PREVIOUS_OUTPUT",
        description = {"Score only what changed since a previous output of this command: an input item is copied from "
            + "PREVIOUS_OUTPUT when every requested signal there has a value with the current contract and provenance "
            + "(model id and version, artifact SHA-256, configuration; not the Prism code version), and scored otherwise "
            + "(new items, failed or missing values, or all items of a signal whose model changed). Prints rescored/kept counts."})
    String backfillFrom;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with configuration keys (see `prism config`).")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key; repeatable.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
      SparkScoreJob.Request request = new SparkScoreJob.Request(input, inputFormat, output,
          new ItemMapping(idColumn, textColumn, titleColumn, "link", imageColumn, imageKind, metaColumns), signals,
          batchSize, onExisting.toLowerCase(Locale.ROOT), partitions, backfillFrom);
      SparkScoreJob.inputFormat(request); // a bad format or a missing local input fails before Spark starts
      if (!input.contains(":/") && !java.nio.file.Files.exists(Path.of(input))) {
        throw new IllegalArgumentException("input not found: " + input);
      }
      // the output directory is deleted before Spark writes it: an output that is an input, or holds
      // it, would destroy it (Spark reads lazily, after the delete)
      refuseOutputOver(output, "the input", input);
      refuseOutputOver(output, "--backfill-from", backfillFrom);
      if (request.mode().equals("fail") && !output.contains(":/") && java.nio.file.Files.exists(Path.of(output))) {
        throw new IllegalArgumentException("output " + output + " exists and --on-existing is fail");
      }
      Config config = PrismConfig.load(List.of(), configFile, System.getenv(), overrides);
      try (SparkSession spark = session(master, sparkConf)) {
        ProgressListener progress = new ProgressListener(System.err, System.console() != null);
        spark.sparkContext().addSparkListener(progress);
        SparkScoreJob.Summary s = new SparkScoreJob(spark, config).run(request);
        System.err.printf(Locale.ROOT, "prism spark: %,d items scored in %.1f s (%.1f items/s) over %d partitions; "
                + "%,d bad rows, %,d items with signal errors -> %s%n", s.scored(), s.seconds(), s.itemsPerSecond(),
            s.partitions(), s.badRows(), s.itemsWithErrors(), output);
        if (backfillFrom != null) {
          System.err.printf(Locale.ROOT, "prism spark: backfill from %s: %,d rows rescored, %,d kept%s%n", backfillFrom,
              s.scored() + s.badRows(), s.kept(), s.stale().isEmpty() ? "" : "; stale signals (all rescored): " + s.stale());
        }
        return s.clean() ? 0 : 3;
      }
    }
  }

  /** A session for {@code master}; the UI is off (a batch job, and port clashes between concurrent runs). */
  public static SparkSession session(String master) {
    return session(master, Map.of());
  }

  /**
   * A session for {@code master} with extra Spark properties. A null master keeps the one spark-submit
   * set ({@code spark.master}, a system property in the driver), else {@code local[*]}: under
   * spark-submit the builder must not override the cluster it was submitted to.
   */
  public static SparkSession session(String master, Map<String, String> conf) {
    SparkSession.Builder b = SparkSession.builder().appName("prism-spark-score")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8");
    if (master != null) {
      b.master(master);
    } else if (System.getProperty("spark.master") == null) {
      b.master("local[*]");
    }
    conf.forEach(b::config);
    return b.getOrCreate();
  }
}
