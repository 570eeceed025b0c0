package dev.prism.spark.neardup;

import dev.prism.core.signal.SignalSpec;
import dev.prism.runtime.item.ItemMapping;
import java.io.IOException;

/**
 * What deduplication needs from {@code prism spark score}: the name of a signal's column in its
 * Parquet output, the row-error column, and a run that scores an item input for one signal. A port
 * rather than a call into {@code dev.prism.spark}, so this package does not depend on the package
 * whose commands use it (the implementation is {@code dev.prism.spark.SparkScoring}).
 */
public interface SignalScoring {
  /** The column {@code spec}'s values are in, in a score output. */
  String column(SignalSpec spec);

  /** The column that holds why a row is no item (null for a scored item). */
  String rowErrorColumn();

  /** Scores {@code input} (JSONL, CSV or Parquet items) for {@code signal} into Parquet at {@code outDir}. */
  Scored score(String input, String inputFormat, String outDir, ItemMapping mapping, String signal) throws IOException;

  /** How a {@link #score} run went. */
  record Scored(long items, long badRows, double seconds) {}
}
