package dev.prism.bench;

import dev.prism.core.config.Config;
import dev.prism.core.data.YoutubeSpamCollection;
import dev.prism.core.graph.GraphListener;
import dev.prism.core.graph.ItemResult;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.io.SignalJson;
import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.CodeVersion;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.index.IndexSpec;
import dev.prism.index.NearDuplicateIndex;
import dev.prism.index.Neighbor;
import dev.prism.runtime.config.PrismConfig;
import dev.prism.runtime.graph.GraphAssembly;
import dev.prism.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.lucene.util.VectorUtil;

/**
 * The near-duplicate index (prism-index, Lucene HNSW) at scale: build throughput, query throughput
 * and recall@k against exact search, and bytes per vector on disk and on the heap.
 *
 * <p>Data: the bundled YouTube comments embedded once with {@code text_embedding@1} (real MiniLM
 * vectors, 384-d), then {@code size} synthetic near-copies: comment {@code i mod comments} plus
 * seeded Gaussian noise of {@link #DEFAULT_NOISE} per dimension, L2-normalised again. Queries are
 * further copies not in the index. Exact neighbours come from a brute-force dot product over all
 * vectors (the same cosine the index ranks by), computed here, outside Lucene's search.
 */
public final class IndexBench {
  /**
   * Per-dimension Gaussian noise on a unit 384-d vector: its norm is about 0.03 × √384 ≈ 0.59, so a
   * copy keeps cosine ≈ 0.86 to its comment and ≈ 0.74 to a sibling copy — near-duplicates that
   * are not identical, which is what the index must separate.
   */
  public static final double DEFAULT_NOISE = 0.03;
  /** Items per {@link NearDuplicateIndex#addAll} call while building. */
  static final int BUILD_BATCH = 1000;

