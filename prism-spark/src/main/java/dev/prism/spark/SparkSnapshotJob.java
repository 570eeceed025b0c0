package dev.prism.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.core.io.SignalJson;
import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.learn.data.Snapshot;
import dev.prism.learn.data.SnapshotItem;
import dev.prism.learn.data.SnapshotMeta;
import dev.prism.learn.data.Split;
import dev.prism.runtime.item.ItemMapping;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * {@code prism spark snapshot}: items, signal values (outputs of {@code prism spark score}) and labels
 * (the label store's export: {@code item_id, label, annotator, source_kind, confidence, created_at})
 * joined into a prism-learn training snapshot, the JSONL {@code prism train} reads, with point-in-time
 * correctness at {@code asOf}:
 *
 * <ul>
 *   <li>Signals: per item, the latest complete row whose {@code scored_at} is at or before the cut-off,
 *       across all the given outputs. A value computed after it is never used; an item with none is left out.
 *   <li>Labels: the label store keeps one label per (item, annotator) and a relabel replaces it, so per
 *       (item, annotator) the latest label created at or before the cut-off counts (a later relabel is
 *       ignored, an earlier label it replaced is what the store held at the cut-off). Only the requested
 *       source kinds (default HUMAN). The item's label is the majority of its annotators; a tie goes to the
 *       label whose latest vote is the most recent, then to the smaller label. Items without a label at the
 *       cut-off are dropped or kept as {@code pool}.
 *   <li>Splits: labelled items go to train, valid or test by a seeded hash of the id (stable across runs
 *       and cut-offs: an item never moves between train and test as the snapshot grows).
 * </ul>
 */
public final class SparkSnapshotJob {
  /** The label export's columns (prism-store's {@code LabelExporter}). */
  static final List<String> LABEL_COLUMNS = List.of("item_id", "label", "annotator", "source_kind", "confidence", "created_at");

  /**
   * @param signalOutputs directories written by {@code prism spark score}
   * @param signals features in order; empty = every numeric single-column signal of the outputs
   * @param sourceKinds label source kinds to use (HUMAN, LABELING_FUNCTION, MODEL)
   * @param keepUnlabeled unlabelled items become {@code pool} instead of being dropped
   */
  public record Request(String items, String itemsFormat, ItemMapping mapping, List<String> signalOutputs, List<String> signals,
      String labels, String labelsFormat, Set<String> sourceKinds, Instant asOf, double validFraction, double testFraction,
      long seed, boolean keepUnlabeled, Path output) {
    public Request {
      signalOutputs = List.copyOf(signalOutputs);
      signals = List.copyOf(signals);
      sourceKinds = Set.copyOf(sourceKinds);
      if (signalOutputs.isEmpty()) {
        throw new IllegalArgumentException("--signals-from: at least one output of prism spark score is needed");
      }
      if (!(validFraction >= 0 && testFraction >= 0 && validFraction + testFraction < 1)) {
        throw new IllegalArgumentException("--valid-fraction and --test-fraction must be >= 0 with a sum < 1, got "
            + validFraction + " and " + testFraction);
      }
    }
  }

  /** What went into the snapshot. */
  /**
   * @param itemsRead input rows that are items (a repeated id counts each time)
   * @param written snapshot lines: items with a signal row and (unless kept as pool) a label at the cut-off
   * @param badLabelRows label rows without an item, label, annotator or a readable created_at (skipped)
   */
  public record Summary(long itemsRead, long written, Map<String, Long> splits, long badLabelRows, List<String> badLabelExamples) {}

  private final SparkSession spark;

  public SparkSnapshotJob(SparkSession spark) {
    this.spark = spark;
  }

  public Summary run(Request r) throws IOException {
    Timestamp cutoff = Timestamp.from(r.asOf());
    // signals: which specs, their columns, and one provenance per spec across every output
    Map<SignalSpec, Provenance> provenance = new LinkedHashMap<>();
    List<SignalSpec> specs = featureSpecs(r, provenance);
    List<String> columns = specs.stream().map(SparkSchema::column).toList();

    Dataset<Row> values = null;
    for (String dir : r.signalOutputs()) {
      Dataset<Row> d = spark.read().parquet(dir);
      if (!List.of(d.columns()).contains(SparkSchema.SCORED_AT)) {
        throw new IllegalArgumentException("--signals-from " + dir + " has no " + SparkSchema.SCORED_AT
            + " column (written before prism spark score recorded it): score it again");
      }
      for (String c : columns) {
        if (!List.of(d.columns()).contains(c)) {
          throw new IllegalArgumentException("--signals-from " + dir + " has no column " + c);
        }
      }
      List<Column> cols = new ArrayList<>(List.of(functions.col("id"), functions.col(SparkSchema.SCORED_AT)));
      columns.forEach(c -> cols.add(functions.col(c)));
      Column complete = functions.col(SparkSchema.ROW_ERROR).isNull().and(functions.col(SparkSchema.SCORED_AT).leq(functions.lit(cutoff)));
      for (String c : columns) {
        complete = complete.and(functions.col(c).isNotNull());
      }
      Dataset<Row> part = d.where(complete).select(cols.toArray(Column[]::new));
      values = values == null ? part : values.unionByName(part);
    }
    // the latest value at or before the cut-off per item (ties: any of the equal rows, they are the same scoring)
    values = values.withColumn("_rank", functions.row_number().over(
            Window.partitionBy("id").orderBy(functions.col(SparkSchema.SCORED_AT).desc())))
        .where(functions.col("_rank").equalTo(1)).drop("_rank", SparkSchema.SCORED_AT);

    // labels at the cut-off
    LongAccumulator badLabels = spark.sparkContext().longAccumulator("prism.bad_label_rows");
    Dataset<Row> labelRows = readLabels(r);
    Column ts = functions.try_to_timestamp(functions.col("created_at"));
    Column bad = functions.col("item_id").isNull().or(functions.col("label").isNull()).or(functions.col("annotator").isNull())
        .or(ts.isNull());
    Dataset<Row> badRows = labelRows.where(bad);
    long badLabelRows = badRows.count();
    List<String> badExamples = badRows.limit(5).collectAsList().stream().map(Row::toString).toList();
    Column kinds = functions.upper(functions.col("source_kind")).isin(r.sourceKinds().toArray());
    Dataset<Row> current = labelRows.where(functions.not(bad)).withColumn("_t", ts)
        .where(kinds.and(functions.col("_t").leq(functions.lit(cutoff))))
        .withColumn("_rank", functions.row_number().over(Window.partitionBy("item_id", "annotator")
            .orderBy(functions.col("_t").desc(), functions.col("label").asc())))
        .where(functions.col("_rank").equalTo(1));
    Dataset<Row> votes = current.groupBy("item_id", "label")
        .agg(functions.count("*").as("_votes"), functions.max("_t").as("_latest"));
    Dataset<Row> itemLabels = votes.withColumn("_rank", functions.row_number().over(Window.partitionBy("item_id")
            .orderBy(functions.col("_votes").desc(), functions.col("_latest").desc(), functions.col("label").asc())))
        .where(functions.col("_rank").equalTo(1)).select(functions.col("item_id").as("_lid"), functions.col("label"));

    // items: id, text and metadata as the scorer reads them
    String format = SparkScoreJob.inputFormat(new SparkScoreJob.Request(r.items(), r.itemsFormat(), "unused", r.mapping(),
        List.of(), 1, "overwrite", 0));
    RowItems rowItems = new RowItems(format, r.mapping(), Long.MAX_VALUE);
    Dataset<Row> raw = new SparkScoreJob(spark, null).read(format, r.items()).withColumn("_src", functions.lit(""));
    StructType itemSchema = new StructType().add("id", DataTypes.StringType, false).add("text", DataTypes.StringType, true)
        .add("meta", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true);
    LongAccumulator itemsRead = spark.sparkContext().longAccumulator("prism.snapshot.items_read");
    Dataset<Row> items = raw.mapPartitions(new ItemColumns(rowItems, raw.schema(), itemsRead), Encoders.row(itemSchema))
        .dropDuplicates("id");

    Dataset<Row> joined = items.join(values, "id").join(itemLabels, functions.col("id").equalTo(functions.col("_lid")), "left").drop("_lid");
    if (!r.keepUnlabeled()) {
      joined = joined.where(functions.col("label").isNotNull());
    }
    // the seeded hash in [0, 1): test below testFraction, valid below test + valid, the rest train
    Column u = functions.pmod(functions.xxhash64(functions.col("id"), functions.lit(r.seed())), functions.lit(1_000_000L))
        .divide(1_000_000.0);
    Column split = functions.when(functions.col("label").isNull(), functions.lit(Split.POOL.key()))
        .when(u.lt(r.testFraction()), functions.lit(Split.TEST.key()))
        .when(u.lt(r.testFraction() + r.validFraction()), functions.lit(Split.VALID.key()))
        .otherwise(functions.lit(Split.TRAIN.key()));
    joined = joined.withColumn("split", split);

    Path parts = r.output().resolveSibling(r.output().getFileName() + ".parts");
    Map<String, LongAccumulator> counts = new LinkedHashMap<>();
    for (Split sp : Split.values()) {
      counts.put(sp.key(), spark.sparkContext().longAccumulator("prism.snapshot." + sp.key()));
    }
    Dataset<String> lines = joined.mapPartitions(new Lines(specs.stream().map(SignalSpec::toString).toList(), counts),
        Encoders.STRING());
    lines.write().mode(org.apache.spark.sql.SaveMode.Overwrite).text(parts.toString());
    concatenate(parts, r.output());
    // the sidecar prism train and prism snapshot write: code version, platform, each feature's provenance
    SnapshotMeta.create(r.output(), specs, provenance::get).write(r.output());
    Map<String, Long> splits = new LinkedHashMap<>();
    counts.forEach((k, v) -> splits.put(k, v.value()));
    long written = splits.values().stream().mapToLong(Long::longValue).sum();
    return new Summary(itemsRead.value(), written, splits, badLabelRows, badExamples);
  }

  /** The feature signals: requested or all numeric single-column ones, each with one provenance across the outputs. */
  private List<SignalSpec> featureSpecs(Request r, Map<SignalSpec, Provenance> provenance) throws IOException {
    Map<SignalSpec, String> types = new LinkedHashMap<>();
    for (String dir : r.signalOutputs()) {
      JsonNode meta = Backfill.readMeta(dir);
      for (JsonNode c : meta.path("contracts")) {
        SignalSpec s = SignalSpec.parse(c.path("signal").asText());
        types.putIfAbsent(s, c.path("type").path("kind").asText());
        Provenance p = SignalJson.provenance(meta.path("provenance").get(s.toString()), dir + " provenance." + s);
        Provenance seen = provenance.putIfAbsent(s, p);
        if (seen != null && !Backfill.comparable(SignalJson.provenance(seen)).equals(Backfill.comparable(SignalJson.provenance(p)))) {
          throw new IllegalArgumentException("--signals-from: " + s + " was computed with different models or settings in "
              + "the given outputs (" + Backfill.comparable(SignalJson.provenance(seen)) + " vs " + Backfill.comparable(SignalJson.provenance(p))
              + "); a snapshot's feature must come from one; backfill the older output first");
        }
      }
    }
    List<SignalSpec> specs = new ArrayList<>();
    if (r.signals().isEmpty()) {
      types.forEach((s, kind) -> {
        if (List.of("EMBEDDING", "FEATURES", "PROBABILITY", "SCORE").contains(kind.toUpperCase(Locale.ROOT))) {
          specs.add(s);
        }
      });
    } else {
      for (String name : r.signals()) {
        SignalSpec s = SignalSpec.parse(name.strip());
        if (!types.containsKey(s)) {
          throw new IllegalArgumentException("--signals: " + s + " is in none of the --signals-from outputs (they have "
              + types.keySet() + ")");
        }
        specs.add(s);
      }
    }
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("--signals-from: no numeric signal to use as a feature in " + types.keySet());
    }
    provenance.keySet().retainAll(specs);
    return specs;
  }

  private Dataset<Row> readLabels(Request r) {
    String format = r.labelsFormat() != null ? r.labelsFormat().toLowerCase(Locale.ROOT)
        : r.labels().toLowerCase(Locale.ROOT).replaceAll("/+$", "").replaceAll(".*\\.", "");
    Dataset<Row> d = switch (format) {
      case "jsonl", "json" -> spark.read().schema(labelSchema()).json(r.labels());
      case "csv" -> spark.read().option("header", true).option("multiLine", true).option("escape", "\"")
          .schema(labelSchema()).csv(r.labels());
      case "parquet" -> spark.read().parquet(r.labels());
      default -> throw new IllegalArgumentException("--labels: cannot tell the format of " + r.labels()
          + " (jsonl, csv or parquet); use --labels-format");
    };
    for (String c : LABEL_COLUMNS) {
      if (!List.of(d.columns()).contains(c)) {
        throw new IllegalArgumentException("--labels " + r.labels() + " has no column " + c + " (expected the columns of "
            + "`prism labels export`: " + LABEL_COLUMNS + ")");
      }
    }
    return d.select(functions.col("item_id").cast("string"), functions.col("label").cast("string"),
        functions.col("annotator").cast("string"), functions.col("source_kind").cast("string"),
        functions.col("created_at").cast("string"));
  }

  private static StructType labelSchema() {
    StructType t = new StructType();
    for (String c : LABEL_COLUMNS) {
      t = t.add(c, DataTypes.StringType, true);
    }
    return t;
  }

  /** Concatenates the part files (each a valid snapshot fragment) in name order into one snapshot file. */
  static void concatenate(Path parts, Path output) throws IOException {
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = Files.newOutputStream(output); Stream<Path> s = Files.list(parts)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
        Files.copy(p, out);
      }
    }
  }

  /** An input row as (id, text, metadata); rows that are no item are skipped (prism spark score reports them). */
  static final class ItemColumns implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final RowItems items;
    private final StructType inputSchema;
    private final LongAccumulator read;

    ItemColumns(RowItems items, StructType inputSchema, LongAccumulator read) {
      this.items = items;
      this.inputSchema = inputSchema;
      this.read = read;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
      StructType schema = new StructType(java.util.Arrays.copyOf(inputSchema.fields(), inputSchema.fields().length - 1));
      return new Iterator<>() {
        private Row next;

        @Override
        public boolean hasNext() {
          while (next == null && input.hasNext()) {
            RowItems.Parsed p;
            try {
              p = items.parse(input.next(), schema);
            } catch (RuntimeException e) {
              continue;
            }
            if (p instanceof RowItems.Parsed.Item it) {
              read.add(1);
              ContentItem c = it.item();
              String text = c.title().isEmpty() ? c.description() : (c.title() + "\n" + c.description()).strip();
              next = RowFactory.create(c.id(), text, scala.jdk.javaapi.CollectionConverters.asScala(c.metadata()));
            }
          }
          return next != null;
        }

        @Override
        public Row next() {
          Row r = next;
          next = null;
          return r;
        }
      };
    }
  }

  /** Joined rows (id, text, meta, feature columns..., label, split) as snapshot lines, via prism-learn's writer. */
  static final class Lines implements MapPartitionsFunction<Row, String> {
    private static final long serialVersionUID = 1L;
    private final List<String> specs;
    private final Map<String, LongAccumulator> counts;

    Lines(List<String> specs, Map<String, LongAccumulator> counts) {
      this.specs = List.copyOf(specs);
      this.counts = new LinkedHashMap<>(counts);
    }

    @Override
    public Iterator<String> call(Iterator<Row> input) {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return input.hasNext();
        }

        @Override
        public String next() {
          Row row = input.next();
          Map<SignalSpec, SignalValue> features = new LinkedHashMap<>();
          for (String name : specs) {
            SignalSpec s = SignalSpec.parse(name);
            features.put(s, value(row, SparkSchema.column(s)));
          }
          Map<String, String> meta = new LinkedHashMap<>();
          scala.collection.Map<String, String> m = row.getAs("meta");
          if (m != null) {
            new java.util.TreeMap<>(scala.jdk.javaapi.CollectionConverters.asJava(m)).forEach(meta::put);
          }
          String label = row.getAs("label");
          counts.get(row.<String>getAs("split")).add(1);
          try {
            return Snapshot.toJsonLine(new SnapshotItem(row.getAs("id"), row.getAs("text"), features, Optional.ofNullable(label),
                Optional.empty(), meta, Split.parse(row.getAs("split"))));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      };
    }

    private static SignalValue value(Row row, String column) {
      int i = row.fieldIndex(column);
      StructField f = row.schema().fields()[i];
      return switch (f.dataType()) {
        case ArrayType a -> {
          scala.collection.Seq<Float> seq = row.getSeq(i);
          float[] v = new float[seq.size()];
          for (int j = 0; j < v.length; j++) {
            v[j] = seq.apply(j);
          }
          yield new SignalValue.Embedding(v);
        }
        case StructType st -> {
          Row s = row.getStruct(i);
          Map<String, Double> named = new LinkedHashMap<>();
          for (int j = 0; j < st.fields().length; j++) {
            named.put(st.fields()[j].name(), s.isNullAt(j) ? Double.NaN : s.getDouble(j));
          }
          yield new SignalValue.Features(named);
        }
        default -> new SignalValue.Score(((Number) row.get(i)).doubleValue());
      };
    }
  }
}
