/**
 * Inter-annotator agreement and gold labels for a labeling task in the store, computed with
 * prism-label's {@code Agreement} over the stored human labels.
 */
package dev.prism.store.agreement;
