/**
 * From input signal values to a head's feature vector: the feature layout saved in the artifact,
 * the one assembler used by training, evaluation and serving, and the standardizer.
 */
package dev.prism.learn.features;