  /**
   * @param data YouTube Spam Collection directory
   * @param sizes index sizes to run, e.g. 100000 and 1000000
   * @param queries query vectors per size (recall is averaged over all)
   * @param k neighbours per query
   * @param breadths HNSW candidate counts (ef) to measure recall and speed at
   * @param noise per-dimension Gaussian noise ({@link #DEFAULT_NOISE})
   * @param seed for the noise
   * @param forceMerge whether to merge to one segment (one graph) before the queries
   * @param threads indexing threads while building
   * @param work directory for the indexes (deleted after each size)
   * @param out directory for results
   * @param vectors when not null, the comments' embeddings are read from this file (written by
   *     {@code saveVectors} of an earlier run) instead of computed: no model is loaded
   * @param saveVectors when not null, the comments' embeddings are written here
   */
  public record Options(Path data, List<Integer> sizes, int queries, int k, List<Integer> breadths, double noise, long seed,
      boolean forceMerge, int threads, Path work, Path out, Path vectors, Path saveVectors) {
    public Options {
      if (sizes.isEmpty() || sizes.stream().anyMatch(s -> s < 1)) {
        throw new IllegalArgumentException("sizes must be positive, got " + sizes);
      }
      if (queries < 1 || k < 1) {
        throw new IllegalArgumentException("queries and k must be at least 1, got " + queries + " and " + k);
      }
      if (breadths.isEmpty() || breadths.stream().anyMatch(b -> b < 1)) {
        throw new IllegalArgumentException("breadths must be positive, got " + breadths);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + threads);
      }
      if (!(noise >= 0)) {
        throw new IllegalArgumentException("noise must be >= 0, got " + noise);
      }
    }
  }

  private final Options o;

  public IndexBench(Options o) {
    this.o = o;
  }

  /**
   * Runs without the CLI or a model, on embeddings saved by an earlier run: {@code VECTORS SIZES
   * QUERIES THREADS FORCE_MERGE WORK OUT}, e.g. {@code base.f32 100000,1000000 1000 16 false work out}.
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 7) {
      throw new IllegalArgumentException("usage: IndexBench VECTORS SIZES QUERIES THREADS FORCE_MERGE WORK OUT");
    }
    List<Integer> sizes = java.util.Arrays.stream(args[1].split(",")).map(Integer::parseInt).toList();
    new IndexBench(new Options(null, sizes, Integer.parseInt(args[2]), 10, List.of(10, 50, 100, 200), DEFAULT_NOISE, 42,
        Boolean.parseBoolean(args[4]), Integer.parseInt(args[3]), Path.of(args[5]), Path.of(args[6]), Path.of(args[0]), null))
        .run();
  }

  public int run() throws Exception {
    float[][] base = o.vectors() != null ? readVectors(o.vectors()) : embedComments();
    if (o.saveVectors() != null) {
      writeVectors(o.saveVectors(), base);
    }
    int dim = base[0].length;
    List<Map<String, Object>> runs = new ArrayList<>();
    for (int size : o.sizes()) {
      runs.add(runSize(base, size, dim));
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("date", Instant.now().toString());
    r.put("code_version", CodeVersion.get());
    r.put("cores", Runtime.getRuntime().availableProcessors());
    r.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
    r.put("java", Runtime.version().toString());
    r.put("real_comments", base.length);
    r.put("dimension", dim);
    r.put("noise", o.noise());
    r.put("seed", o.seed());
    r.put("k", o.k());
    r.put("queries", o.queries());
    r.put("hnsw_m", IndexSpec.DEFAULT_MAX_CONN);
    r.put("hnsw_beam_width", IndexSpec.DEFAULT_BEAM_WIDTH);
    r.put("force_merge", o.forceMerge());
    r.put("build_threads", o.threads());
    r.put("runs", runs);
    report(r);
    return 0;
  }

  /** The real comments' text_embedding@1 vectors, through the serving graph. */
  private float[][] embedComments() throws Exception {
    List<YoutubeSpamCollection.Comment> comments = YoutubeSpamCollection.load(o.data());
    Config cfg = PrismConfig.load(ServerConfig.KEYS, null, System.getenv(), Map.of());
    long t0 = System.nanoTime();
    try (SignalGraph graph = GraphAssembly.build(cfg, GraphListener.NONE)) {
      SignalSpec spec = graph.resolve("text_embedding@1");
      List<ContentItem> items = comments.stream().map(YoutubeSpamCollection.Comment::item).toList();
      List<float[]> out = new ArrayList<>();
      for (int i = 0; i < items.size(); i += 256) {
        for (ItemResult r : graph.run(items.subList(i, Math.min(items.size(), i + 256)), Set.of(spec))) {
          if (r.values().get(spec) != null && r.values().get(spec).value() instanceof SignalValue.Embedding e) {
            out.add(e.vector());
          }
        }
      }
      System.out.printf(Locale.ROOT, "index bench: embedded %,d real comments with %s in %.1f s%n", out.size(), spec,
          (System.nanoTime() - t0) / 1e9);
      return out.toArray(new float[0][]);
    }
  }

  /** Base vectors as {@code int count, int dim, count × dim float32}, big-endian (DataOutput). */
  static void writeVectors(Path file, float[][] vs) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    try (var out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
      out.writeInt(vs.length);
      out.writeInt(vs[0].length);
      for (float[] v : vs) {
        for (float f : v) {
          out.writeFloat(f);
        }
      }
    }
  }

  static float[][] readVectors(Path file) throws IOException {
    try (var in = new java.io.DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      int n = in.readInt();
      int dim = in.readInt();
      float[][] vs = new float[n][dim];
      for (float[] v : vs) {
        for (int d = 0; d < dim; d++) {
          v[d] = in.readFloat();
        }
      }
      System.out.printf(Locale.ROOT, "index bench: %,d %d-d embeddings of real comments from %s%n", n, dim, file);
      return vs;
    }
  }

  /** Copy {@code i}: comment {@code i mod n} plus seeded noise, unit length. */
  private float[] copy(float[][] base, long i) {
    float[] b = base[(int) (i % base.length)];
    SplittableRandom r = new SplittableRandom(o.seed() ^ (i * 0x9E3779B97F4A7C15L));
    float[] v = new float[b.length];
    double sq = 0;
    for (int d = 0; d < v.length; d++) {
      v[d] = (float) (b[d] + o.noise() * r.nextGaussian());
      sq += (double) v[d] * v[d];
    }
    float inv = (float) (1 / Math.sqrt(sq));
    for (int d = 0; d < v.length; d++) {
      v[d] *= inv;
    }
    return v;
  }

  private Map<String, Object> runSize(float[][] base, int size, int dim) throws Exception {
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("size", size);
    System.out.printf(Locale.ROOT, "%nindex bench: %,d vectors of %d dimensions (%,d MB as floats)%n", size, dim,
        (long) size * dim * 4 >> 20);
    float[][] vectors = new float[size][];
    for (int i = 0; i < size; i++) {
      vectors[i] = copy(base, i);
    }
    float[][] queries = new float[o.queries()][];
    for (int q = 0; q < queries.length; q++) {
      queries[q] = copy(base, (long) size + q); // copies not in the index
    }
    Path dir = o.work().resolve("index-" + size);
    deleteTree(dir);
    long t0 = System.nanoTime();
    try (NearDuplicateIndex idx = NearDuplicateIndex.create(dir, IndexSpec.embedding("text_embedding@1", dim))) {
      // batches from o.threads() threads: IndexWriter indexes them in parallel, one segment per thread
      ExecutorService pool = Executors.newFixedThreadPool(o.threads());
      try {
        List<Future<?>> fs = new ArrayList<>();
        java.util.concurrent.atomic.AtomicLong added = new java.util.concurrent.atomic.AtomicLong();
        final float[][] vs = vectors;
        for (int i = 0; i < size; i += BUILD_BATCH) {
          int from = i;
          fs.add(pool.submit(() -> {
            List<NearDuplicateIndex.Entry> batch = new ArrayList<>(BUILD_BATCH);
            for (int j = from; j < Math.min(size, from + BUILD_BATCH); j++) {
              batch.add(new NearDuplicateIndex.Entry(Integer.toString(j), new SignalValue.Embedding(vs[j])));
            }
            idx.addAll(batch);
            long a = added.addAndGet(batch.size());
            if (a % 100_000 < BUILD_BATCH) {
              System.out.printf(Locale.ROOT, "  %,d added, %.0f/s%n", a, a / ((System.nanoTime() - t0) / 1e9));
            }
            return null;
          }));
        }
        for (Future<?> f : fs) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      idx.commit();
      double buildS = (System.nanoTime() - t0) / 1e9;
      res.put("build_seconds", buildS);
      res.put("build_vectors_per_s", size / buildS);
      res.put("segments_after_build", idx.segments());
      System.out.printf(Locale.ROOT, "  built: %.1f s, %,.0f vectors/s, %d segments%n", buildS, size / buildS, idx.segments());
      if (o.forceMerge() && idx.segments() > 1) {
        long m0 = System.nanoTime();
        idx.forceMerge();
        idx.commit();
        double mergeS = (System.nanoTime() - m0) / 1e9;
        res.put("force_merge_seconds", mergeS);
        System.out.printf(Locale.ROOT, "  merged to one segment: %.1f s%n", mergeS);
      }
    }
    res.put("disk", diskBytes(dir, size));
    // exact neighbours by brute force, in parallel over queries
    long g0 = System.nanoTime();
    List<Set<String>> truth = groundTruth(vectors, queries);
    res.put("brute_force_ms_per_query_per_thread",
        (System.nanoTime() - g0) / 1e6 / queries.length * Runtime.getRuntime().availableProcessors());
    vectors = null; // the read-only index below is measured without the bench's own copy of the vectors
    Runtime rt = Runtime.getRuntime();
    gc();
    long heapBefore = rt.totalMemory() - rt.freeMemory();
    try (NearDuplicateIndex idx = NearDuplicateIndex.openReadOnly(dir)) {
      res.put("segments_queried", idx.segments());
      List<Map<String, Object>> perBreadth = new ArrayList<>();
      for (int breadth : o.breadths()) {
        // one warm-up pass (JIT, page cache), then the timed pass on one thread
        for (float[] q : queries) {
          idx.search(new SignalValue.Embedding(q), o.k(), breadth);
        }
        long q0 = System.nanoTime();
        long found = 0;
        for (int q = 0; q < queries.length; q++) {
          for (Neighbor n : idx.search(new SignalValue.Embedding(queries[q]), o.k(), breadth)) {
            if (truth.get(q).contains(n.id())) {
              found++;
            }
          }
        }
        double s = (System.nanoTime() - q0) / 1e9;
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("breadth", breadth);
        b.put("recall_at_k", found / (double) ((long) queries.length * o.k()));
        b.put("queries_per_s_one_thread", queries.length / s);
        b.put("mean_latency_ms", s * 1000 / queries.length);
        perBreadth.add(b);
        System.out.printf(Locale.ROOT, "  ef %4d: recall@%d %.4f, %,.0f queries/s on one thread (%.2f ms)%n", breadth, o.k(),
            b.get("recall_at_k"), b.get("queries_per_s_one_thread"), b.get("mean_latency_ms"));
      }
      res.put("search", perBreadth);
      gc();
      long heapAfter = rt.totalMemory() - rt.freeMemory();
      res.put("heap_bytes_per_vector_open_index", Math.max(0, heapAfter - heapBefore) / (double) size);
    }
    deleteTree(dir);
    return res;
  }

  private List<Set<String>> groundTruth(float[][] vectors, float[][] queries) throws Exception {
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Set<String>>> fs = new ArrayList<>();
      for (float[] q : queries) {
        fs.add(pool.submit(() -> {
          // a bounded min-heap on similarity: the k most similar survive
          java.util.PriorityQueue<long[]> heap = new java.util.PriorityQueue<>(Comparator.comparingDouble(a -> Double.longBitsToDouble(a[1])));
          for (int i = 0; i < vectors.length; i++) {
            double s = VectorUtil.dotProduct(q, vectors[i]);
            if (heap.size() < o.k()) {
              heap.add(new long[] {i, Double.doubleToLongBits(s)});
            } else if (s > Double.longBitsToDouble(heap.peek()[1])) {
              heap.poll();
              heap.add(new long[] {i, Double.doubleToLongBits(s)});
            }
          }
          Set<String> ids = new HashSet<>();
          heap.forEach(a -> ids.add(Long.toString(a[0])));
          return ids;
        }));
      }
      List<Set<String>> out = new ArrayList<>();
      for (Future<Set<String>> f : fs) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Index size on disk, per file extension and per vector. */
  private static Map<String, Object> diskBytes(Path dir, int size) throws IOException {
    Map<String, Long> byExt = new TreeMap<>();
    long total = 0;
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String ext = dot < 0 ? n.replaceAll("_\\d+$", "") : n.substring(dot + 1);
        long b = Files.size(p);
        byExt.merge(ext, b, Long::sum);
        total += b;
      }
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("total_bytes", total);
    d.put("bytes_per_vector", total / (double) size);
    Map<String, Double> per = new TreeMap<>();
    byExt.forEach((e, b) -> per.put(e, b / (double) size));
    d.put("bytes_per_vector_by_extension", per);
    System.out.printf(Locale.ROOT, "  on disk: %,d bytes, %.0f per vector %s%n", total, total / (double) size, per);
    return d;
  }

  private static void gc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void report(Map<String, Object> r) throws IOException {
    Files.createDirectories(o.out());
    String stamp = ((String) r.get("date")).substring(0, 19).replace(':', '-');
    Path json = o.out().resolve("near-duplicate-index-" + stamp + ".json");
    Files.writeString(json, SignalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(r));
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "Near-duplicate index (Lucene HNSW, M=%s, beam=%s), %s-d text_embedding@1 copies "
        + "(%s real comments + N(0, %s) noise), %s queries, recall@%s against brute force; %s cores, java %s.%n%n",
        r.get("hnsw_m"), r.get("hnsw_beam_width"), r.get("dimension"), r.get("real_comments"), r.get("noise"),
        r.get("queries"), r.get("k"), r.get("cores"), r.get("java")));
    md.append("| vectors | build vectors/s | merge s | disk B/vector | heap B/vector | ef | recall@k | queries/s (1 thread) | ms/query |\n");
    md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Map<String, Object> run : (List<Map<String, Object>>) r.get("runs")) {
      for (Map<String, Object> b : (List<Map<String, Object>>) run.get("search")) {
        md.append(String.format(Locale.ROOT, "| %,d | %,.0f | %s | %.0f | %.1f | %s | %.4f | %,.0f | %.2f |%n", run.get("size"),
            run.get("build_vectors_per_s"), run.containsKey("force_merge_seconds")
                ? String.format(Locale.ROOT, "%.1f", run.get("force_merge_seconds")) : "-",
            ((Map<String, Object>) run.get("disk")).get("bytes_per_vector"), run.get("heap_bytes_per_vector_open_index"),
            b.get("breadth"), b.get("recall_at_k"), b.get("queries_per_s_one_thread"), b.get("mean_latency_ms")));
      }
    }
    Files.writeString(o.out().resolve("near-duplicate-index-latest.md"), md.toString());
    System.out.println();
    System.out.print(md);
    System.out.println("results: " + json.toAbsolutePath());
  }
}
