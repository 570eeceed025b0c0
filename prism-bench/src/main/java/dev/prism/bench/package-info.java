/**
 * End-to-end benchmarks measured in one run so that ratios between stages are meaningful on a shared machine.
 */
package dev.prism.bench;
