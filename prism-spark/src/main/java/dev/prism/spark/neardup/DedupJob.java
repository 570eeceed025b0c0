package dev.prism.spark.neardup;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.signal.SignalSpec;
import dev.prism.runtime.item.ItemMapping;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * {@code prism spark dedup}: near-duplicate clusters of a corpus with LSH in Spark
 * (NEARDUP_SPARK.md). Steps: read the values (a 64-bit hash or an embedding column, scoring the
 * input first when it has none); drop bad rows into {@code bad_rows/} with their reason; collapse
 * identical values onto their smallest id; band keys of each distinct value (bit sampling or random
 * hyperplanes, seeded); candidate pairs from shared band keys; exact distance, keep pairs within
 * the threshold; connected components ({@link ConnectedComponents}); write {@code clusters/}
 * ({@code item_id, cluster_id}: the component's smallest id, an item's own id when alone),
 * {@code pairs/} ({@code id_a < id_b, distance}), the band-key index {@code index/} (and
 * {@code values/} for embeddings) and {@code _dedup.json}. With an existing output, only the new
 * items are banded and matched against the stored index; the old clusters are relabelled, never
 * recomputed.
 */
public final class DedupJob {
  /** Format of {@code _dedup.json}. */
  public static final int FORMAT_VERSION = 1;
  public static final String MANIFEST = "_dedup.json";
  /** Buckets (items sharing one band key) larger than this are skipped and counted: they are quadratic. */
  public static final int DEFAULT_MAX_BUCKET = 1000;
  /** Default Hamming thresholds of the 64-bit hash signals (SIMHASH.md, HASHING.md). */
  public static final Map<String, Double> DEFAULT_THRESHOLDS = Map.of(
      "text_simhash", 8.0, "image_phash", 10.0, "image_dhash", 8.0, "text_embedding", 0.15, "image_embedding", 0.08);
  /** New items whose band rows are fewer than this are broadcast to the stored index (no shuffle of the index). */
  static final long BROADCAST_BAND_ROWS = 5_000_000L;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark;
  private final SignalScoring scoring;
  private final PrintStream log;

  /** @param scoring names the score output's columns and scores an item input first (prism spark score) */
  public DedupJob(SparkSession spark, SignalScoring scoring, PrintStream log) {
    this.spark = spark;
    this.scoring = scoring;
    this.log = log;
  }

  /**
   * @param signal        the signal whose value is compared (its column is {@code name_vN} unless {@code column} is set)
   * @param column        the value column of a Parquet input; null = from the signal
   * @param threshold     largest distance kept (Hamming bits, or cosine distance); NaN = the signal's default
   * @param bands         0 = chosen by {@link LshPlan#choose}
   * @param targetRecall  wanted S-curve value at the threshold when choosing b and r
   * @param maxCandidatesPerItem budget of expected unrelated candidates per item when choosing b and r
   * @param existing      a previous run's output to extend; null = a full run
   * @param partitions    shuffle partitions; 0 = from the band rows
   */
  public record Request(String input, String inputFormat, String output, ItemMapping mapping, String signal, String column,
      double threshold, int bands, int rows, double targetRecall, double maxCandidatesPerItem, double backgroundCosine,
      long seed, int maxBucket, String existing, int partitions) {
    public Request {
      if ((bands == 0) != (rows == 0)) {
        throw new IllegalArgumentException("--bands and --rows go together (or neither: chosen from --target-recall)");
      }
      if (maxBucket < 2) {
        throw new IllegalArgumentException("--max-bucket must be >= 2, got " + maxBucket);
      }
      if (partitions < 0) {
        throw new IllegalArgumentException("--partitions must be >= 0, got " + partitions);
      }
    }

    /** A full run with the defaults on a Parquet or item input. */
    public static Request of(String input, String output, String signal) {
      return new Request(input, null, output, ItemMapping.defaults(), signal, null, Double.NaN, 0, 0, 0.9, 20, 0,
          42L, DEFAULT_MAX_BUCKET, null, 0);
    }

    public Request withBandsRows(int b, int r) {
      return new Request(input, inputFormat, output, mapping, signal, column, threshold, b, r, targetRecall,
          maxCandidatesPerItem, backgroundCosine, seed, maxBucket, existing, partitions);
    }

    public Request withExisting(String dir) {
      return new Request(input, inputFormat, output, mapping, signal, column, threshold, bands, rows, targetRecall,
          maxCandidatesPerItem, backgroundCosine, seed, maxBucket, dir, partitions);
    }

    public Request withPartitions(int p) {
      return new Request(input, inputFormat, output, mapping, signal, column, threshold, bands, rows, targetRecall,
          maxCandidatesPerItem, backgroundCosine, seed, maxBucket, existing, p);
    }

    public Request withThreshold(double t) {
      return new Request(input, inputFormat, output, mapping, signal, column, t, bands, rows, targetRecall,
          maxCandidatesPerItem, backgroundCosine, seed, maxBucket, existing, partitions);
    }
  }

