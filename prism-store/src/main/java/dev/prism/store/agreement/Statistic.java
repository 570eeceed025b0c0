package dev.prism.store.agreement;

/**
 * A task-level agreement coefficient.
 *
 * @param value null when it cannot be computed; {@code note} says why
 * @param items the items it was computed over
 * @param raters raters per item (Fleiss) or distinct raters (Krippendorff)
 * @param note why the value is missing, or what subset it covers; empty when nothing to say
 */
public record Statistic(Double value, int items, int raters, String note) {
  static Statistic undefined(int items, int raters, String note) {
    return new Statistic(null, items, raters, note);
  }
}
