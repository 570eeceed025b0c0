package dev.prism.core.graph;

/** The graph cannot be built: a missing input, a cycle, two producers, a signal with no contract. */
public final class GraphException extends IllegalArgumentException {
  public GraphException(String message, Throwable cause) {
    super(message, cause);
  }

  public GraphException(String message) {
    super(message);
  }
}
