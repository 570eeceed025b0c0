package dev.prism.core.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Everything Prism needs to know about one kind of signal value, in one place: how its type is
 * written in a contract file, its JSON wire form, its tabular (Parquet, Spark) columns, and whether
 * and how it becomes numeric features for a head or a labeling function. Adding a value type is one
 * codec class (with its value and type records nested in it) and one registration in
 * {@code META-INF/services/dev.prism.core.signal.ValueCodec}; no switch elsewhere needs a new case.
 *
 * @param <V> the value record
 * @param <T> the contract type record
 */
public interface ValueCodec<V extends SignalValue, T extends ValueType> {

  /** The type's {@code kind} in contract files, e.g. {@code embedding}; unique among codecs. */
  String kind();

  Class<V> valueClass();

  Class<T> typeClass();

  // ---- contract files ------------------------------------------------------------------------

  /** Reads the type's parameters from a contract's {@code type} object; precise IAE when wrong. */
  T parseType(JsonNode type);

  /** Writes the type's parameters (not {@code kind}, which the caller writes) into {@code out}. */
  void writeType(T type, ObjectNode out);

  // ---- JSON wire form ------------------------------------------------------------------------

  /** The value as JSON (HTTP responses, JSONL output, snapshots). */
  JsonNode toJson(V value);

  /** Reads a value written by {@link #toJson}; {@code type} may be null when only the shape is known. */
  V fromJson(JsonNode json, T type);

  // ---- tabular form (Parquet, Spark rows) ----------------------------------------------------

  /** The columns one value occupies, named by suffix to the signal's column ({@code ""} = the column itself). */
  List<TabularColumn> columns(T type);

  /**
   * The value's cells, one per {@link #columns} entry, as Java values of the column's kind:
   * {@code Double}, {@code Long}, {@code String}, {@code float[]} or {@code double[]} (struct fields
   * in order).
   */
  List<Object> cells(V value, T type);

  // ---- numeric features (heads, labeling functions) ------------------------------------------

  /**
   * The value as named numbers, or an empty list when this kind is not numeric (a label, a hash, a
   * text). Names are positional ({@code "0"}, {@code "1"} ...) for dense vectors.
   */
  List<String> featureNames(V value);

  /** The numbers named by {@link #featureNames}, same order. */
  double[] features(V value);

  /**
   * Whether values of {@code type} are numeric ({@link #featureNames} non-empty), so that heads,
   * snapshots and threshold labeling functions can read them; decided from the type alone.
   */
  boolean numeric(T type);

  /** True when the features are a dense vector read by position (embeddings), not by name. */
  default boolean denseFeatures() {
    return false;
  }
}
