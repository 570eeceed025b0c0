/**
 * The head artifact: the trained {@link dev.prism.learn.predict.HeadModel} with its output contract and
 * training provenance, and its versioned JSON file format with shape checks on load.
 */
package dev.prism.learn.artifact;
