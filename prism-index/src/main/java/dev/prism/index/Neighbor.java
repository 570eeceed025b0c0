package dev.prism.index;

/** One search hit: an indexed item id and its distance to the query (see {@link Metric}). */
public record Neighbor(String id, double distance) {
  public Neighbor {
    if (id == null) {
      throw new IllegalArgumentException("neighbor id must not be null");
    }
  }
}
