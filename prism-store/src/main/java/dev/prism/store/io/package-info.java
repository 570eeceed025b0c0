/**
 * Streaming, batched import of label files (CSV, JSONL, WRENCH, the last parsed by prism-label) into
 * a task, skipping bad rows with file and line, and export of a task's labels as CSV or JSONL.
 */
package dev.prism.store.io;
