package dev.prism.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.config.Config;
import dev.prism.runtime.config.PrismConfig;
import dev.prism.runtime.item.ItemMapping;
import dev.prism.spark.neardup.DedupJob;
import dev.prism.spark.neardup.LshPlan;
import dev.prism.spark.neardup.SyntheticCorpus;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code prism spark dedup-bench}: the LSH job against exact search and the generator's truth on a
 * synthetic corpus of real texts and perturbed copies ({@link SyntheticCorpus}), per size: scoring
 * time, dedup time, shuffle bytes, recall of exact near pairs, precision and recall against the truth.
 */
@Command(name = "dedup-bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Recall, precision, time and shuffle bytes of `prism spark dedup` on a synthetic corpus of real comment "
        + "texts and their perturbed copies (NEARDUP_SPARK.md).",
        "",
        "Per size: write the corpus (JSONL + truth CSV), score it with the Spark score job, run dedup on the scored Parquet, then "
            + "compare with exact search: all pairs when the size is at most --all-pairs-max, else --queries seeded query "
            + "items against every item.",
        "",
        "Example:",
        "  prism spark dedup-bench --master 'local[2]' --sizes 100000,1000000"})
public final class DedupBench implements Callable<Integer> {
  @Option(names = "--sizes", split = ",", defaultValue = "100000", description = "Corpus sizes (default: ${DEFAULT-VALUE}).")
  List<Long> sizes;

