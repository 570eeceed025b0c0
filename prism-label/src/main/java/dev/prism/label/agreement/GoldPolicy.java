package dev.prism.label.agreement;

/**
 * How {@link Agreement#gold(int[][], GoldPolicy)} resolves one item's human labels into a single
 * "gold" label. Every policy ignores missing ratings ({@link Agreement#MISSING}); an item that no
 * policy can resolve gets {@link Agreement#UNRESOLVED} ({@code -1}) so that it is sent back for
 * adjudication instead of silently picking a side.
 *
 * <p>Weighting raters by expertise ("prefer the expert") is deliberately not a policy here: it
 * needs rater metadata the rating matrix does not carry; the label store can pre-filter the rows
 * it passes in.
 */
public enum GoldPolicy {
  /**
   * The label with the most votes among the item's non-missing ratings (plurality). <b>Tie
   * rule:</b> if two or more labels share the highest count the item is {@code UNRESOLVED}; no
   * label is preferred by index, order or rater. One rating is enough to resolve an item.
   */
  MAJORITY,

  /**
   * A label chosen by strictly more than half of the item's non-missing ratings; otherwise {@code
   * UNRESOLVED}. Stricter than {@link #MAJORITY} with three or more classes (2-2-1 is a plurality
   * for no one, 3-2 resolves under both).
   */
  STRICT_MAJORITY,

  /**
   * The label when every non-missing rating agrees and there are at least two of them; otherwise
   * {@code UNRESOLVED}. For building a high-precision evaluation set.
   */
  UNANIMOUS
}
