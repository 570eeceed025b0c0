package dev.prism.index;

import dev.prism.core.signal.SignalValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnByteVectorField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnByteVectorQuery;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A near-duplicate index on disk: one Lucene index whose documents are an item id and one vector
 * (an embedding, or a 64-bit hash as ±1 bytes), searched through Lucene's HNSW graph, plus the
 * {@link IndexManifest} that says what it holds. See NEARDUP.md for the design and the numbers.
 *
 * <p><b>Writes</b> ({@link #add}, {@link #addAll}, {@link #delete}) are upserts and deletes by id;
 * they become durable and visible to other processes at {@link #commit()}, which is atomic (Lucene
 * writes a new {@code segments_N} and switches to it in one rename; a crash before it leaves the
 * previous commit intact). In this process, searches see writes made before them without a commit.
 * <b>Concurrency</b>: any number of threads may search while others write; Lucene's IndexWriter is
 * thread-safe, so concurrent {@link #addAll} calls index in parallel (each thread fills its own segment).
 * Across processes there is one writer (Lucene's {@code write.lock}) and any number of
 * {@linkplain #openReadOnly read-only} openers, which pick up new commits within
 * {@link #READ_ONLY_REFRESH_MILLIS}.
 */
public final class NearDuplicateIndex implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NearDuplicateIndex.class);

  /**
   * Candidates the HNSW search collects (its ef) before the best {@code k} are returned, when
   * {@code k} is smaller. Lucene's query uses ef = k, which at k = 10 loses recall; 100 reaches
   * recall@10 0.974 (ef = 10: 0.842) at 100k vectors in the benchmark, at 6.5x the query time (NEARDUP.md).
   */
  public static final int DEFAULT_SEARCH_BREADTH = 100;
  /** Most neighbours a threshold query ({@link #within}) returns when the caller gives no limit. */
  public static final int DEFAULT_WITHIN_LIMIT = 1000;
  /** How often a read-only opener looks for a newer commit, at most. */
  public static final long READ_ONLY_REFRESH_MILLIS = 1000;
  /**
   * The writer's in-memory buffer before it flushes a segment. Bigger buffers make fewer, larger
   * segments (each segment is one HNSW graph searched separately); 256 MB holds ~150k 384-d vectors.
   */
  public static final double RAM_BUFFER_MB = 256;
  /** Vectors longer than 1 ± this are refused for cosine: the dot product equals the cosine only on unit vectors. */
  public static final double UNIT_NORM_TOLERANCE = 1e-3;

  static final String ID_FIELD = "id";
  static final String VECTOR_FIELD = "vec";

  /** One item to index: its id and its signal value (an embedding or a hash). */
  public record Entry(String id, SignalValue value) {
    public Entry {
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException("an indexed item needs a non-empty id");
      }
      if (value == null) {
        throw new IllegalArgumentException("item '" + id + "' has no value to index");
      }
    }
  }

  private final Path dir;
  private final IndexManifest manifest;
  private final Directory directory;
  private final IndexWriter writer; // null when read-only
  private final SearcherManager searchers;
  private final int searchBreadth;
  private final ReentrantReadWriteLock batches = new ReentrantReadWriteLock();
  private final AtomicBoolean stale = new AtomicBoolean(false);
  private final AtomicLong lastRefresh = new AtomicLong(System.nanoTime());

  private NearDuplicateIndex(Path dir, IndexManifest manifest, Directory directory, IndexWriter writer,
      SearcherManager searchers, int searchBreadth) {
    this.dir = dir;
    this.manifest = manifest;
    this.directory = directory;
    this.writer = writer;
    this.searchers = searchers;
    this.searchBreadth = searchBreadth;
  }

  /** Creates a new index in {@code dir}, which must not exist or be empty, and commits it empty. */
  public static NearDuplicateIndex create(Path dir, IndexSpec spec) throws IOException {
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException(dir + " exists and is not a directory");
      }
      try (var s = Files.list(dir)) {
        if (s.findAny().isPresent()) {
          throw new IllegalArgumentException(dir + " is not empty: an index is created only in an empty or new directory");
        }
      }
    }
    Files.createDirectories(dir);
    IndexManifest manifest = IndexManifest.of(spec);
    Directory directory = FSDirectory.open(dir);
    IndexWriter w;
    try {
      w = new IndexWriter(directory, config(manifest, IndexWriterConfig.OpenMode.CREATE));
      w.commit();
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e;
    }
    // the manifest last: a directory without it is not an index, so a crash here leaves no half index
    manifest.write(dir);
    LOG.info("created near-duplicate index {} ({} {}-d, {}, M={}, beam={})", dir, spec.signal(), spec.dimension(),
        spec.metric(), spec.maxConn(), spec.beamWidth());
    return withWriter(dir, manifest, directory, w);
  }

  /** Opens an existing index for reading and writing (one writer per directory, across processes). */
  public static NearDuplicateIndex open(Path dir) throws IOException {
    IndexManifest manifest = IndexManifest.read(dir);
    Directory directory = FSDirectory.open(dir);
    try {
      checkSegments(dir, manifest, directory);
      IndexWriter w;
      try {
        w = new IndexWriter(directory, config(manifest, IndexWriterConfig.OpenMode.APPEND));
      } catch (LockObtainFailedException e) {
        throw new IOException(dir + " is open for writing by another process (Lucene write.lock is held); "
            + "open it read-only or stop the other writer", e);
      }
      return withWriter(dir, manifest, directory, w);
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e;
    }
  }

  /**
   * Opens the index in {@code dir} if there is one and checks that it indexes {@code spec}'s signal
   * with its kind and dimension; creates it otherwise.
   */
  public static NearDuplicateIndex openOrCreate(Path dir, IndexSpec spec) throws IOException {
    if (Files.exists(dir.resolve(IndexManifest.FILE_NAME))) {
      IndexManifest m = IndexManifest.read(dir);
      check(dir, m, spec.signal(), spec.kind(), spec.dimension());
      return open(dir);
    }
    return create(dir, spec);
  }

  /** Opens an existing index for searching only; it sees new commits of a writer elsewhere. */
  public static NearDuplicateIndex openReadOnly(Path dir) throws IOException {
    IndexManifest manifest = IndexManifest.read(dir);
    Directory directory = FSDirectory.open(dir);
    try {
      checkSegments(dir, manifest, directory);
      SearcherManager sm = new SearcherManager(directory, null);
      return new NearDuplicateIndex(dir, manifest, directory, null, sm, DEFAULT_SEARCH_BREADTH);
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e;
    }
  }

  /**
   * Throws an {@link IndexFormatException} naming the difference when {@code m} does not index
   * {@code signal} as {@code kind} with {@code dimension} (pass {@code dimension <= 0} to skip that check).
   */
  public static void check(Path dir, IndexManifest m, String signal, IndexKind kind, int dimension)
      throws IndexFormatException {
    if (!m.signal().equals(signal)) {
      throw new IndexFormatException(dir + " indexes signal " + m.signal() + ", not " + signal);
    }
    if (m.kind() != kind) {
      throw new IndexFormatException(dir + " holds " + m.kind() + " (" + m.metric() + "), not " + kind + " ("
          + kind.metric() + "): wrong metric for " + signal);
    }
    if (dimension > 0 && m.dimension() != dimension) {
      throw new IndexFormatException(dir + " has dimension " + m.dimension() + ", " + signal + " values have "
          + dimension + ": wrong dimension");
    }
  }

  private static NearDuplicateIndex withWriter(Path dir, IndexManifest m, Directory d, IndexWriter w)
      throws IOException {
    try {
      SearcherManager sm = new SearcherManager(w, true, false, null);
      return new NearDuplicateIndex(dir, m, d, w, sm, DEFAULT_SEARCH_BREADTH);
    } catch (IOException | RuntimeException e) {
      w.close();
      throw e;
    }
  }

  private static IndexWriterConfig config(IndexManifest m, IndexWriterConfig.OpenMode mode) {
    KnnVectorsFormat format = new PrismHnswVectorsFormat(m.maxConn(), m.beamWidth());
    IndexWriterConfig c = new IndexWriterConfig();
    c.setOpenMode(mode);
    c.setRAMBufferSizeMB(RAM_BUFFER_MB);
    c.setCodec(new Lucene103Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return format;
      }
    });
    return c;
  }

  /** Opens the last commit once and checks the vector field against the manifest; corrupt files fail here. */
  private static void checkSegments(Path dir, IndexManifest m, Directory directory) throws IOException {
    try (DirectoryReader r = DirectoryReader.open(directory)) {
      FieldInfo fi = FieldInfos.getMergedFieldInfos(r).fieldInfo(VECTOR_FIELD);
      if (fi == null) {
        return; // nothing indexed yet
      }
      VectorEncoding enc = m.kind() == IndexKind.EMBEDDING ? VectorEncoding.FLOAT32 : VectorEncoding.BYTE;
      VectorSimilarityFunction sim = similarity(m.kind());
      if (fi.getVectorDimension() != m.dimension()) {
        throw new IndexFormatException(dir + ": corrupt index (manifest says dimension " + m.dimension()
            + ", segments hold " + fi.getVectorDimension() + ")");
      }
      if (fi.getVectorEncoding() != enc || fi.getVectorSimilarityFunction() != sim) {
        throw new IndexFormatException(dir + ": corrupt index (manifest says " + m.kind() + "/" + m.metric()
            + ", segments hold " + fi.getVectorEncoding() + "/" + fi.getVectorSimilarityFunction() + ")");
      }
    } catch (IndexNotFoundException | NoSuchFileException e) {
      throw new IndexFormatException(dir + ": corrupt index (manifest present, Lucene commit missing: "
          + e.getMessage() + ")", e);
    } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException e) {
      throw new IndexFormatException(dir + ": corrupt index (" + e.getMessage() + ")", e);
    }
  }

  private static VectorSimilarityFunction similarity(IndexKind kind) {
    return kind == IndexKind.EMBEDDING ? VectorSimilarityFunction.DOT_PRODUCT : VectorSimilarityFunction.EUCLIDEAN;
  }

  public IndexManifest manifest() {
    return manifest;
  }

  public Path directory() {
    return dir;
  }

  public boolean readOnly() {
    return writer == null;
  }

  /** Adds the item or replaces the item with that id. Visible to searches here at once, durable at commit. */
  public void add(String id, SignalValue value) throws IOException {
    addAll(List.of(new Entry(id, value)));
  }

  /**
   * Adds or replaces every entry. All values are validated before any is written, so a bad value
   * (wrong type, dimension, non-unit length, malformed hash) rejects the whole batch and writes nothing.
   */
  public void addAll(Collection<Entry> entries) throws IOException {
    requireWritable();
    List<Document> docs = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      docs.add(document(e));
    }
    batches.readLock().lock(); // shared among writers, exclusive with commit: a commit holds whole batches only
    try {
      int i = 0;
      for (Entry e : entries) {
        writer.updateDocument(new Term(ID_FIELD, e.id()), docs.get(i++));
      }
      stale.set(true);
    } finally {
      batches.readLock().unlock();
    }
  }

  /** Deletes the item with this id; deleting an id that is not there is not an error. */
  public void delete(String id) throws IOException {
    requireWritable();
    batches.readLock().lock();
    try {
      writer.deleteDocuments(new Term(ID_FIELD, id));
      stale.set(true);
    } finally {
      batches.readLock().unlock();
    }
  }

  /**
   * Makes every write so far durable and visible to other processes, atomically. It waits for
   * {@link #addAll} calls in progress, so a commit never holds part of a batch.
   */
  public void commit() throws IOException {
    requireWritable();
    batches.writeLock().lock();
    try {
      writer.commit();
    } finally {
      batches.writeLock().unlock();
    }
  }

  /** Merges all segments into one HNSW graph: faster searches, a slow rebuild; for bulk-built indexes. */
  public void forceMerge() throws IOException {
    requireWritable();
    writer.forceMerge(1);
    stale.set(true);
  }

  /** Live items (added and not deleted), including uncommitted writes of this process. */
  public int size() throws IOException {
    IndexSearcher s = acquire();
    try {
      return s.getIndexReader().numDocs();
    } finally {
      searchers.release(s);
    }
  }

  /** Segments of the current view: each is a separate HNSW graph that every query visits. */
  public int segments() throws IOException {
    IndexSearcher s = acquire();
    try {
      return s.getIndexReader().leaves().size();
    } finally {
      searchers.release(s);
    }
  }

  /** The {@code k} nearest items to {@code query}, closest first, with their distances. */
  public List<Neighbor> search(SignalValue query, int k) throws IOException {
    return search(query, k, searchBreadth);
  }

  /**
   * As {@link #search(SignalValue, int)}, with the number of HNSW candidates ({@code breadth},
   * raised to {@code k} when smaller) given: higher is slower and closer to exact.
   */
  public List<Neighbor> search(SignalValue query, int k, int breadth) throws IOException {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    List<Neighbor> all = knn(query, Math.max(k, breadth));
    return all.size() > k ? List.copyOf(all.subList(0, k)) : all;
  }

  /**
   * Every indexed item within {@code maxDistance} of {@code query} (inclusive), closest first, at
   * most {@code limit}. HNSW answers k-nearest queries, so this widens k (×4 each round) until a
   * round returns some item beyond the distance, the whole index or {@code limit}: it finds what
   * the graph search finds, which is approximate like every HNSW result.
   */
  public List<Neighbor> within(SignalValue query, double maxDistance, int limit) throws IOException {
    if (!(maxDistance >= 0)) {
      throw new IllegalArgumentException("max distance must be >= 0, got " + maxDistance);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    int k = Math.min(Math.max(searchBreadth, 16), limit);
    while (true) {
      List<Neighbor> hits = knn(query, k);
      List<Neighbor> in = new ArrayList<>();
      for (Neighbor n : hits) {
        if (n.distance() <= maxDistance) {
          in.add(n);
        }
      }
      boolean exhausted = hits.size() < k;
      if (in.size() < hits.size() || exhausted || k >= limit) {
        return in.size() > limit ? List.copyOf(in.subList(0, limit)) : in;
      }
      k = (int) Math.min((long) k * 4, limit);
    }
  }

  private List<Neighbor> knn(SignalValue query, int k) throws IOException {
    Query q = switch (manifest.kind()) {
      case EMBEDDING -> new KnnFloatVectorQuery(VECTOR_FIELD, floats(query, "query"), k);
      case HASH64 -> new KnnByteVectorQuery(VECTOR_FIELD, Hashes.toSignVector(hash(query, "query")), k);
    };
    IndexSearcher s = acquire();
    try {
      TopDocs top = s.search(q, k);
      StoredFields stored = s.storedFields();
      List<Neighbor> out = new ArrayList<>(top.scoreDocs.length);
      for (ScoreDoc sd : top.scoreDocs) {
        out.add(new Neighbor(stored.document(sd.doc).get(ID_FIELD), distance(sd.score)));
      }
      return out;
    } finally {
      searchers.release(s);
    }
  }

  /**
   * Lucene's score back to the distance: dot product scores {@code (1 + cos) / 2}, so the cosine
   * distance is {@code 2 - 2·score}; Euclidean scores {@code 1 / (1 + d²)} with {@code d² = 4 × Hamming}.
   */
  double distance(float score) {
    return switch (manifest.kind()) {
      case EMBEDDING -> Math.max(0.0, 2.0 - 2.0 * score);
      case HASH64 -> Math.round((1.0 / score - 1.0) / 4.0);
    };
  }

  private IndexSearcher acquire() throws IOException {
    if (writer != null) {
      if (stale.getAndSet(false)) {
        searchers.maybeRefreshBlocking();
      }
    } else {
      long now = System.nanoTime();
      long last = lastRefresh.get();
      if (now - last > READ_ONLY_REFRESH_MILLIS * 1_000_000L && lastRefresh.compareAndSet(last, now)) {
        searchers.maybeRefresh();
      }
    }
    return searchers.acquire();
  }

  private Document document(Entry e) {
    Document d = new Document();
    d.add(new StringField(ID_FIELD, e.id(), Field.Store.NO));
    d.add(new StoredField(ID_FIELD, e.id()));
    switch (manifest.kind()) {
      case EMBEDDING -> d.add(new KnnFloatVectorField(VECTOR_FIELD, floats(e.value(), "item '" + e.id() + "'"),
          VectorSimilarityFunction.DOT_PRODUCT));
      case HASH64 -> d.add(new KnnByteVectorField(VECTOR_FIELD,
          Hashes.toSignVector(hash(e.value(), "item '" + e.id() + "'")), VectorSimilarityFunction.EUCLIDEAN));
    }
    return d;
  }

  private float[] floats(SignalValue v, String what) {
    if (!(v instanceof SignalValue.Embedding emb)) {
      throw new IllegalArgumentException(what + ": index " + dir + " holds " + manifest.signal()
          + " embeddings, got " + describe(v));
    }
    float[] x = emb.vector();
    if (x.length != manifest.dimension()) {
      throw new IllegalArgumentException(what + ": " + manifest.signal() + " index has dimension "
          + manifest.dimension() + ", got a " + x.length + "-d vector");
    }
    double sq = 0;
    for (float f : x) {
      if (!Float.isFinite(f)) {
        throw new IllegalArgumentException(what + ": vector has a non-finite component");
      }
      sq += (double) f * f;
    }
    double norm = Math.sqrt(sq);
    if (Math.abs(norm - 1.0) > UNIT_NORM_TOLERANCE) {
      throw new IllegalArgumentException(what + ": cosine index needs L2-normalised vectors, got norm " + norm);
    }
    return x;
  }

  private long hash(SignalValue v, String what) {
    if (!(v instanceof SignalValue.Hash h)) {
      throw new IllegalArgumentException(what + ": index " + dir + " holds " + manifest.signal()
          + " 64-bit hashes, got " + describe(v));
    }
    try {
      return Hashes.parse(h.hex());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }

  private static String describe(SignalValue v) {
    return v == null ? "no value" : v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  private void requireWritable() {
    if (writer == null) {
      throw new IllegalStateException("index " + dir + " is open read-only");
    }
  }

  /** Closes without committing: writes since the last {@link #commit()} are lost, the last commit stays. */
  @Override
  public void close() throws IOException {
    try {
      searchers.close();
    } finally {
      try {
        if (writer != null) {
          writer.rollback();
        }
      } finally {
        directory.close();
      }
    }
  }
}
