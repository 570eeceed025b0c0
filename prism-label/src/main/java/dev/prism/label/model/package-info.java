/**
 * Label models that turn a label matrix into probabilistic labels: majority vote, Dawid–Skene and
 * the generative model, with their tie-breaking, class-balance and dependency reporting, and the
 * metrics used to score them against gold labels.
 */
package dev.prism.label.model;
