package dev.prism.spark;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.config.Config;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.io.SignalJson;
import dev.prism.core.signal.CodeVersion;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalSpec;
import dev.prism.runtime.batch.BatchRunner;
import dev.prism.runtime.item.ItemMapping;
import dev.prism.runtime.media.MediaConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * {@code prism spark score} on the driver: resolves the signals against the graph's declarations
 * (no model loads on the driver), reads the input with Spark, scores each partition with
 * {@link PartitionScorer} and writes Parquet through Spark's file committer: each task writes into
 * its attempt directory and only committed tasks' files are moved into the output at job commit,
 * so a re-run with {@code overwrite} after a killed job leaves every item exactly once. The
 * driver then writes {@code OUTPUT/_prism.meta.json} (counts, contracts, provenance; Spark's
 * readers skip names starting with {@code _}).
 */
public final class SparkScoreJob {
  /** Partitions per core when the input has fewer splits (one CSV file is one split): small enough tasks to balance and show progress. */
  public static final int DEFAULT_PARTITIONS_PER_CORE = 4;
  /** Name of the metadata file written into the output directory. */
  public static final String META_FILE = "_prism.meta.json";
  private static final String SOURCE = "_prism_source";
  /**
   * prism-models' ONNX intra-op thread key. Its default 0 (one thread per core) is right for one
   * process scoring one batch at a time; an executor runs one task per core at once, all on the
   * JVM's shared sessions, so the job turns 0 into {@code spark.task.cpus} threads per call.
   */
  static final String INTRA_OP_THREADS = "models.onnx.intra_op_threads";

  /**
   * @param inputFormat {@code jsonl}, {@code csv} or {@code parquet}; null = from the extension
   * @param signals requested names; empty = every served signal (each item gets those that apply)
   * @param mode what to do when the output exists: {@code overwrite} or {@code fail}
   * @param partitions minimum number of partitions to score in; 0 = {@value #DEFAULT_PARTITIONS_PER_CORE} per core
   * @param backfillFrom a previous output whose reusable rows are copied instead of scored ({@link Backfill}); null = score all
   */
  public record Request(String input, String inputFormat, String output, ItemMapping mapping, List<String> signals,
      int batchSize, String mode, int partitions, String backfillFrom) {
    public Request(String input, String inputFormat, String output, ItemMapping mapping, List<String> signals,
        int batchSize, String mode, int partitions) {
      this(input, inputFormat, output, mapping, signals, batchSize, mode, partitions, null);
    }

    public Request {
      signals = List.copyOf(signals);
      if (batchSize < 1 || batchSize > BatchRunner.MAX_BATCH_SIZE) {
        throw new IllegalArgumentException("--batch-size must be in [1, " + BatchRunner.MAX_BATCH_SIZE + "], got " + batchSize);
      }
      if (!List.of("overwrite", "fail").contains(mode)) {
        throw new IllegalArgumentException("--on-existing must be overwrite or fail, got '" + mode + "'");
      }
      if (partitions < 0) {
        throw new IllegalArgumentException("--partitions must be >= 0, got " + partitions);
      }
    }
  }

  /**
   * Counts of one run, from the tasks' accumulators (committed tasks only).
   *
   * @param kept rows copied from the backfill's previous output (0 without one)
   * @param stale the requested signals whose previous values were not reusable, with why (backfill only)
   */
  public record Summary(long scored, long badRows, long itemsWithErrors, int partitions, double seconds, long kept,
      Map<String, String> stale) {
    public Summary {
      stale = Map.copyOf(stale);
    }

    public double itemsPerSecond() {
      return scored / Math.max(seconds, 1e-9);
    }

    public boolean clean() {
      return badRows == 0 && itemsWithErrors == 0;
    }
  }

  private final SparkSession spark;
  private final Config config;

  public SparkScoreJob(SparkSession spark, Config config) {
    this.spark = spark;
    this.config = config;
  }

