package dev.prism.runtime.sink;

import dev.prism.core.graph.ItemResult;
import java.io.IOException;
import java.util.List;

/**
 * Where a batch run writes scored items (JSONL, Parquet; a signal store later). Implementations are
 * not thread-safe; the runner writes one batch at a time, in input order.
 */
public interface SignalSink extends AutoCloseable {
  void write(List<ItemResult> results) throws IOException;

  /** The run completed: make the output visible (a no-op for sinks that write in place). */
  default void commit() throws IOException {}

  @Override
  void close() throws IOException;
}
