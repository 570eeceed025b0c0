/**
 * Where batch runs write scored items: JSONL (resumable) and Parquet (typed columns from the value codecs).
 */
package dev.prism.runtime.sink;