  /**
   * Counts of one run. {@code candidates} counts pair comparisons in buckets (a pair sharing k bands
   * is compared k times); {@code pairs} the distinct verified pairs written (identical values
   * included, linked to their smallest id only).
   */
  public record Summary(LshPlan plan, long seed, long items, long badRows, Map<String, Long> badReasons,
      long distinctValues, long candidates, long pairs, long clusters, long clusteredItems, long oversizedBuckets,
      long shuffleBytes, long shuffleRecords, int ccRounds, double seconds) {
    public boolean clean() {
      return badRows == 0 && oversizedBuckets == 0;
    }
  }

  /** One value per item: a 64-bit hash or a unit embedding. */
  static final StructType PARSED = new StructType()
      .add("id", DataTypes.StringType).add("h", DataTypes.LongType)
      .add("vec", DataTypes.createArrayType(DataTypes.FloatType, false)).add("error", DataTypes.StringType);

  public Summary run(Request r) throws IOException {
    long start = System.nanoTime();
    ShuffleMeter meter = new ShuffleMeter();
    spark.sparkContext().addSparkListener(meter);
    FileSystem fs = new Path(r.output()).getFileSystem(spark.sparkContext().hadoopConfiguration());
    Path out = fs.makeQualified(new Path(r.output()));
    String previousPartitions = spark.conf().get("spark.sql.shuffle.partitions");
    try {
      JsonNode old = r.existing() == null ? null : readManifest(r.existing());
      if (fs.exists(out)) {
        if (old != null && samePath(fs, out, new Path(r.existing()))) {
          throw new IllegalArgumentException("output " + r.output() + " is the --existing directory; write the new state elsewhere");
        }
        fs.delete(out, true);
      }
      fs.mkdirs(out);
      spark.sparkContext().setCheckpointDir(new Path(out, "_checkpoint").toString());

      SignalSpec spec = SignalSpec.parse(r.signal());
      String column = r.column() != null ? r.column() : scoring.column(spec);
      Dataset<Row> source = source(r, column, new Path(out, "_scored").toString(), start);
      boolean hash = isHashColumn(source.schema().apply(column).dataType(), column);
      LshPlan.Metric metric = hash ? LshPlan.Metric.HAMMING64 : LshPlan.Metric.COSINE;
      double threshold = !Double.isNaN(r.threshold()) ? r.threshold()
          : old != null ? old.path("threshold").asDouble() : defaultThreshold(spec, metric);
      long seed = old != null ? old.path("seed").asLong() : r.seed();

      // parse, check, drop bad rows (kept with their reason)
      // a Parquet input of values has the --id-column; a scored input has prism score's "id"
      String idCol = Arrays.asList(source.columns()).contains(r.mapping().id()) ? r.mapping().id() : "id";
      String rowError = scoring.rowErrorColumn();
      boolean hasRowError = Arrays.asList(source.columns()).contains(rowError);
      Dataset<Row> raw = source.select(col(idCol).cast("string").as("id"), col(column).as("v"),
          hasRowError ? col(rowError) : lit(null).cast("string").as(rowError));
      Dataset<Row> parsed = raw.mapPartitions(parser(hash, column), Encoders.row(PARSED))
          .persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> good = parsed.where(col("error").isNull()).drop("error");
      // an id given twice: keep the smallest value (deterministic), count the rest as bad rows
      Dataset<Row> byId = good.groupBy("id").agg(min(hash ? "h" : "vec").as("value"), count(lit(1)).as("n"))
          .persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> items = byId.select(col("id"), col("value").as(hash ? "h" : "vec"));
      Map<String, Long> reasons = new LinkedHashMap<>();
      for (Row row : parsed.where(col("error").isNotNull())
          .groupBy(org.apache.spark.sql.functions.substring_index(col("error"), ":", 1).as("reason")).count().collectAsList()) {
        reasons.put(row.getString(0), row.getLong(1));
      }
      Row dupRow = byId.where(col("n").gt(1)).agg(org.apache.spark.sql.functions.sum(col("n").minus(1))).first();
      long duplicateIdRows = dupRow.isNullAt(0) ? 0 : dupRow.getLong(0);
      if (duplicateIdRows > 0) {
        reasons.put("duplicate id", duplicateIdRows);
      }
      Dataset<Row> badRows = parsed.where(col("error").isNotNull()).select(col("id"), col("error").as("reason"))
          .union(byId.where(col("n").gt(1)).select(col("id"),
              org.apache.spark.sql.functions.concat(lit("duplicate id: "), col("n").minus(1).cast("string"),
                  lit(" more rows with this id dropped (the smallest value kept)")).as("reason")));

      Dataset<Row> existingClusters = null;
      if (old != null) {
        // ids already clustered are not new: report them, keep the stored ones
        existingClusters = spark.read().parquet(new Path(new Path(r.existing()), "clusters").toString());
        Dataset<Row> clash = existingClusters.join(broadcast(items.select(col("id").as("item_id"))), "item_id").select("item_id");
        long clashes = clash.count();
        if (clashes > 0) {
          reasons.put("id already in --existing", clashes);
          badRows = badRows.union(clash.select(col("item_id").as("id"), lit("id already in --existing: the stored item is kept").as("reason")));
          items = items.join(broadcast(clash), items.col("id").equalTo(clash.col("item_id")), "left_anti");
        }
      }
      items = items.persist(StorageLevel.MEMORY_AND_DISK());
      long n = items.count();
      long bad = reasons.values().stream().mapToLong(Long::longValue).sum();
      int dim = hash ? 64 : (n == 0 ? 0 : items.first().getList(1).size());
      log.printf(Locale.ROOT, "prism spark dedup [%5.1f s]: %,d items, %,d bad rows %s; %s on column %s, threshold %s%n", (System.nanoTime() - start) / 1e9, n, bad, reasons,
          metric == LshPlan.Metric.HAMMING64 ? "Hamming (64-bit)" : "cosine distance (" + dim + "-d)", column, fmt(threshold));

      LshPlan plan = plan(r, old, metric, threshold, n + (old == null ? 0 : old.path("items").asLong()));
      log.printf(Locale.ROOT, "prism spark dedup [%5.1f s]: b = %d bands x r = %d rows, seed %d; expected recall at the threshold %.3f; "
              + "expected unrelated candidates per item %.2f; S-curve P(candidate | distance) %s%n", (System.nanoTime() - start) / 1e9, plan.bands(), plan.rows(), seed,
          plan.recallAtThreshold(), plan.backgroundCandidatesPerItem(Math.max(n, 2), r.backgroundCosine()), plan.curve());
      int parts = r.partitions() > 0 ? r.partitions() : (int) Math.max(8, Math.min(2000, n * plan.bands() / 2_000_000L + 1));
      spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(parts));
      BandKeys keys = hash ? new BandKeys.BitSampling(plan.bands(), plan.rows(), seed)
          : new BandKeys.Hyperplanes(plan.bands(), plan.rows(), dim, seed);
      String valueCol = hash ? "h" : "vec";

      // identical values: every item links to the smallest id holding the value; only that one is banded
      Dataset<Row> withRep = items.withColumn("rep", min("id").over(Window.partitionBy(valueCol))).persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> identical = withRep.where(col("id").notEqual(col("rep")))
          .select(col("rep").as("id_a"), col("id").as("id_b"), lit(0.0).as("distance"));
      Dataset<Row> reps = withRep.where(col("id").equalTo(col("rep"))).select(col("id"), col(valueCol));
      long distinct = reps.count();

      LongAccumulator candidates = spark.sparkContext().longAccumulator("candidates");
      LongAccumulator oversized = spark.sparkContext().longAccumulator("oversized buckets");
      StructType bandSchema = hash ? new StructType().add("bk", DataTypes.LongType).add("id", DataTypes.StringType).add("h", DataTypes.LongType)
          : new StructType().add("bk", DataTypes.LongType).add("id", DataTypes.StringType);
      Dataset<Row> bandRows = reps.flatMap(bander(keys, hash), Encoders.row(bandSchema));
      Dataset<Row> newIndex = bandRows;
      StructType pairSchema = new StructType().add("id_a", DataTypes.StringType).add("id_b", DataTypes.StringType)
          .add("distance", DataTypes.DoubleType);
      Dataset<Row> bucketCols = hash ? bandRows.groupBy("bk").agg(collect_list(struct(col("id"), col("h"))).as("members"))
          : bandRows.groupBy("bk").agg(collect_list(struct(col("id"))).as("members"));
      Dataset<Row> lshPairs = bucketCols.flatMap(pairer(hash, threshold, r.maxBucket(), candidates, oversized), Encoders.row(pairSchema));
      if (old != null) {
        Dataset<Row> oldIndex = unionOf(old.path("index"));
        Dataset<Row> nb = bandRows.select(col("bk"), col("id").as("nid"), hash ? col("h").as("nh") : lit(null).as("nh"));
        Dataset<Row> joined = oldIndex.join(n * plan.bands() < BROADCAST_BAND_ROWS ? broadcast(nb) : nb, "bk");
        Dataset<Row> crossPairs;
        if (hash) {
          crossPairs = joined.flatMap(crossVerifier(threshold, candidates), Encoders.row(pairSchema));
        } else {
          crossPairs = joined.select(org.apache.spark.sql.functions.least(col("id"), col("nid")).as("id_a"),
              org.apache.spark.sql.functions.greatest(col("id"), col("nid")).as("id_b"), lit(Double.NaN).as("distance"));
        }
        lshPairs = lshPairs.union(crossPairs);
      }
      lshPairs = lshPairs.dropDuplicates("id_a", "id_b");
      if (!hash) {
        Dataset<Row> vals = reps.select(col("id"), col("vec"));
        if (old != null) {
          vals = vals.union(unionOf(old.path("values")).select(col("id"), col("vec")));
        }
        lshPairs = verifyCosine(lshPairs, vals, threshold, candidates);
      }
      Dataset<Row> pairs = lshPairs.union(identical).persist(StorageLevel.MEMORY_AND_DISK());
      long pairCount = pairs.count();
      pairs.write().mode(SaveMode.Overwrite).parquet(new Path(out, "pairs").toString());
      log.printf(Locale.ROOT, "prism spark dedup [%5.1f s]: %,d distinct values, %,d candidate comparisons, %,d verified pairs, %,d oversized buckets skipped%n", (System.nanoTime() - start) / 1e9,
          distinct, candidates.value(), pairCount, oversized.value());

      // graph: within the new items, plus new items to the stored clusters they touch
      Dataset<Row> edges = pairs.select(col("id_a").as("u"), col("id_b").as("v"));
      if (old != null) {
        // an endpoint that is an old item is replaced by its stored cluster id; the stored clusters are only
        // scanned (semi join against the broadcast endpoints), never shuffled
        Dataset<Row> endpoints = edges.select(col("u").as("e")).union(edges.select(col("v").as("e"))).distinct();
        Dataset<Row> oldIds = broadcast(existingClusters.join(broadcast(endpoints),
            existingClusters.col("item_id").equalTo(endpoints.col("e")), "left_semi"));
        Dataset<Row> e = edges.join(oldIds, edges.col("u").equalTo(oldIds.col("item_id")), "left")
            .select(coalesce(col("cluster_id"), col("u")).as("u"), col("v"));
        e = e.join(oldIds, e.col("v").equalTo(oldIds.col("item_id")), "left")
            .select(col("u"), coalesce(col("cluster_id"), col("v")).as("v"));
        edges = e;
      }
      int[] rounds = {0};
      Dataset<Row> comp = ConnectedComponents.run(edges, k -> {
        rounds[0] = k;
        log.printf(Locale.ROOT, "prism spark dedup [%5.1f s]: connected components, round %d%n", (System.nanoTime() - start) / 1e9, k);
      }).persist(StorageLevel.MEMORY_AND_DISK());

      Dataset<Row> clusters;
      Dataset<Row> newClusters = items.join(comp, items.col("id").equalTo(comp.col("id")), "left")
          .select(items.col("id").as("item_id"), coalesce(comp.col("cluster_id"), items.col("id")).as("cluster_id"));
      if (old == null) {
        clusters = newClusters;
      } else {
        // stored clusters that met new items take the merged component's id (never larger than their own)
        Dataset<Row> relabel = comp.select(col("id").as("old_cluster"), col("cluster_id").as("merged"))
            .where(col("old_cluster").notEqual(col("merged")));
        Dataset<Row> oldRel = existingClusters.join(broadcast(relabel), existingClusters.col("cluster_id").equalTo(relabel.col("old_cluster")), "left")
            .select(col("item_id"), coalesce(col("merged"), col("cluster_id")).as("cluster_id"));
        clusters = oldRel.union(newClusters);
      }
      clusters.write().mode(SaveMode.Overwrite).parquet(new Path(out, "clusters").toString());
      newIndex.write().mode(SaveMode.Overwrite).parquet(new Path(out, "index").toString());
      if (!hash) {
        reps.select(col("id"), col("vec")).write().mode(SaveMode.Overwrite).parquet(new Path(out, "values").toString());
      }
      badRows.write().mode(SaveMode.Overwrite).parquet(new Path(out, "bad_rows").toString());
      Dataset<Row> written = spark.read().parquet(new Path(out, "clusters").toString());
      Row stats = written.groupBy("cluster_id").count().where(col("count").gt(1))
          .agg(count(lit(1)), org.apache.spark.sql.functions.sum("count")).first();
      long clusterCount = stats.getLong(0);
      long clustered = stats.isNullAt(1) ? 0 : stats.getLong(1);
      long total = n + (old == null ? 0 : old.path("items").asLong());

      ObjectNode m = JSON.createObjectNode();
      m.put("format_version", FORMAT_VERSION);
      m.put("signal", spec.toString());
      m.put("column", column);
      m.put("metric", metric.name().toLowerCase(Locale.ROOT));
      m.put("dim", dim);
      m.put("threshold", threshold);
      m.put("bands", plan.bands());
      m.put("rows", plan.rows());
      m.put("seed", seed);
      m.put("items", total);
      m.put("new_items", n);
      m.put("clusters", clusterCount);
      m.put("clustered_items", clustered);
      ArrayNode index = m.putArray("index");
      ArrayNode values = m.putArray("values");
      if (old != null) {
        old.path("index").forEach(index::add);
        old.path("values").forEach(values::add);
      }
      index.add(new Path(out, "index").toString());
      if (!hash) {
        values.add(new Path(out, "values").toString());
      }
      try (OutputStream o = fs.create(new Path(out, MANIFEST), true)) {
        o.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
      }
      fs.delete(new Path(out, "_checkpoint"), true);
      log.printf(Locale.ROOT, "prism spark dedup [%5.1f s]: written %s%n", (System.nanoTime() - start) / 1e9, out);
      parsed.unpersist();
      byId.unpersist();
      withRep.unpersist();
      pairs.unpersist();
      comp.unpersist();
      return new Summary(plan, seed, n, bad, reasons, distinct, candidates.value(), pairCount, clusterCount, clustered,
          oversized.value(), meter.bytes(), meter.records(), rounds[0], (System.nanoTime() - start) / 1e9);
    } finally {
      spark.sparkContext().removeSparkListener(meter);
      spark.conf().set("spark.sql.shuffle.partitions", previousPartitions);
    }
  }

  private LshPlan plan(Request r, JsonNode old, LshPlan.Metric metric, double threshold, long n) {
    if (old != null) {
      LshPlan stored = new LshPlan(metric, old.path("bands").asInt(), old.path("rows").asInt(), old.path("threshold").asDouble());
      if (r.bands() != 0 && (r.bands() != stored.bands() || r.rows() != stored.rows())) {
        throw new IllegalArgumentException("--existing was built with " + stored.bands() + " bands x " + stored.rows()
            + " rows; --bands/--rows must match or be left out");
      }
      if (!old.path("metric").asText().equals(metric.name().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("--existing holds " + old.path("metric").asText() + " values, the input "
            + metric.name().toLowerCase(Locale.ROOT));
      }
      if (threshold != stored.threshold()) {
        throw new IllegalArgumentException("--existing used threshold " + fmt(stored.threshold()) + ", not " + fmt(threshold));
      }
      return stored;
    }
    if (r.bands() > 0) {
      return new LshPlan(metric, r.bands(), r.rows(), threshold);
    }
    return LshPlan.choose(metric, threshold, r.targetRecall(), Math.max(n, 2), r.maxCandidatesPerItem(), r.backgroundCosine());
  }

  /** The values to deduplicate: the input itself when it is Parquet with the column, else the input scored for the signal. */
  private Dataset<Row> source(Request r, String column, String scoredDir, long start) throws IOException {
    if (isParquet(r)) {
      Dataset<Row> p = spark.read().parquet(r.input());
      if (Arrays.asList(p.columns()).contains(column)) {
        return p;
      }
    }
    log.printf(Locale.ROOT, "prism spark dedup [%5.1f s]: scoring %s for %s first (into %s)%n", (System.nanoTime() - start) / 1e9, r.input(), r.signal(), scoredDir);
    SignalScoring.Scored s = scoring.score(r.input(), r.inputFormat(), scoredDir, r.mapping(), r.signal());
    log.printf(Locale.ROOT, "prism spark dedup [%5.1f s]: scored %,d items (%,d bad rows) in %.1f s%n", (System.nanoTime() - start) / 1e9, s.items(), s.badRows(), s.seconds());
    return spark.read().parquet(scoredDir);
  }

  /** Parquet by --input-format or by the name (a file or directory ending .parquet); anything else is scored. */
  static boolean isParquet(Request r) {
    if (r.inputFormat() != null) {
      return r.inputFormat().equalsIgnoreCase("parquet");
    }
    return r.input().toLowerCase(Locale.ROOT).replaceAll("/+$", "").endsWith(".parquet");
  }

  static boolean isHashColumn(DataType t, String column) {
    if (t.equals(DataTypes.StringType) || t.equals(DataTypes.LongType)) {
      return true;
    }
    if (t instanceof ArrayType a && a.elementType() instanceof NumericType) {
      return false;
    }
    throw new IllegalArgumentException("column " + column + " is " + t.simpleString()
        + ": expected a 64-bit hash (hex string or long) or an embedding (array of numbers)");
  }

  static double defaultThreshold(SignalSpec spec, LshPlan.Metric metric) {
    Double t = DEFAULT_THRESHOLDS.get(spec.name());
    if (t == null) {
      throw new IllegalArgumentException("no default threshold for " + spec + "; give --threshold ("
          + (metric == LshPlan.Metric.HAMMING64 ? "Hamming bits" : "cosine distance") + ")");
    }
    return t;
  }

  /** Rows (id, v, row_error) to (id, h, vec, error); a row that cannot be compared gets its reason. */
  static MapPartitionsFunction<Row, Row> parser(boolean hash, String column) {
    return rows -> new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row in = rows.next();
        String id = in.isNullAt(0) ? null : in.getString(0);
        String error = null;
        Long h = null;
        float[] vec = null;
        if (!in.isNullAt(2)) {
          error = "input row error: " + in.getString(2);
        } else if (id == null || id.isEmpty()) {
          error = "missing id: the row has no id";
        } else if (in.isNullAt(1)) {
          error = "missing value: " + column + " is null";
        } else if (hash) {
          Object v = in.get(1);
          if (v instanceof Long l) {
            h = l;
          } else {
            String s = v.toString();
            if (s.isEmpty() || s.length() > 16 || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
              error = "bad hash: " + column + " = '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "' is not 1-16 hex digits";
            } else {
              h = Long.parseUnsignedLong(s, 16);
            }
          }
        } else {
          List<Object> list = in.getList(1);
          vec = new float[list.size()];
          double norm = 0;
          for (int i = 0; i < vec.length && error == null; i++) {
            Object x = list.get(i);
            if (x == null || !Double.isFinite(((Number) x).doubleValue())) {
              error = "bad embedding: " + column + "[" + i + "] = " + x;
            } else {
              vec[i] = ((Number) x).floatValue();
              norm += vec[i] * (double) vec[i];
            }
          }
          if (error == null && (vec.length == 0 || norm == 0)) {
            error = "bad embedding: " + column + " has length " + vec.length + " and norm 0";
          } else if (error == null) {
            float inv = (float) (1 / Math.sqrt(norm)); // cosine needs unit vectors; normalising is harmless for unit input
            for (int i = 0; i < vec.length; i++) {
              vec[i] *= inv;
            }
          }
        }
        if (error != null) {
          return RowFactory.create(id, null, null, error);
        }
        return RowFactory.create(id, h, vec, null);
      }
    };
  }

  static FlatMapFunction<Row, Row> bander(BandKeys keys, boolean hash) {
    return row -> {
      String id = row.getString(0);
      List<Row> out = new ArrayList<>(keys.bands());
      if (hash) {
        long h = row.getLong(1);
        BandKeys.BitSampling bs = (BandKeys.BitSampling) keys;
        for (int b = 0; b < keys.bands(); b++) {
          out.add(RowFactory.create(bs.key(h, b), id, h));
        }
      } else {
        List<Float> list = row.getList(1);
        float[] v = new float[list.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = list.get(i);
        }
        for (long k : ((BandKeys.Hyperplanes) keys).keys(v)) {
          out.add(RowFactory.create(k, id));
        }
      }
      return out.iterator();
    };
  }

  /** Pairs of one bucket (ordered ids); 64-bit hashes are verified here, embeddings later by a join. */
  static FlatMapFunction<Row, Row> pairer(boolean hash, double threshold, int maxBucket, LongAccumulator candidates,
      LongAccumulator oversized) {
    return row -> {
      List<Row> members = row.getList(1);
      int m = members.size();
      if (m < 2) {
        return java.util.Collections.emptyIterator();
      }
      if (m > maxBucket) {
        oversized.add(1);
        return java.util.Collections.emptyIterator();
      }
      String[] ids = new String[m];
      long[] hs = new long[m];
      for (int i = 0; i < m; i++) {
        ids[i] = members.get(i).getString(0);
        hs[i] = hash ? members.get(i).getLong(1) : 0;
      }
      List<Row> out = new ArrayList<>();
      long compared = 0;
      for (int i = 0; i < m; i++) {
        for (int j = i + 1; j < m; j++) {
          compared++;
          boolean iFirst = ids[i].compareTo(ids[j]) < 0;
          String a = iFirst ? ids[i] : ids[j];
          String b = iFirst ? ids[j] : ids[i];
          if (hash) {
            int d = Long.bitCount(hs[i] ^ hs[j]);
            if (d <= threshold) {
              out.add(RowFactory.create(a, b, (double) d));
            }
          } else {
            out.add(RowFactory.create(a, b, Double.NaN));
          }
        }
      }
      candidates.add(compared);
      return out.iterator();
    };
  }

  /** (bk, id, h, nid, nh) rows of the stored index joined with new band rows: verified (old, new) pairs. */
  static FlatMapFunction<Row, Row> crossVerifier(double threshold, LongAccumulator candidates) {
    return row -> {
      candidates.add(1);
      String oldId = row.getString(1);
      String newId = row.getString(3);
      int d = Long.bitCount(row.getLong(2) ^ row.getLong(4));
      if (d > threshold) {
        return java.util.Collections.emptyIterator();
      }
      boolean oldFirst = oldId.compareTo(newId) < 0;
      return List.of(RowFactory.create(oldFirst ? oldId : newId, oldFirst ? newId : oldId, (double) d)).iterator();
    };
  }

  /** Candidate pairs (id_a, id_b) of embeddings, verified with the exact cosine distance of the stored unit vectors. */
  static Dataset<Row> verifyCosine(Dataset<Row> pairs, Dataset<Row> vals, double threshold, LongAccumulator candidates) {
    Dataset<Row> a = vals.select(col("id").as("ka"), col("vec").as("va"));
    Dataset<Row> b = vals.select(col("id").as("kb"), col("vec").as("vb"));
    Dataset<Row> j = pairs.select("id_a", "id_b").join(a, col("id_a").equalTo(col("ka"))).join(b, col("id_b").equalTo(col("kb")));
    StructType schema = new StructType().add("id_a", DataTypes.StringType).add("id_b", DataTypes.StringType)
        .add("distance", DataTypes.DoubleType);
    return j.select("id_a", "id_b", "va", "vb").flatMap((FlatMapFunction<Row, Row>) row -> {
      candidates.add(1);
      List<Float> x = row.getList(2);
      List<Float> y = row.getList(3);
      double dot = 0;
      for (int i = 0; i < x.size(); i++) {
        dot += x.get(i) * (double) y.get(i);
      }
      double d = 1 - dot;
      return d <= threshold ? List.of(RowFactory.create(row.getString(0), row.getString(1), d)).iterator()
          : java.util.Collections.emptyIterator();
    }, Encoders.row(schema));
  }

  private Dataset<Row> unionOf(JsonNode dirs) {
    List<String> paths = new ArrayList<>();
    dirs.forEach(d -> paths.add(d.asText()));
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("--existing manifest lists no index directories");
    }
    return spark.read().parquet(paths.toArray(new String[0]));
  }

  JsonNode readManifest(String dir) throws IOException {
    Path p = new Path(new Path(dir), MANIFEST);
    FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(p)) {
      throw new IllegalArgumentException("--existing " + dir + " has no " + MANIFEST + ": not a prism spark dedup output");
    }
    JsonNode m;
    try (InputStream in = fs.open(p)) {
      m = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    if (m.path("format_version").asInt() != FORMAT_VERSION) {
      throw new IllegalArgumentException(p + " has format_version " + m.path("format_version") + ", this version reads " + FORMAT_VERSION);
    }
    return m;
  }

  private static boolean samePath(FileSystem fs, Path a, Path b) {
    return fs.makeQualified(a).equals(fs.makeQualified(b));
  }

  /** A threshold as typed: 8, not 8.0; 0.15 as is. */
  public static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
