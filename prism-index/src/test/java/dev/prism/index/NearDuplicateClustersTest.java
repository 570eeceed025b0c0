package dev.prism.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.signal.SignalValue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NearDuplicateClustersTest {
  @TempDir
  Path tmp;

  private static NearDuplicateIndex.Entry hash(String id, String hex) {
    return new NearDuplicateIndex.Entry(id, new SignalValue.Hash(hex));
  }

  @Test
  void connectedComponentsUnderAHammingThreshold() throws IOException {
    // by hand: a-b differ in 2 bits, b-c in 3 (a-c in 5: joined through b), d-e in 1, f alone (far from all)
    List<NearDuplicateIndex.Entry> items = List.of(
        hash("a", "0000000000000000"),
        hash("b", "0000000000000003"),
        hash("c", "000000000000001f"),
        hash("d", "ffffffff00000000"),
        hash("e", "ffffffff00000001"),
        hash("f", "00000000ffffffff"));
    try (NearDuplicateIndex idx = NearDuplicateIndex.create(tmp.resolve("h"), IndexSpec.hash64("image_phash@1"))) {
      idx.addAll(items);
      List<Integer> progress = new ArrayList<>();
      List<NearDuplicateClusters.Group> groups = NearDuplicateClusters.cluster(idx, items, 3, 10, progress::add);
      assertThat(progress).containsExactly(1, 2, 3, 4, 5, 6);
      assertThat(groups).hasSize(2);
      assertThat(groups.get(0).id()).isEqualTo("g1");
      assertThat(groups.get(0).members()).containsExactly("a", "b", "c");
      assertThat(groups.get(0).edges()).containsExactly(
          new NearDuplicateClusters.Edge("a", "b", 2), new NearDuplicateClusters.Edge("b", "c", 3));
      assertThat(groups.get(1).members()).containsExactly("d", "e");
      assertThat(groups.get(1).edges()).containsExactly(new NearDuplicateClusters.Edge("d", "e", 1));
      // a tighter threshold splits the chain
      List<NearDuplicateClusters.Group> tight = NearDuplicateClusters.cluster(idx, items, 2, 10, i -> { });
      assertThat(tight).extracting(NearDuplicateClusters.Group::members)
          .containsExactly(List.of("a", "b"), List.of("d", "e"));
      assertThatThrownBy(() -> NearDuplicateClusters.cluster(idx, items, 2, 0, i -> { }))
          .hasMessageContaining("max neighbours must be at least 1");
    }
  }

  @Test
  void defaultThresholdsPerSignal() {
    assertThat(Thresholds.defaultFor("text_embedding@1").getAsDouble()).isEqualTo(0.15);
    assertThat(Thresholds.defaultFor("image_phash").getAsDouble()).isEqualTo(10);
    assertThat(Thresholds.defaultFor("lang@1")).isEmpty();
  }
}
