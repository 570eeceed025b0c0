package dev.prism.core.graph;

import dev.prism.core.signal.SignalSpec;

/** Observes graph execution (metrics, logs). Called on the executing thread; keep it cheap. */
public interface GraphListener {
  GraphListener NONE = new GraphListener() {};

  /** A node finished a batch of {@code size} items in {@code nanos}. */
  default void nodeComputed(String node, int size, long nanos) {}

  /**
   * A node threw on {@code size} items: the graph retries a failing batch in halves, so this is
   * called once per item that still fails alone ({@code size} 1), with what it threw.
   */
  default void nodeFailed(String node, int size, Throwable error) {}

  /** A value failed its contract and was withheld. */
  default void contractViolation(SignalSpec spec, String message) {}
}
