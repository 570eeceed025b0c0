/**
 * Commands over prism-learn: training and evaluating heads, label errors and labelling batches.
 */
package dev.prism.cli.learn;
