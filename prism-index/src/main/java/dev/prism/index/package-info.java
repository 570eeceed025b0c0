/**
 * Near-duplicate index: a persisted Lucene HNSW index over L2-normalised embeddings (cosine) and
 * 64-bit perceptual hashes (Hamming), k-nearest and threshold queries by item id, and
 * connected-component clustering of near-duplicates. Builds on prism-core only; see NEARDUP.md.
 */
package dev.prism.index;
