package dev.prism.spark.neardup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.config.Config;
import dev.prism.runtime.config.PrismConfig;
import dev.prism.runtime.item.ItemMapping;
import dev.prism.spark.SparkMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LSH job against brute force on real comments and their perturbed copies; bad rows; incremental = full. */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class DedupJobTest {
  static SparkSession spark;
  static final Path ROOT = Path.of("..");

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

  static DedupJob job() {
    return new DedupJob(spark, new dev.prism.spark.SparkScoring(spark, config()), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  /** 1,500 items of the synthetic corpus as JSONL; the job scores them for text_simhash@1 itself. */
  static Path corpus(Path tmp, int n) throws Exception {
    Path jsonl = tmp.resolve("corpus.jsonl");
    SyntheticCorpus.write(SyntheticCorpus.pool(spark, ROOT), n, 0.3, 3, 11, jsonl, tmp.resolve("truth.csv"));
    return jsonl;
  }

  /** Two shuffle partitions: the test inputs are small, and each partition is a task to schedule. */
  static DedupJob.Request req(String in, String out, String signal) {
    return DedupJob.Request.of(in, out, signal).withPartitions(2);
  }

  static Map<String, Long> hashes(Path scored) {
    Map<String, Long> out = new TreeMap<>();
    for (Row r : spark.read().parquet(scored.toString()).select("id", "text_simhash_v1").collectAsList()) {
      out.put(r.getString(0), Long.parseUnsignedLong(r.getString(1), 16));
    }
    return out;
  }

  static Map<String, String> clusters(Path out) {
    Map<String, String> m = new HashMap<>();
    for (Row r : spark.read().parquet(out.resolve("clusters").toString()).collectAsList()) {
      assertThat(m.put(r.getString(0), r.getString(1))).as("item listed twice: " + r.getString(0)).isNull();
    }
    return m;
  }

  @Test
  void lshPairsAreExactAndFindTheBruteForcePairs(@TempDir Path tmp) throws Exception {
    Path in = corpus(tmp, 1500);
    Path out = tmp.resolve("out");
    DedupJob.Summary s = job().run(req(in.toString(), out.toString(), "text_simhash@1"));
    assertThat(s.items()).isEqualTo(1500);
    assertThat(s.badRows()).isZero();
    assertThat(s.plan().recallAtThreshold()).isGreaterThanOrEqualTo(0.9);
    Map<String, Long> h = hashes(out.resolve("_scored"));
    assertThat(h).hasSize(1500);

    // every written pair is within the threshold by the exact distance of the two values
    Set<String> found = new HashSet<>();
    for (Row r : spark.read().parquet(out.resolve("pairs").toString()).collectAsList()) {
      String a = r.getString(0);
      String b = r.getString(1);
      assertThat(a).isLessThan(b);
      int d = Long.bitCount(h.get(a) ^ h.get(b));
      assertThat(d).isLessThanOrEqualTo(8);
      assertThat(r.getDouble(2)).isEqualTo(d);
      found.add(a + " " + b);
    }
    // brute force over all pairs: LSH must find (nearly) all of those within 8 bits; identical values are linked
    // to their smallest id, so an identical pair counts as found when both share the cluster
    Map<String, String> cl = clusters(out);
    List<String> ids = new ArrayList<>(h.keySet());
    // identical values are banded once, under their smallest id (ids iterate in order: the first seen is the smallest)
    Map<Long, String> repOfValue = new HashMap<>();
    for (String id : ids) {
      repOfValue.putIfAbsent(h.get(id), id);
    }
    int exact = 0;
    int hit = 0;
    for (int i = 0; i < ids.size(); i++) {
      for (int j = i + 1; j < ids.size(); j++) {
        int d = Long.bitCount(h.get(ids.get(i)) ^ h.get(ids.get(j)));
        if (d <= 8) {
          exact++;
          String ra = repOfValue.get(h.get(ids.get(i)));
          String rb = repOfValue.get(h.get(ids.get(j)));
          boolean f = d == 0 ? cl.get(ids.get(i)).equals(cl.get(ids.get(j)))
              : found.contains(ra.compareTo(rb) < 0 ? ra + " " + rb : rb + " " + ra);
          hit += f ? 1 : 0;
        }
      }
    }
    assertThat(exact).isGreaterThan(200);
    assertThat(hit / (double) exact).as("recall of exact pairs, " + hit + "/" + exact).isGreaterThanOrEqualTo(0.9);

    // clusters: the connected components of the written pairs (union-find here), named by their smallest id
    assertThat(cl).hasSize(1500);
    Map<String, String> parent = new HashMap<>();
    for (String p : found) {
      String[] ab = p.split(" ");
      union(parent, ab[0], ab[1]);
    }
    for (Row r : spark.read().parquet(out.resolve("pairs").toString()).where("distance = 0").collectAsList()) {
      union(parent, r.getString(0), r.getString(1));
    }
    Map<String, String> minOf = new HashMap<>();
    for (String id : ids) {
      minOf.merge(find(parent, id), id, (x, y) -> x.compareTo(y) <= 0 ? x : y);
    }
    for (String id : ids) {
      assertThat(cl.get(id)).as(id).isEqualTo(minOf.get(find(parent, id)));
    }
    assertThat(s.clusters()).isGreaterThan(100);
  }

  @Test
  void incrementalEqualsAFullRecomputeOnTheUnion(@TempDir Path tmp) throws Exception {
    Path in = corpus(tmp, 1000);
    // score once, then split by a seeded coin: day 2 holds copies whose originals are in day 1 and vice versa
    Path scored = tmp.resolve("scored.parquet");
    // the full recompute on the union (it scores the JSONL first; its scored values are split into the two days)
    job().run(req(in.toString(), tmp.resolve("full").toString(), "text_simhash@1").withBandsRows(12, 16));
    Dataset<Row> all = spark.read().parquet(tmp.resolve("full").resolve("_scored").toString()).select("id", "text_simhash_v1");
    all.write().parquet(scored.toString());
    SplittableRandom r = new SplittableRandom(5);
    Set<String> day2 = new HashSet<>();
    for (Row row : all.collectAsList()) {
      if (r.nextDouble() < 0.3) {
        day2.add(row.getString(0));
      }
    }
    Dataset<Row> s = spark.read().parquet(scored.toString());
    org.apache.spark.sql.Column inDay2 = s.col("id").isin(day2.toArray());
    Path d1 = tmp.resolve("day1.parquet");
    Path d2 = tmp.resolve("day2.parquet");
    s.where(inDay2.unary_$bang()).write().parquet(d1.toString());
    s.where(inDay2).write().parquet(d2.toString());

    job().run(req(d1.toString(), tmp.resolve("run1").toString(), "text_simhash@1").withBandsRows(12, 16));
    DedupJob.Summary inc = job().run(req(d2.toString(), tmp.resolve("run2").toString(), "text_simhash@1")
        .withExisting(tmp.resolve("run1").toString()));
    assertThat(inc.items()).isEqualTo(day2.size());

    Map<String, String> full = clusters(tmp.resolve("full"));
    Map<String, String> incremental = clusters(tmp.resolve("run2"));
    assertThat(incremental).hasSize(1000).isEqualTo(full);
    // the case that matters happened: clusters spanning both days, some of them merged by a day-2 item
    Map<String, String> first = clusters(tmp.resolve("run1"));
    long relabelled = first.entrySet().stream().filter(e -> !e.getValue().equals(full.get(e.getKey()))).count();
    long crossDay = full.entrySet().stream().filter(e -> day2.contains(e.getKey()) && !day2.contains(e.getValue())).count();
    assertThat(crossDay).isGreaterThan(10);
    assertThat(relabelled).isGreaterThan(0);

    // a second incremental run refuses other bands
    assertThatThrownBy(() -> job().run(req(d2.toString(), tmp.resolve("run3").toString(), "text_simhash@1")
        .withBandsRows(10, 16).withExisting(tmp.resolve("run1").toString()))).hasMessageContaining("12 bands x 16 rows");
  }

  @Test
  void randomHyperplanesOnEmbeddings(@TempDir Path tmp) throws Exception {
    // synthetic unit vectors (not MiniLM): 400 random bases in 48-d, a third with 1-2 noisy copies
    SplittableRandom r = new SplittableRandom(3);
    int dim = 48;
    List<Row> rows = new ArrayList<>();
    List<float[]> vs = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      float[] b = unit(gauss(r, dim, 1, null));
      int copies = r.nextDouble() < 0.33 ? 1 + r.nextInt(2) : 0;
      for (int c = 0; c <= copies; c++) {
        float[] v = c == 0 ? b : unit(gauss(r, dim, 0.25, b));
        String id = String.format("v%05d", ids.size());
        ids.add(id);
        vs.add(v);
        List<Float> l = new ArrayList<>();
        for (float x : v) {
          l.add(x);
        }
        rows.add(RowFactory.create(id, l));
      }
    }
    StructType schema = new StructType().add("id", DataTypes.StringType)
        .add("emb_v1", DataTypes.createArrayType(DataTypes.FloatType));
    Path in = tmp.resolve("vec.parquet");
    spark.createDataFrame(rows, schema).write().parquet(in.toString());
    Path out = tmp.resolve("out");
    DedupJob.Summary s = job().run(req(in.toString(), out.toString(), "emb@1").withThreshold(0.1));
    assertThat(s.plan().metric()).isEqualTo(LshPlan.Metric.COSINE);
    Set<String> found = new HashSet<>();
    for (Row p : spark.read().parquet(out.resolve("pairs").toString()).collectAsList()) {
      int a = ids.indexOf(p.getString(0));
      int b = ids.indexOf(p.getString(1));
      double d = 1 - dot(vs.get(a), vs.get(b));
      assertThat(p.getDouble(2)).isCloseTo(d, org.assertj.core.api.Assertions.within(1e-5));
      assertThat(d).isLessThanOrEqualTo(0.1 + 1e-6);
      found.add(p.getString(0) + " " + p.getString(1));
    }
    int exact = 0;
    int hit = 0;
    for (int i = 0; i < ids.size(); i++) {
      for (int j = i + 1; j < ids.size(); j++) {
        if (1 - dot(vs.get(i), vs.get(j)) <= 0.1) {
          exact++;
          hit += found.contains(ids.get(i) + " " + ids.get(j)) ? 1 : 0;
        }
      }
    }
    assertThat(exact).isGreaterThan(50);
    assertThat(hit / (double) exact).as(hit + "/" + exact).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  @org.junit.jupiter.api.Order(100) // the command closes its session, which is the shared one: last
  void commandLineCountsBadRowsAndRefusesBadOptions(@TempDir Path tmp) throws Exception {
    // a Parquet input of values (scoring on the fly is covered above) with bad rows among the good ones
    StructType schema = new StructType().add("item", DataTypes.StringType).add("text_simhash_v1", DataTypes.StringType);
    List<Row> rows = List.of(
        RowFactory.create("a", "00000000000000ff"), RowFactory.create("b", "00000000000001ff"), // 1 bit apart
        RowFactory.create("c", "ffffffff00000000"),
        RowFactory.create(null, "0000000000000000"), RowFactory.create("", "0000000000000000"),
        RowFactory.create("d", null), RowFactory.create("e", "not-hex"), RowFactory.create("f", "00000000000000000"),
        RowFactory.create("a", "00000000000000fe")); // a second "a": the smaller value (0xfe, 2 bits from b) is kept
    Path in = tmp.resolve("in.parquet");
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(in.toString());
    Path out = tmp.resolve("cli");
    int rc = SparkMain.execute("dedup", "--master", "local[2]", "-i", in.toString(), "--id-column", "item", "-o", out.toString(),
        "--partitions", "2", "--bands", "16", "--rows", "4");
    assertThat(rc).isEqualTo(3); // completed, with bad rows
    spark = SparkMain.session("local[2]");
    assertThat(clusters(out)).isEqualTo(Map.of("a", "a", "b", "a", "c", "c"));
    Map<String, Long> reasons = new HashMap<>();
    for (Row r : spark.read().parquet(out.resolve("bad_rows").toString()).collectAsList()) {
      reasons.merge(r.getString(1).replaceAll(":.*", ""), 1L, Long::sum);
      if ("e".equals(r.getString(0))) {
        assertThat(r.getString(1)).contains("not-hex").contains("text_simhash_v1");
      }
    }
    assertThat(reasons).isEqualTo(Map.of("missing id", 2L, "missing value", 1L, "bad hash", 2L, "duplicate id", 1L));
    assertThat(Files.readString(out.resolve(DedupJob.MANIFEST))).contains("\"bands\" : 16").contains("\"threshold\" : 8.0");
    assertThat(SparkMain.execute("dedup", "-i", in.toString(), "-o", tmp.resolve("x").toString(), "--bands", "4")).isEqualTo(1);
  }

  static void union(Map<String, String> parent, String a, String b) {
    String ra = find(parent, a);
    String rb = find(parent, b);
    if (!ra.equals(rb)) {
      parent.put(ra, rb);
    }
  }

  static String find(Map<String, String> parent, String x) {
    while (parent.containsKey(x)) {
      x = parent.get(x);
    }
    return x;
  }

  static float[] gauss(SplittableRandom r, int dim, double scale, float[] around) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      double g = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
      v[i] = (float) ((around == null ? 0 : around[i]) + scale * g / Math.sqrt(dim));
    }
    return v;
  }

  static float[] unit(float[] v) {
    double n = Math.sqrt(dot(v, v));
    float[] o = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      o[i] = (float) (v[i] / n);
    }
    return o;
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * (double) b[i];
    }
    return s;
  }
}
