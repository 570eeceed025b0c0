package dev.prism.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The small JSON file ({@value #FILE_NAME}) beside the Lucene segments that says what the index
 * is: format version, kind, dimension, metric, the signal it indexes and the HNSW parameters it was
 * built with. It is written once, when the index is created, and checked on every open.
 *
 * @param formatVersion {@link #FORMAT_VERSION} when written by this code
 * @param kind embeddings or 64-bit hashes
 * @param dimension vector length (64 for hashes: one ±1 byte per bit)
 * @param metric distance, fixed by the kind
 * @param signal the indexed signal as the graph names it, e.g. {@code text_embedding@1}
 * @param maxConn HNSW M: neighbours per node per layer
 * @param beamWidth HNSW beam width while building the graph
 */
public record IndexManifest(int formatVersion, IndexKind kind, int dimension, Metric metric, String signal,
    int maxConn, int beamWidth) {

  /** The manifest's file name inside the index directory. */
  public static final String FILE_NAME = "prism-index.json";
  /**
   * Version of the on-disk layout (manifest fields, Lucene field names and encodings). Bump it
   * when any of them changes; an index of another version is refused with both versions named.
   */
  public static final int FORMAT_VERSION = 1;
  /** The largest dimension accepted; Lucene's own HNSW format stops at 1024, below image embeddings. */
  public static final int MAX_DIMENSION = 4096;

  private static final ObjectMapper JSON = new ObjectMapper();

  public IndexManifest {
    if (kind == null || metric == null) {
      throw new IllegalArgumentException("index kind and metric must be given");
    }
    if (metric != kind.metric()) {
      throw new IllegalArgumentException("a " + kind + " index measures " + kind.metric() + ", not " + metric);
    }
    if (dimension < 1 || dimension > MAX_DIMENSION) {
      throw new IllegalArgumentException("index dimension must be in [1, " + MAX_DIMENSION + "], got " + dimension);
    }
    if (kind == IndexKind.HASH64 && dimension != Hashes.BITS) {
      throw new IllegalArgumentException("a HASH64 index has dimension " + Hashes.BITS + ", got " + dimension);
    }
    if (signal == null || signal.isBlank()) {
      throw new IllegalArgumentException("the indexed signal must be named (e.g. text_embedding@1)");
    }
  }

  /** A manifest of the current format for {@code spec}. */
  public static IndexManifest of(IndexSpec spec) {
    return new IndexManifest(FORMAT_VERSION, spec.kind(), spec.dimension(), spec.kind().metric(), spec.signal(),
        spec.maxConn(), spec.beamWidth());
  }

  /** Reads {@code dir}/{@value #FILE_NAME}, with an {@link IndexFormatException} naming what is wrong. */
  public static IndexManifest read(Path dir) throws IndexFormatException {
    Path file = dir.resolve(FILE_NAME);
    JsonNode n;
    try {
      n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new IndexFormatException(dir + " is not a Prism near-duplicate index: " + FILE_NAME + " is missing");
    } catch (IOException e) {
      throw new IndexFormatException(file + ": unreadable manifest (" + e.getMessage() + ")", e);
    }
    if (n == null || !n.isObject()) {
      throw new IndexFormatException(file + ": corrupt manifest (not a JSON object)");
    }
    int version = requiredInt(file, n, "format_version");
    if (version != FORMAT_VERSION) {
      throw new IndexFormatException(file + ": index format version " + version + ", this Prism reads version "
          + FORMAT_VERSION + " (rebuild the index with this version)");
    }
    try {
      return new IndexManifest(version,
          IndexKind.valueOf(requiredText(file, n, "kind").toUpperCase(Locale.ROOT)),
          requiredInt(file, n, "dimension"),
          Metric.valueOf(requiredText(file, n, "metric").toUpperCase(Locale.ROOT)),
          requiredText(file, n, "signal"),
          requiredInt(file, n, "hnsw_m"),
          requiredInt(file, n, "hnsw_beam_width"));
    } catch (IllegalArgumentException e) {
      throw new IndexFormatException(file + ": corrupt manifest (" + e.getMessage() + ")", e);
    }
  }

  /** Writes the manifest through a temporary file and an atomic rename, so a reader never sees half of it. */
  public void write(Path dir) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("format_version", formatVersion);
    n.put("kind", kind.name().toLowerCase(Locale.ROOT));
    n.put("dimension", dimension);
    n.put("metric", metric.name().toLowerCase(Locale.ROOT));
    n.put("signal", signal);
    n.put("hnsw_m", maxConn);
    n.put("hnsw_beam_width", beamWidth);
    Path tmp = dir.resolve(FILE_NAME + ".tmp");
    Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n", StandardCharsets.UTF_8);
    try {
      Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static int requiredInt(Path file, JsonNode n, String field) throws IndexFormatException {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new IndexFormatException(file + ": corrupt manifest (field '" + field + "' missing or not an integer)");
    }
    return v.intValue();
  }

  private static String requiredText(Path file, JsonNode n, String field) throws IndexFormatException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IndexFormatException(file + ": corrupt manifest (field '" + field + "' missing or not a string)");
    }
    return v.textValue();
  }
}
