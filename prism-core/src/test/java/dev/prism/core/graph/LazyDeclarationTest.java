package dev.prism.core.graph;

import static dev.prism.core.graph.SignalGraphTest.A;
import static dev.prism.core.graph.SignalGraphTest.B;
import static dev.prism.core.graph.SignalGraphTest.C;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.item.ContentItem;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Declared nodes are validated up front and built on first use, once. */
class LazyDeclarationTest {

  static NodeDeclaration declare(String name, Set<dev.prism.core.signal.SignalSpec> in, dev.prism.core.signal.SignalSpec out,
      AtomicInteger builds, NodeDeclaration.NodeFactory f) {
    return new NodeDeclaration(name, in, Set.of(out), List.of(), () -> {
      builds.incrementAndGet();
      return f.create();
    });
  }

  @Test
  void onlyTheClosureOfTheRequestIsBuiltAndEachNodeOnce() throws Exception {
    AtomicInteger na = new AtomicInteger();
    AtomicInteger nb = new AtomicInteger();
    AtomicInteger nc = new AtomicInteger();
    List<NodeDeclaration> decls = List.of(
        declare("na", Set.of(), A, na, SignalGraphTest::len),
        declare("nb", Set.of(A), B, nb, SignalGraphTest::twice),
        declare("nc", Set.of(), C, nc, () -> new SignalGraphTest.FnNode("nc", Set.of(), C,
            (x, i) -> new dev.prism.core.signal.SignalValue.Score(1))));
    try (SignalGraph g = SignalGraph.lazy(decls, SignalGraphTest.registry(), GraphListener.NONE)) {
      assertThat(g.served()).containsExactly(A, B, C);
      assertThat(g.builtNodeNames()).isEmpty();
      // many threads ask for B at once: na and nb are built exactly once
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch go = new CountDownLatch(1);
      List<java.util.concurrent.Future<?>> fs = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        fs.add(pool.submit(() -> {
          go.await();
          return g.run(List.of(ContentItem.ofText("x", "abc")), Set.of(B));
        }));
      }
      go.countDown();
      for (var f : fs) {
        f.get();
      }
      pool.shutdown();
      assertThat(na.get()).isEqualTo(1);
      assertThat(nb.get()).isEqualTo(1);
      assertThat(nc.get()).isZero();
      assertThat(g.builtNodeNames()).containsExactly("na", "nb");
    }
  }

  @Test
  void aRunReadsImagesOnlyWhenANodeItNeedsDeclaresSo() {
    AtomicInteger builds = new AtomicInteger();
    List<NodeDeclaration> decls = List.of(
        declare("na", Set.of(), A, builds, SignalGraphTest::len).readingImage(),
        declare("nb", Set.of(A), B, builds, SignalGraphTest::twice),
        declare("nc", Set.of(), C, builds, () -> new SignalGraphTest.FnNode("nc", Set.of(), C,
            (x, i) -> new dev.prism.core.signal.SignalValue.Score(1))));
    try (SignalGraph g = SignalGraph.lazy(decls, SignalGraphTest.registry(), GraphListener.NONE)) {
      assertThat(g.readsImages(Set.of(A))).isTrue();
      assertThat(g.readsImages(Set.of(B))).as("B consumes A, whose node reads the image").isTrue();
      assertThat(g.readsImages(Set.of(C))).isFalse();
      assertThat(builds.get()).as("asking builds nothing").isZero();
    }
  }

  @Test
  void aFactoryThatFailsOrBuildsSomethingElseIsAPreciseError() {
    List<NodeDeclaration> failing = List.of(new NodeDeclaration("na", Set.of(), Set.of(A), List.of(), () -> {
      throw new IllegalStateException("model file missing");
    }));
    try (SignalGraph g = SignalGraph.lazy(failing, SignalGraphTest.registry(), GraphListener.NONE)) {
      assertThatThrownBy(() -> g.warmUp(Set.of(A))).isInstanceOf(GraphException.class)
          .hasMessage("node 'na' could not be built: model file missing");
    }
    List<NodeDeclaration> lying = List.of(new NodeDeclaration("na", Set.of(), Set.of(A), List.of(), SignalGraphTest::twice));
    try (SignalGraph g = SignalGraph.lazy(lying, SignalGraphTest.registry(), GraphListener.NONE)) {
      assertThatThrownBy(() -> g.warmUp(Set.of(A))).isInstanceOf(GraphException.class)
          .hasMessage("node 'na' was declared as consuming [] and producing [a@1] but its factory built 'nb' "
              + "consuming [a@1] and producing [b@1]");
      assertThat(g.builtNodeNames()).isEmpty();
    }
  }

  @Test
  void declarationsAreValidatedBeforeAnythingIsBuilt() {
    AtomicInteger builds = new AtomicInteger();
    List<NodeDeclaration> missingInput = List.of(declare("nb", Set.of(A), B, builds, SignalGraphTest::twice));
    assertThatThrownBy(() -> SignalGraph.lazy(missingInput, SignalGraphTest.registry(), GraphListener.NONE))
        .hasMessageContaining("node 'nb' consumes a@1 but no node produces it");
    assertThat(builds.get()).isZero();
  }
}
