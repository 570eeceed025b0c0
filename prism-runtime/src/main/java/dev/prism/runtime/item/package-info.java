/**
 * Item readers for JSONL and CSV files with line-numbered, per-record errors.
 */
package dev.prism.runtime.item;
