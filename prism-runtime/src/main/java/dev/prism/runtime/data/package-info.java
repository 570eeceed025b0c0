/**
 * Readers of the bundled datasets used by the demo and the benchmarks.
 */
package dev.prism.runtime.data;
