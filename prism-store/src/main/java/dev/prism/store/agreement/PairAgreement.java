package dev.prism.store.agreement;

/**
 * Cohen's kappa of two annotators on the items both labelled.
 *
 * @param items n, the number of items both labelled
 * @param kappa null when undefined (both used a single, identical label: chance agreement is 1)
 * @param observedAgreement fraction of the n items on which they gave the same label
 */
public record PairAgreement(String annotatorA, String annotatorB, int items, Double kappa, double observedAgreement) {}
