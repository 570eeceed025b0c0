package dev.prism.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.signal.SignalValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NearDuplicateIndexTest {
  private static final String SIGNAL = "text_embedding@1";

  @TempDir
  Path tmp;

  static float[] unit(Random r, int dim) {
    float[] v = new float[dim];
    double s = 0;
    for (int i = 0; i < dim; i++) {
      v[i] = (float) r.nextGaussian();
      s += v[i] * v[i];
    }
    float inv = (float) (1 / Math.sqrt(s));
    for (int i = 0; i < dim; i++) {
      v[i] *= inv;
    }
    return v;
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  static SignalValue emb(float[] v) {
    return new SignalValue.Embedding(v);
  }

  @Test
  void knnMatchesBruteForceCosineWithExactDistances() throws IOException {
    Random r = new Random(7);
    int n = 3000;
    int dim = 64;
    List<float[]> vs = new ArrayList<>();
    List<NearDuplicateIndex.Entry> entries = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      vs.add(unit(r, dim));
      entries.add(new NearDuplicateIndex.Entry("i" + i, emb(vs.get(i))));
    }
    try (NearDuplicateIndex idx = NearDuplicateIndex.create(tmp.resolve("e"), IndexSpec.embedding(SIGNAL, dim))) {
      idx.addAll(entries);
      assertThat(idx.size()).isEqualTo(n);
      int found = 0;
      int queries = 50;
      for (int q = 0; q < queries; q++) {
        float[] query = unit(r, dim);
        // brute force, independent of Lucene: cosine distance from a double dot product
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          order.add(i);
        }
        order.sort((a, b) -> Double.compare(1 - dot(query, vs.get(a)), 1 - dot(query, vs.get(b))));
        Set<String> truth = new HashSet<>();
        for (int i = 0; i < 10; i++) {
          truth.add("i" + order.get(i));
        }
        List<Neighbor> hits = idx.search(emb(query), 10);
        assertThat(hits).hasSize(10);
        for (Neighbor h : hits) {
          int i = Integer.parseInt(h.id().substring(1));
          assertThat(h.distance()).isCloseTo(1 - dot(query, vs.get(i)), org.assertj.core.data.Offset.offset(1e-5));
          if (truth.contains(h.id())) {
            found++;
          }
        }
        for (int i = 1; i < hits.size(); i++) {
          assertThat(hits.get(i).distance()).isGreaterThanOrEqualTo(hits.get(i - 1).distance());
        }
      }
      assertThat(found / (double) (queries * 10)).as("recall@10").isGreaterThanOrEqualTo(0.95);
    }
  }

  @Test
  void hashIndexGivesExactHammingAndThresholdQueriesMatchBruteForce() throws IOException {
    Random r = new Random(11);
    int n = 2000;
    long[] hs = new long[n];
    List<NearDuplicateIndex.Entry> entries = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // clusters of near hashes around 100 centres, so that thresholds have neighbours to find
      long centre = new Random(i % 100).nextLong();
      long noise = 0;
      for (int b = 0; b < r.nextInt(6); b++) {
        noise |= 1L << r.nextInt(64);
      }
      hs[i] = centre ^ noise;
      entries.add(new NearDuplicateIndex.Entry("h" + i, new SignalValue.Hash(Hashes.hex(hs[i]))));
    }
    try (NearDuplicateIndex idx = NearDuplicateIndex.create(tmp.resolve("h"), IndexSpec.hash64("image_phash@1"))) {
      idx.addAll(entries);
      for (int q = 0; q < 30; q++) {
        long query = hs[r.nextInt(n)] ^ (1L << r.nextInt(64));
        Set<String> truth = new HashSet<>();
        for (int i = 0; i < n; i++) {
          if (Long.bitCount(query ^ hs[i]) <= 8) {
            truth.add("h" + i);
          }
        }
        List<Neighbor> within = idx.within(new SignalValue.Hash(Hashes.hex(query)), 8, 1000);
        Set<String> got = new HashSet<>();
        for (Neighbor nb : within) {
          int i = Integer.parseInt(nb.id().substring(1));
          assertThat(nb.distance()).isEqualTo(Long.bitCount(query ^ hs[i]));
          got.add(nb.id());
        }
        assertThat(got).isEqualTo(truth);
      }
    }
  }

  @Test
  void hashEncodingIsFourTimesHamming() {
    assertThat(Hashes.parse("00000000000000ff")).isEqualTo(255L);
    assertThat(Hashes.parse("FFFFFFFFFFFFFFFF")).isEqualTo(-1L);
    // hand calculation: 0x0f vs 0xf0 differ in 8 bits
    assertThat(Hashes.hamming(Hashes.parse("000000000000000f"), Hashes.parse("00000000000000f0"))).isEqualTo(8);
    Random r = new Random(3);
    for (int t = 0; t < 100; t++) {
      long a = r.nextLong();
      long b = r.nextLong();
      byte[] va = Hashes.toSignVector(a);
      byte[] vb = Hashes.toSignVector(b);
      int sq = 0;
      for (int i = 0; i < 64; i++) {
        sq += (va[i] - vb[i]) * (va[i] - vb[i]);
      }
      assertThat(sq).isEqualTo(4 * Long.bitCount(a ^ b));
      assertThat(Hashes.fromSignVector(va)).isEqualTo(a);
    }
    assertThatThrownBy(() -> Hashes.parse("abc")).hasMessageContaining("16 hex digits, got 3 characters");
    assertThatThrownBy(() -> Hashes.parse("000000000000000g")).hasMessageContaining("not hex at position 15");
  }

  @Test
  void persistsAcrossReopenAndUncommittedWritesAreLost() throws IOException {
    Path dir = tmp.resolve("p");
    Random r = new Random(5);
    float[] a = unit(r, 16);
    float[] b = unit(r, 16);
    try (NearDuplicateIndex idx = NearDuplicateIndex.create(dir, IndexSpec.embedding(SIGNAL, 16))) {
      idx.add("a", emb(a));
      idx.commit();
      idx.add("b", emb(b));
      assertThat(idx.size()).isEqualTo(2); // visible here before the commit
    }
    try (NearDuplicateIndex idx = NearDuplicateIndex.open(dir)) {
      assertThat(idx.size()).isEqualTo(1);
      assertThat(idx.search(emb(b), 5)).extracting(Neighbor::id).containsExactly("a");
      assertThat(idx.search(emb(a), 1).get(0).distance()).isLessThan(1e-6);
      idx.add("b", emb(b));
      idx.add("a", emb(b)); // update by id: a now holds b's vector
      idx.commit();
    }
    try (NearDuplicateIndex idx = NearDuplicateIndex.openReadOnly(dir)) {
      assertThat(idx.size()).isEqualTo(2);
      assertThat(idx.search(emb(b), 2)).allSatisfy(nb -> assertThat(nb.distance()).isLessThan(1e-6));
      assertThatThrownBy(() -> idx.add("c", emb(a))).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("read-only");
    }
    try (NearDuplicateIndex idx = NearDuplicateIndex.open(dir)) {
      idx.delete("a");
      idx.delete("nope");
      idx.commit();
      assertThat(idx.search(emb(b), 5)).extracting(Neighbor::id).containsExactly("b");
    }
  }

  @Test
  void openChecksSignalKindDimensionAndFormatWithPreciseErrors() throws IOException {
    Path dir = tmp.resolve("m");
    try (NearDuplicateIndex idx = NearDuplicateIndex.create(dir, IndexSpec.embedding(SIGNAL, 8))) {
      idx.add("x", emb(unit(new Random(1), 8)));
      idx.commit();
    }
    assertThatThrownBy(() -> NearDuplicateIndex.openOrCreate(dir, IndexSpec.embedding(SIGNAL, 384)))
        .isInstanceOf(IndexFormatException.class).hasMessageContaining("has dimension 8").hasMessageContaining("384")
        .hasMessageContaining("wrong dimension");
    assertThatThrownBy(() -> NearDuplicateIndex.openOrCreate(dir, IndexSpec.embedding("image_embedding@1", 8)))
        .isInstanceOf(IndexFormatException.class).hasMessageContaining("indexes signal text_embedding@1, not image_embedding@1");
    assertThatThrownBy(() -> NearDuplicateIndex.openOrCreate(dir, IndexSpec.hash64(SIGNAL)))
        .isInstanceOf(IndexFormatException.class).hasMessageContaining("wrong metric");
    try (NearDuplicateIndex idx = NearDuplicateIndex.open(dir)) {
      assertThatThrownBy(() -> idx.add("y", emb(unit(new Random(1), 9))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension 8, got a 9-d vector");
      assertThatThrownBy(() -> idx.add("y", emb(new float[] {1, 1, 0, 0, 0, 0, 0, 0})))
          .hasMessageContaining("L2-normalised");
      assertThatThrownBy(() -> idx.add("y", new SignalValue.Hash("00000000000000ff")))
          .hasMessageContaining("got hash");
      assertThat(idx.size()).isEqualTo(1); // nothing written by the rejected adds
    }
    Path manifest = dir.resolve(IndexManifest.FILE_NAME);
    String good = Files.readString(manifest);
    Files.writeString(manifest, good.replace("\"format_version\" : 1", "\"format_version\" : 99"));
    assertThatThrownBy(() -> NearDuplicateIndex.open(dir)).isInstanceOf(IndexFormatException.class)
        .hasMessageContaining("index format version 99, this Prism reads version 1");
    Files.writeString(manifest, good.replace("\"dimension\" : 8", "\"dimension\" : 16"));
    assertThatThrownBy(() -> NearDuplicateIndex.open(dir)).isInstanceOf(IndexFormatException.class)
        .hasMessageContaining("manifest says dimension 16, segments hold 8");
    Files.writeString(manifest, "{\"format_version\": 1, \"kind\": ");
    assertThatThrownBy(() -> NearDuplicateIndex.open(dir)).isInstanceOf(IndexFormatException.class)
        .hasMessageContaining("unreadable manifest");
    Files.writeString(manifest, good);
    // flip bytes in the middle of the commit point: Lucene's checksum catches it
    Path segments;
    try (Stream<Path> s = Files.list(dir)) {
      segments = s.filter(p -> p.getFileName().toString().startsWith("segments_")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(segments);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(segments, bytes);
    assertThatThrownBy(() -> NearDuplicateIndex.openReadOnly(dir)).isInstanceOf(IndexFormatException.class)
        .hasMessageContaining("corrupt index");
    assertThatThrownBy(() -> NearDuplicateIndex.open(tmp.resolve("none"))).isInstanceOf(IndexFormatException.class)
        .hasMessageContaining(IndexManifest.FILE_NAME + " is missing");
    Files.writeString(tmp.resolve("file.txt"), "x", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> NearDuplicateIndex.create(tmp, IndexSpec.embedding(SIGNAL, 8)))
        .hasMessageContaining("is not empty");
  }

  @Test
  void imageEmbeddingsOfTwelveHundredEightyDimensionsAreAccepted() throws IOException {
    // Lucene's own HNSW format stops at 1024 dimensions; PrismHnswVectorsFormat lifts that
    Random r = new Random(9);
    Path dir = tmp.resolve("img");
    float[] v = unit(r, 1280);
    try (NearDuplicateIndex idx = NearDuplicateIndex.create(dir, IndexSpec.embedding("image_embedding@1", 1280))) {
      idx.add("one", emb(v));
      idx.add("two", emb(unit(r, 1280)));
      idx.commit();
    }
    try (NearDuplicateIndex idx = NearDuplicateIndex.openReadOnly(dir)) {
      assertThat(idx.search(emb(v), 1).get(0).id()).isEqualTo("one");
    }
  }

  @Test
  void readersSearchWhileOneWriterAddsAndAReadOnlyOpenerSeesTheCommit() throws Exception {
    Path dir = tmp.resolve("c");
    Random r = new Random(13);
    int dim = 32;
    try (NearDuplicateIndex idx = NearDuplicateIndex.create(dir, IndexSpec.embedding(SIGNAL, dim));
         NearDuplicateIndex ro = NearDuplicateIndex.openReadOnly(dir)) {
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        List<Future<Integer>> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          long seed = t;
          readers.add(pool.submit(() -> {
            Random rr = new Random(seed);
            int searches = 0;
            for (int i = 0; i < 200; i++) {
              List<Neighbor> hits = idx.search(emb(unit(rr, dim)), 5);
              assertThat(hits.size()).isLessThanOrEqualTo(5);
              searches++;
            }
            return searches;
          }));
        }
        for (int b = 0; b < 20; b++) {
          List<NearDuplicateIndex.Entry> batch = new ArrayList<>();
          for (int i = 0; i < 50; i++) {
            batch.add(new NearDuplicateIndex.Entry("b" + b + "-" + i, emb(unit(r, dim))));
          }
          idx.addAll(batch);
        }
        for (Future<Integer> f : readers) {
          assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(200);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(idx.size()).isEqualTo(1000);
      assertThat(ro.size()).isZero(); // nothing committed yet
      idx.commit();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (ro.size() != 1000 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(ro.size()).isEqualTo(1000);
    }
  }
}
