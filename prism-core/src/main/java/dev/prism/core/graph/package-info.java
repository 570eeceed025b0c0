/**
 * The signal graph: nodes (batch-first, AutoCloseable), their lazy declarations and providers, per-item columns, and the resolved graph that plans, runs and validates them.
 */
package dev.prism.core.graph;
