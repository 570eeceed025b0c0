package dev.prism.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Artifacts as files {@code ROOT/ab/abcdef…} (the first two hex digits fan the files out over 256
 * folders). A file is written to a temporary name in its final folder, forced to disk and renamed
 * into place atomically, so a reader or a crash never sees a half-written artifact under a real
 * name; it is then made read-only and never written again. Reads re-hash the bytes, so a file
 * damaged on disk is reported instead of served.
 */
public final class FileArtifactStore implements ArtifactStore {
  private static final Logger log = LoggerFactory.getLogger(FileArtifactStore.class);

  /** Where artifacts live unless told otherwise, beside the default metadata database. */
  public static final String DEFAULT_ROOT = ".prism/artifacts";

  private final Path root;

  public FileArtifactStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  Path path(String sha256) {
    Sha256.requireHex(sha256, "artifact address");
    return root.resolve(sha256.substring(0, 2)).resolve(sha256);
  }

  @Override
  public StoredArtifact put(byte[] bytes) {
    String sha = Sha256.of(bytes);
    Path target = path(sha);
    if (Files.isRegularFile(target)) {
      return new StoredArtifact(sha, bytes.length, target.toString()); // content-addressed: already there means equal
    }
    Path dir = target.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, ".incoming-", ".part");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true); // the bytes are on disk before the name appears
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + dir + " cannot rename atomically; the artifact store needs it", e);
      }
      tmp = null;
      if (!target.toFile().setReadOnly()) {
        log.debug("could not mark {} read-only", target);
      }
      forceDirectory(dir);
      return new StoredArtifact(sha, bytes.length, target.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store artifact " + sha + " under " + root + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          log.warn("cannot remove temporary file {}: {}", tmp, e.getMessage());
        }
      }
    }
  }

  /** Makes the rename durable (Linux: fsync of the folder); not every platform allows it. */
  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      log.debug("cannot fsync folder {}: {}", dir, e.getMessage());
    }
  }

  @Override
  public Optional<byte[]> read(String sha256) {
    Path p = path(sha256);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read artifact " + p, e);
    }
    String actual = Sha256.of(bytes);
    if (!actual.equals(sha256)) {
      throw new IllegalStateException("artifact file " + p + " is corrupt: its bytes hash to " + actual + ", not to its name");
    }
    return Optional.of(bytes);
  }

  @Override
  public boolean contains(String sha256) {
    return Files.isRegularFile(path(sha256));
  }

  @Override
  public String location(String sha256) {
    return path(sha256).toString();
  }
}
