package dev.prism.cli.io;

import dev.prism.core.graph.ItemResult;
import java.io.IOException;
import java.util.List;

/** Writes scored items. Implementations are not thread-safe. */
public interface SignalWriter extends AutoCloseable {
  void write(List<ItemResult> results) throws IOException;

  @Override
  void close() throws IOException;
}
