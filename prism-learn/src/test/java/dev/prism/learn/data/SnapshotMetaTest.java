package dev.prism.learn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.signal.CodeVersion;
import dev.prism.core.signal.PlatformInfo;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotMetaTest {
  static final SignalSpec EMB = new SignalSpec("text_embedding", 1);
  static final SignalSpec STATS = new SignalSpec("text_stats", 1);

  @Test
  void sidecarRecordsHashCountCodeVersionPlatformAndSignalProvenance(@TempDir Path dir) throws Exception {
    Path snap = dir.resolve("snap.jsonl");
    // two items and a blank line; the SHA-256 reference below is from coreutils' sha256sum of these bytes
    Files.writeString(snap, "{\"id\":\"a\",\"features\":{\"x@1\":1}}\n\n{\"id\":\"b\",\"features\":{\"x@1\":2}}\n");
    Map<SignalSpec, Provenance> prov = Map.of(
        EMB, new Provenance("sentence-transformers/all-MiniLM-L6-v2", "fp32", "ab".repeat(32), null, Map.of("onnx_optimization", "all")),
        STATS, Provenance.ofCode("text_stats", "1", Map.of()));
    SnapshotMeta m = SnapshotMeta.create(snap, List.of(EMB, STATS), prov::get);
    Path side = m.write(snap);

    assertThat(side).isEqualTo(dir.resolve("snap.jsonl.meta.json"));
    assertThat(m.snapshotSha256()).isEqualTo("6c3acd106512ce248984f753bc9ab9b563fd43c10c0b40b1a3e3cfb753900796");
    assertThat(m.items()).isEqualTo(2);
    assertThat(m.codeVersion()).isEqualTo(CodeVersion.get());
    assertThat(m.platform()).isEqualTo(PlatformInfo.current());
    SnapshotMeta back = SnapshotMeta.read(snap).orElseThrow();
    assertThat(back).isEqualTo(m);
    assertThat(back.signals().get("text_embedding@1").config()).containsEntry("onnx_optimization", "all");
    assertThat(back.signals().get("text_embedding@1").platform()).isEqualTo(PlatformInfo.current());
  }

  @Test
  void aSnapshotWithoutSidecarHasNoMetaAndABrokenSidecarIsNamed(@TempDir Path dir) throws Exception {
    Path snap = dir.resolve("s.jsonl");
    Files.writeString(snap, "{\"id\":\"a\",\"features\":{\"x@1\":1}}\n");
    assertThat(SnapshotMeta.read(snap)).isEmpty();
    SnapshotMeta m = SnapshotMeta.create(snap, List.of(), s -> null);
    ObjectNode o = m.toJson();
    o.remove("platform");
    Files.writeString(SnapshotMeta.pathFor(snap), new ObjectMapper().writeValueAsString(o));
    assertThatThrownBy(() -> SnapshotMeta.read(snap))
        .hasMessageContaining("s.jsonl.meta.json").hasMessageContaining("'platform' must be an object");
  }
}
