package dev.prism.monitor.prevalence;

/** An item of the population and its score. */
public record Scored(String id, double score) {
  public Scored {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("scored item without an id");
    }
    if (!Double.isFinite(score)) {
      throw new IllegalArgumentException("item '" + id + "': score " + score + " is not a finite number");
    }
  }
}
