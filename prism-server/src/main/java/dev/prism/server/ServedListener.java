package dev.prism.server;

import dev.prism.core.graph.ItemResult;
import java.util.List;

/**
 * Told about every answered {@code POST /v1/signals}, on the request's thread, once its results are
 * ready and before the response is written (the served-signal log of prism-monitor is one). It must
 * return quickly and never block: hand the work to another thread. An exception it throws is
 * logged and does not fail the request.
 */
@FunctionalInterface
public interface ServedListener {
  /**
   * @param results the items' results as answered (defaults applied)
   * @param latencyNanos the request's server-side time from arrival to results ready
   */
  void served(List<ItemResult> results, long latencyNanos);
}
