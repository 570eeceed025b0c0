/**
 * The served-signal log: a sampled, append-only record of what the server answered (item id, signal,
 * version, value, time, latency) as partitioned Parquet files, written by a background thread that
 * never blocks a request, and read back for {@code prism monitor}. See MONITORING.md.
 */
package dev.prism.monitor.log;
