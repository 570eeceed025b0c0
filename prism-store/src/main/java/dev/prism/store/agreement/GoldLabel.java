package dev.prism.store.agreement;

/**
 * The resolved label of one item.
 *
 * @param value the gold value, or null when the policy leaves the item unresolved (a tie, no
 *     strict majority, or disagreement under UNANIMOUS): it goes back for adjudication
 * @param ratings how many HUMAN labels the item has
 */
public record GoldLabel(String itemId, String value, int ratings) {}
