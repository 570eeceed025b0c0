/**
 * Labeling functions: the Java interface, the declarative kinds (keyword, regex, length, threshold)
 * and their JSON file, applying them to items to build a label matrix, and Snorkel-style analysis
 * (coverage, overlaps, conflicts, empirical accuracy).
 */
package dev.prism.label.lf;