  /** The input format from the request or the extension. */
  static String inputFormat(Request r) {
    if (r.inputFormat() != null) {
      return r.inputFormat().toLowerCase(Locale.ROOT);
    }
    String name = r.input().toLowerCase(Locale.ROOT).replaceAll("/+$", "");
    if (name.endsWith(".csv")) {
      return "csv";
    }
    if (name.endsWith(".jsonl") || name.endsWith(".json")) {
      return "jsonl";
    }
    if (name.endsWith(".parquet")) {
      return "parquet";
    }
    throw new IllegalArgumentException("cannot tell the format of " + r.input() + " from its extension; use --input-format");
  }

  public Summary run(Request r) throws IOException {
    String format = inputFormat(r);
    RowItems items = new RowItems(format, r.mapping(), config.get(MediaConfig.MAX_BYTES));
    Map<String, String> settings = new LinkedHashMap<>(config.asStrings());
    if ("0".equals(settings.get(INTRA_OP_THREADS))) {
      settings.put(INTRA_OP_THREADS, spark.conf().get("spark.task.cpus", "1"));
    }
    // The driver resolves names and contracts from the graph's declarations (no model loads for that) and
    // asks it for provenance after the job. It uses the JVM's executor graph: in local mode driver and
    // executor share the JVM, so models load once; on a cluster the driver loads them once for provenance.
    SignalGraph graph = ExecutorGraphs.get(settings).graph();
    Set<SignalSpec> wanted = new LinkedHashSet<>();
    Map<SignalSpec, SignalContract> contracts = new LinkedHashMap<>();
    if (r.signals().isEmpty()) {
      wanted.addAll(graph.served());
    } else {
      for (String s : r.signals()) {
        wanted.add(graph.resolve(s));
      }
    }
    wanted.forEach(s -> contracts.put(s, graph.contracts().get(s)));
    List<SignalSpec> specs = List.copyOf(wanted);
    StructType outSchema = SparkSchema.of(specs, contracts);

    ObjectNode provenance = SignalJson.MAPPER.createObjectNode();
    wanted.forEach(s -> provenance.set(s.toString(), SignalJson.provenance(graph.provenance(s))));

    Dataset<Row> in = read(format, r.input()).withColumn(SOURCE, functions.input_file_name());
    Dataset<Row> kept = null;
    Map<String, String> stale = new LinkedHashMap<>();
    if (r.backfillFrom() != null) {
      // a row of the previous output is copied when its signals are current and complete and its id is in the
      // input; the input rows without such a row are scored (a left anti join on the id the scorer would read)
      var previousMeta = Backfill.readMeta(r.backfillFrom());
      Backfill.stale(previousMeta, specs, contracts, provenance).forEach((k, v) -> stale.put(k.toString(), v));
      StructType inSchema = in.schema();
      Dataset<Row> keyed = in.mapPartitions(new Backfill.Keys(items, inSchema),
          Encoders.row(inSchema.add(Backfill.KEY, DataTypes.StringType, true)));
      Dataset<Row> previous = spark.read().parquet(r.backfillFrom());
      for (String f : outSchema.fieldNames()) {
        if (!java.util.Arrays.asList(previous.columns()).contains(f)) {
          stale.putIfAbsent(f, "the previous output has no column " + f);
        }
      }
      if (stale.isEmpty()) {
        Dataset<Row> ids = keyed.select(functions.col(Backfill.KEY).as("id")).where(functions.col("id").isNotNull());
        kept = previous.where(Backfill.reusable(outSchema)).join(ids, "id", "left_semi")
            .select(java.util.Arrays.stream(outSchema.fieldNames()).map(functions::col).toArray(org.apache.spark.sql.Column[]::new));
        Dataset<Row> keptIds = kept.select(functions.col("id").as(Backfill.KEY));
        in = keyed.join(keptIds, keyed.col(Backfill.KEY).equalTo(keptIds.col(Backfill.KEY)), "left_anti").drop(Backfill.KEY);
      }
    }
    int target = r.partitions() > 0 ? r.partitions() : DEFAULT_PARTITIONS_PER_CORE * spark.sparkContext().defaultParallelism();
    if (in.rdd().getNumPartitions() < target) {
      in = in.repartition(target);
    }
    LongAccumulator scored = spark.sparkContext().longAccumulator("prism.items_scored");
    LongAccumulator bad = spark.sparkContext().longAccumulator("prism.bad_rows");
    LongAccumulator failed = spark.sparkContext().longAccumulator("prism.items_with_errors");
    PartitionScorer fn = new PartitionScorer(settings, items, in.schema(),
        specs.stream().map(SignalSpec::toString).toList(), r.signals().isEmpty(), r.batchSize(),
        outSchema.fields().length, scored, bad, failed);
    long t0 = System.nanoTime();
    Dataset<Row> out = in.mapPartitions(fn, Encoders.row(outSchema));
    int partitions = out.rdd().getNumPartitions();
    if (kept != null) {
      out = out.union(kept);
    }
    out.write().mode(r.mode().equals("overwrite") ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(r.output());
    double seconds = (System.nanoTime() - t0) / 1e9;
    // kept rows: the output's count (Parquet footers, no scan) less what the tasks scored
    long keptRows = kept == null ? 0 : spark.read().parquet(r.output()).count() - scored.value() - bad.value();
    Summary summary = new Summary(scored.value(), bad.value(), failed.value(), partitions, seconds, keptRows, stale);
    writeMeta(r, format, specs, contracts, provenance, summary);
    return summary;
  }

  /** The input as rows: JSONL as lines of text (parsed per partition like prism score parses them), CSV as strings. */
  Dataset<Row> read(String format, String input) {
    return switch (format) {
      case "jsonl" -> spark.read().option("wholetext", false).text(input);
      case "csv" -> {
        // every column a string, as prism score reads CSV; RFC 4180 quoting with fields spanning lines
        var reader = spark.read().option("header", true).option("multiLine", true).option("escape", "\"")
            .option("mode", "PERMISSIVE").option("inferSchema", false);
        StructType header = reader.csv(input).schema();
        List<StructField> fields = new ArrayList<>();
        for (StructField f : header.fields()) {
          fields.add(DataTypes.createStructField(f.name(), DataTypes.StringType, true));
        }
        fields.add(DataTypes.createStructField(RowItems.CORRUPT, DataTypes.StringType, true));
        yield reader.option("columnNameOfCorruptRecord", RowItems.CORRUPT).schema(DataTypes.createStructType(fields)).csv(input);
      }
      case "parquet" -> spark.read().parquet(input);
      default -> throw new IllegalArgumentException("input format must be jsonl, csv or parquet, got '" + format + "'");
    };
  }

  private void writeMeta(Request r, String format, List<SignalSpec> specs, Map<SignalSpec, SignalContract> contracts,
      ObjectNode provenance, Summary s) throws IOException {
    java.net.URI uri = java.net.URI.create(toUri(r.output()));
    if (!"file".equals(uri.getScheme()) || !Files.isDirectory(Path.of(uri))) {
      return; // not a local file system: the counts are in the launcher's summary line
    }
    Path dir = Path.of(uri);
    ObjectNode m = SignalJson.MAPPER.createObjectNode();
    m.put("runner", "spark").put("spark_version", spark.version()).put("master", spark.sparkContext().master())
        .put("input", r.input()).put("input_format", format).put("output", r.output()).put("output_format", "parquet")
        .put("on_existing", r.mode()).put("code_version", CodeVersion.get())
        .put("items_scored", s.scored()).put("bad_rows", s.badRows()).put("items_with_signal_errors", s.itemsWithErrors())
        .put("partitions", s.partitions()).put("seconds", s.seconds());
    if (r.backfillFrom() != null) {
      m.put("backfill_from", r.backfillFrom()).put("items_kept", s.kept());
      ObjectNode st = m.putObject("stale_signals");
      s.stale().forEach(st::put);
    }
    ArrayNode cs = m.putArray("contracts");
    specs.forEach(x -> cs.add(SignalJson.contract(contracts.get(x))));
    m.set("provenance", provenance);
    Files.writeString(dir.resolve(META_FILE), SignalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(m));
  }

  private static String toUri(String path) {
    return path.contains(":/") ? path : Path.of(path).toAbsolutePath().toUri().toString();
  }
}
