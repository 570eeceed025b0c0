package dev.prism.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileArtifactStoreTest {
  @TempDir Path tmp;

  @Test
  void storesUnderTheSha256OfTheBytesAndReadsThemBack() throws Exception {
    FileArtifactStore store = new FileArtifactStore(tmp.resolve("artifacts"));
    byte[] bytes = Files.readAllBytes(Fixtures.BUNDLED_HEAD);
    ArtifactStore.StoredArtifact stored = store.put(bytes);
    assertThat(stored.sha256()).isEqualTo(Fixtures.BUNDLED_SHA);
    Path file = tmp.resolve("artifacts").resolve("a4").resolve(Fixtures.BUNDLED_SHA);
    assertThat(stored.location()).isEqualTo(file.toAbsolutePath().toString());
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    // the permission bits, not Files.isWritable: root (as in CI containers) may write anything
    assertThat(Files.getPosixFilePermissions(file)).as("artifacts are made read-only")
        .doesNotContain(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    assertThat(store.read(Fixtures.BUNDLED_SHA)).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes));
    assertThat(store.contains(Fixtures.BUNDLED_SHA)).isTrue();
  }

  @Test
  void puttingTheSameBytesTwiceKeepsOneFileAndNoTemporaries() throws Exception {
    FileArtifactStore store = new FileArtifactStore(tmp);
    // "abc": SHA-256 from FIPS 180-2, appendix B.1
    String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    assertThat(store.put("abc".getBytes(StandardCharsets.US_ASCII)).sha256()).isEqualTo(abc);
    assertThat(store.put("abc".getBytes(StandardCharsets.US_ASCII)).sha256()).isEqualTo(abc);
    try (Stream<Path> files = Files.walk(tmp)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())).containsExactly(abc);
    }
  }

  @Test
  void aFileDamagedOnDiskIsReportedNotServed() throws Exception {
    FileArtifactStore store = new FileArtifactStore(tmp);
    String sha = store.put("abc".getBytes(StandardCharsets.US_ASCII)).sha256();
    Path file = store.path(sha);
    assertThat(file.toFile().setWritable(true)).isTrue();
    Files.writeString(file, "abd");
    assertThatThrownBy(() -> store.read(sha)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is corrupt").hasMessageContaining(sha);
  }

  @Test
  void unknownAndMalformedAddresses() {
    FileArtifactStore store = new FileArtifactStore(tmp);
    assertThat(store.read("0".repeat(64))).isEmpty();
    assertThatThrownBy(() -> store.read("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 lower-case hex digits");
  }
}
