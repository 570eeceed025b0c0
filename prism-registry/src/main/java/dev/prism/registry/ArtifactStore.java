package dev.prism.registry;

import java.util.Optional;

/**
 * Immutable, content-addressed blobs: an artifact is named by the SHA-256 of its bytes, written
 * once and never modified. {@link FileArtifactStore} keeps them on a local disk; an object store
 * (S3, GCS) implements the same four methods.
 */
public interface ArtifactStore {

  /**
   * Stores {@code bytes} unless already present; either way returns its address. Putting the same
   * bytes twice is a no-op, so callers never need to check first.
   */
  StoredArtifact put(byte[] bytes);

  /**
   * The bytes stored under {@code sha256}, checked against that hash on the way out.
   *
   * @throws IllegalStateException when the stored bytes no longer match their name (corruption)
   */
  Optional<byte[]> read(String sha256);

  boolean contains(String sha256);

  /** Where the artifact lives, for people and logs (a path or a URI). */
  String location(String sha256);

  /** An artifact's address and size. */
  record StoredArtifact(String sha256, long size, String location) {
    public StoredArtifact {
      Sha256.requireHex(sha256, "sha256");
      if (size < 0) {
        throw new IllegalArgumentException("size must be >= 0, got " + size);
      }
    }
  }
}
