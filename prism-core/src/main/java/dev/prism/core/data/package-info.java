/**
 * Readers of the public datasets bundled under datasets/ (with their splits), shared by tests, examples, the demo and the benchmarks.
 */
package dev.prism.core.data;