  @Option(names = "--master", defaultValue = "local[2]", description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(names = "--signal", defaultValue = "text_simhash@1", description = "Signal (default: ${DEFAULT-VALUE}; text_embedding@1 runs MiniLM).")
  String signal;

  @Option(names = "--threshold", description = "Distance threshold (default: the signal's).")
  Double threshold;

  @Option(names = "--target-recall", defaultValue = "0.9") double targetRecall;
  @Option(names = "--max-candidates-per-item", defaultValue = "20") double maxCandidates;
  @Option(names = "--background-cosine", defaultValue = "0") double backgroundCosine;
  @Option(names = "--bands", defaultValue = "0") int bands;
  @Option(names = "--rows", defaultValue = "0") int rows;

  @Option(names = "--copy-share", defaultValue = "0.3", description = "Share of originals with copies (default: ${DEFAULT-VALUE}).")
  double copyShare;

  @Option(names = "--max-copies", defaultValue = "3", description = "Copies per such original, uniform in 1..N (default: ${DEFAULT-VALUE}).")
  int maxCopies;

  @Option(names = "--seed", defaultValue = "7") long seed;

  @Option(names = "--all-pairs-max", defaultValue = "200000", description = "Largest size compared with all pairs (default: ${DEFAULT-VALUE}).")
  long allPairsMax;

  @Option(names = "--queries", defaultValue = "2000", description = "Sampled query items above --all-pairs-max (default: ${DEFAULT-VALUE}).")
  int queries;

  @Option(names = "--work", description = "Working directory (default: a temporary one).")
  Path work;

  @Option(names = "--results", defaultValue = "bench/results", description = "Where the JSON result goes (default: ${DEFAULT-VALUE}).")
  Path results;

  @Override
  public Integer call() throws Exception {
    Config config = PrismConfig.load(List.of(), null, System.getenv(), Map.of());
    Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("prism-dedup-bench");
    Path root = Path.of(System.getProperty("prism.home", "."));
    ObjectMapper json = new ObjectMapper();
    ObjectNode result = json.createObjectNode();
    result.put("bench", "spark-dedup");
    result.put("started", Instant.now().toString());
    result.put("master", master);
    result.put("signal", signal);
    result.put("cores", Runtime.getRuntime().availableProcessors());
    ArrayNode runs = result.putArray("runs");
    List<String> table = new ArrayList<>();
    try (SparkSession spark = SparkMain.session(master)) {
      List<String> pool = SyntheticCorpus.pool(spark, root);
      System.err.printf(Locale.ROOT, "dedup-bench: pool of %,d distinct real texts%n", pool.size());
      for (long n : sizes) {
        Path jsonl = dir.resolve("corpus-" + n + ".jsonl");
        Path truth = dir.resolve("truth-" + n + ".csv");
        long t0 = System.nanoTime();
        SyntheticCorpus.write(pool, n, copyShare, maxCopies, seed, jsonl, truth);
        double genS = (System.nanoTime() - t0) / 1e9;
        Path scored = dir.resolve("scored-" + n + ".parquet");
        t0 = System.nanoTime();
        SparkScoreJob.Summary sc = new SparkScoreJob(spark, config).run(new SparkScoreJob.Request(jsonl.toString(), "jsonl",
            scored.toString(), ItemMapping.defaults(), List.of(signal), 256, "overwrite", 0));
        double scoreS = (System.nanoTime() - t0) / 1e9;
        System.err.printf(Locale.ROOT, "dedup-bench: %,d items generated in %.1f s, scored in %.1f s%n", n, genS, scoreS);
        Path out = dir.resolve("dedup-" + n);
        DedupJob.Request req = new DedupJob.Request(scored.toString(), "parquet", out.toString(), ItemMapping.defaults(), signal,
            null, threshold == null ? Double.NaN : threshold, bands, rows, targetRecall, maxCandidates, backgroundCosine, seed,
            DedupJob.DEFAULT_MAX_BUCKET, null, 0);
        DedupJob.Summary s = new DedupJob(spark, new SparkScoring(spark, config), System.err).run(req);
        Eval e = evaluate(spark, scored, out, truth, (int) n, s.plan().threshold(), s.plan().metric());
        ObjectNode run = runs.addObject();
        run.put("items", n);
        run.put("generate_s", genS);
        run.put("score_s", scoreS);
        run.put("dedup_s", s.seconds());
        run.put("bands", s.plan().bands());
        run.put("rows", s.plan().rows());
        run.put("threshold", s.plan().threshold());
        run.put("expected_recall_at_threshold", s.plan().recallAtThreshold());
        run.put("distinct_values", s.distinctValues());
        run.put("candidate_comparisons", s.candidates());
        run.put("verified_pairs", s.pairs());
        run.put("clusters", s.clusters());
        run.put("clustered_items", s.clusteredItems());
        run.put("cc_rounds", s.ccRounds());
        run.put("oversized_buckets", s.oversizedBuckets());
        run.put("shuffle_bytes", s.shuffleBytes());
        run.put("shuffle_records", s.shuffleRecords());
        run.put("shuffle_bytes_per_item", s.shuffleBytes() / (double) n);
        run.set("eval", json.valueToTree(e));
        String row = String.format(Locale.ROOT,
            "| %,d | %s | %d x %d | %.3f | %s | %,d | %.4f (%,d/%,d) | %.4f | %.4f | %.4f | %.4f | %,d | %.1f | %.1f | %,.0f |",
            n, DedupJob.fmt(s.plan().threshold()), s.plan().bands(), s.plan().rows(), s.plan().recallAtThreshold(), e.exactMode(),
            e.exactPairs(), e.lshRecall(), e.lshFound(), e.exactPairs() - e.exactIdentical(), e.clusterRecallOfExact(), e.pairPrecision(), e.truthPairRecall(), e.clusterPairPrecision(),
            e.largestCluster(), scoreS, s.seconds(), s.shuffleBytes() / (double) n);
        table.add(row);
        System.err.println("dedup-bench: " + row);
        System.err.println("dedup-bench: " + json.writeValueAsString(run));
      }
    }
    Files.createDirectories(results);
    Path file = results.resolve("spark-dedup-" + Instant.now().toString().replace(':', '-').replaceAll("\\.\\d+Z$", "") + ".json");
    Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(result));
    System.out.println("| items | threshold | b x r | S(t) | exact search | exact pairs | LSH recall of exact pairs (d >= 1) | same cluster "
        + "| pair precision (truth) | truth pair recall (cluster) | cluster pair precision | largest cluster | score s | dedup s "
        + "| shuffle B/item |");
    System.out.println("| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    table.forEach(System.out::println);
    System.out.println("result: " + file);
    return 0;
  }

  /**
   * The measures (NEARDUP_SPARK.md): {@code lshRecall}, exact pairs at distance ≥ 1 within the threshold
   * whose (value-representative) pair was written / all such pairs; {@code clusterRecallOfExact}, exact
   * pairs (identical values included) that share a cluster; {@code pairPrecision}, written pairs whose
   * two items come from one original; {@code falsePairsSharingSource}, written false pairs whose originals
   * took a fragment from one pool text; {@code truthPairRecall}, pairs of one original that share a cluster;
   * {@code clusterPairPrecision}, pairs inside clusters that come from one original; {@code falsePairsJaccardHalf},
   * of up to {@value #JACCARD_SAMPLE} false pairs ({@code falsePairsChecked}), those whose two texts share at least
   * half of their character 3-grams (lower-cased, non-alphanumerics as spaces): different originals that are
   * near-identical anyway.
   */
  public record Eval(String exactMode, long exactPairs, long exactIdentical, long lshFound, double lshRecall,
      double clusterRecallOfExact, long writtenPairs, double pairPrecision, long falsePairs, long falsePairsSharingSource,
      double truthPairRecall, double clusterPairPrecision, int largestCluster, long falsePairsChecked,
      long falsePairsJaccardHalf, double exactSearchSeconds) {}

  static final int JACCARD_SAMPLE = 20_000;

  Eval evaluate(SparkSession spark, Path scored, Path out, Path truthCsv, int n, double threshold, LshPlan.Metric metric)
      throws Exception {
    String col = SparkSchema.column(dev.prism.core.signal.SignalSpec.parse(signal));
    long[] h = metric == LshPlan.Metric.HAMMING64 ? new long[n] : null;
    float[][] v = metric == LshPlan.Metric.COSINE ? new float[n][] : null;
    for (Row r : spark.read().parquet(scored.toString()).select("id", col).collectAsList()) {
      int i = index(r.getString(0));
      if (h != null) {
        h[i] = Long.parseUnsignedLong(r.getString(1), 16);
      } else {
        List<Object> l = r.getList(1);
        float[] x = new float[l.size()];
        for (int k = 0; k < x.length; k++) {
          x[k] = ((Number) l.get(k)).floatValue();
        }
        v[i] = x;
      }
    }
    int[] group = new int[n];
    int[][] sources = new int[n][];
    try (BufferedReader br = Files.newBufferedReader(truthCsv, StandardCharsets.UTF_8)) {
      br.readLine();
      String line;
      while ((line = br.readLine()) != null) {
        String[] f = line.split(",");
        int i = index(f[0]);
        group[i] = Integer.parseInt(f[1]);
        sources[i] = Arrays.stream(f[2].split(";")).mapToInt(Integer::parseInt).toArray();
      }
    }
    int[] cluster = new int[n];
    for (Row r : spark.read().parquet(out.resolve("clusters").toString()).collectAsList()) {
      cluster[index(r.getString(0))] = index(r.getString(1));
    }
    // representative of each value: the smallest index holding it (the job bands only those)
    int[] rep = new int[n];
    Map<Object, Integer> firstOf = new HashMap<>();
    for (int i = 0; i < n; i++) {
      int ii = i;
      rep[i] = firstOf.computeIfAbsent(h != null ? (Object) h[i] : (Object) Arrays.toString(v[i]), k -> ii);
    }
    String[] texts = new String[n];
    ObjectMapper om = new ObjectMapper();
    try (BufferedReader br = Files.newBufferedReader(truthCsv.resolveSibling(truthCsv.getFileName().toString()
        .replace("truth-", "corpus-").replace(".csv", ".jsonl")), StandardCharsets.UTF_8)) {
      String line;
      while ((line = br.readLine()) != null) {
        var node = om.readTree(line);
        texts[index(node.get("id").asText())] = node.get("text").asText();
      }
    }
    long checked = 0;
    long jaccardHalf = 0;
    Set<Long> written = new HashSet<>();
    long writtenPairs = 0;
    long truePairs = 0;
    long falsePairs = 0;
    long falseSharing = 0;
    for (Row r : spark.read().parquet(out.resolve("pairs").toString()).collectAsList()) {
      int a = index(r.getString(0));
      int b = index(r.getString(1));
      written.add((long) a * n + b);
      writtenPairs++;
      if (group[a] == group[b]) {
        truePairs++;
      } else {
        falsePairs++;
        if (Arrays.stream(sources[a]).anyMatch(x -> Arrays.stream(sources[b]).anyMatch(y -> y == x))) {
          falseSharing++;
        }
        if (checked < JACCARD_SAMPLE) {
          checked++;
          if (jaccard(texts[a], texts[b]) >= 0.5) {
            jaccardHalf++;
          }
        }
      }
    }
    // exact search
    boolean all = n <= allPairsMax;
    int[] queryItems;
    if (all) {
      queryItems = IntStream.range(0, n).toArray();
    } else {
      SplittableRandom r = new SplittableRandom(seed ^ 0x5eed);
      queryItems = r.ints(0, n).distinct().limit(queries).toArray();
    }
    LongAdder exact = new LongAdder();
    LongAdder identical = new LongAdder();
    LongAdder found = new LongAdder();
    LongAdder sameCluster = new LongAdder();
    long t0 = System.nanoTime();
    Arrays.stream(queryItems).parallel().forEach(i -> {
      for (int j = all ? i + 1 : 0; j < n; j++) {
        if (j == i) {
          continue;
        }
        double d = h != null ? Long.bitCount(h[i] ^ h[j]) : 1 - dot(v[i], v[j]);
        if (d > threshold) {
          continue;
        }
        exact.increment();
        if (cluster[i] == cluster[j]) {
          sameCluster.increment();
        }
        if (rep[i] == rep[j]) {
          identical.increment();
        } else {
          int a = Math.min(rep[i], rep[j]);
          int b = Math.max(rep[i], rep[j]);
          if (written.contains((long) a * n + b)) {
            found.increment();
          }
        }
      }
    });
    double exactS = (System.nanoTime() - t0) / 1e9;
    long nonIdentical = exact.sum() - identical.sum();
    // truth: pairs of one original, and pairs inside clusters
    Map<Integer, Integer> groupSize = new HashMap<>();
    Map<Integer, Integer> clusterSize = new HashMap<>();
    Map<Long, Integer> both = new HashMap<>();
    for (int i = 0; i < n; i++) {
      groupSize.merge(group[i], 1, Integer::sum);
      clusterSize.merge(cluster[i], 1, Integer::sum);
      both.merge((long) group[i] * n + cluster[i], 1, Integer::sum);
    }
    long truth = groupSize.values().stream().mapToLong(s -> (long) s * (s - 1) / 2).sum();
    long inClusters = clusterSize.values().stream().mapToLong(s -> (long) s * (s - 1) / 2).sum();
    long truthInClusters = both.values().stream().mapToLong(s -> (long) s * (s - 1) / 2).sum();
    int largest = clusterSize.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    return new Eval(all ? "all pairs" : queryItems.length + " queries x all", exact.sum(), identical.sum(), found.sum(),
        nonIdentical == 0 ? 1 : found.sum() / (double) nonIdentical, exact.sum() == 0 ? 1 : sameCluster.sum() / (double) exact.sum(),
        writtenPairs, writtenPairs == 0 ? 1 : truePairs / (double) writtenPairs, falsePairs, falseSharing,
        truth == 0 ? 1 : truthInClusters / (double) truth, inClusters == 0 ? 1 : truthInClusters / (double) inClusters, largest,
        checked, jaccardHalf, exactS);
  }

  static double jaccard(String x, String y) {
    Set<String> a = grams(x);
    Set<String> b = grams(y);
    int inter = 0;
    for (String g : a) {
      inter += b.contains(g) ? 1 : 0;
    }
    int union = a.size() + b.size() - inter;
    return union == 0 ? 1 : inter / (double) union;
  }

  static Set<String> grams(String t) {
    String s = t.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    Set<String> out = new HashSet<>();
    for (int i = 0; i + 3 <= s.length(); i++) {
      out.add(s.substring(i, i + 3));
    }
    return out;
  }

  static int index(String id) {
    return Integer.parseInt(id.substring(1));
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * (double) b[i];
    }
    return s;
  }
}
