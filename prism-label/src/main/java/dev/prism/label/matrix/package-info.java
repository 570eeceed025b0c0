/**
 * The label matrix: n items × m labeling functions over k classes, storing only the non-abstain
 * votes. The common input of every label model.
 */
package dev.prism.label.matrix;
