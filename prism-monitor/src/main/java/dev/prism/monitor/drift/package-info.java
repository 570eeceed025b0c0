/**
 * Drift of a window of served values against a reference: per-signal samples built from log rows,
 * the statistics by kind (scalar, label, embedding), coverage, errors and latency, and the
 * threshold checks that decide a breach. See MONITORING.md.
 */
package dev.prism.monitor.drift;
