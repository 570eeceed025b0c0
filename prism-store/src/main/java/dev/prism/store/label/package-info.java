/**
 * The label store: labeling tasks with ordered label sets, and labels from people, labeling
 * functions and models, one per (task, item, source).
 */
package dev.prism.store.label;
