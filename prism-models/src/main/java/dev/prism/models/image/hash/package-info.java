/** {@code image_phash@1} and {@code image_dhash@1}: 64-bit perceptual hashes and Hamming near-duplicate decisions (HASHING.md). */
package dev.prism.models.image.hash;
