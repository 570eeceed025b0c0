package dev.prism.runtime.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.config.Config;
import dev.prism.core.graph.GraphListener;
import dev.prism.core.graph.ItemResult;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.SignalSpec;
import dev.prism.runtime.config.PrismConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The graph assembled from the real providers builds only what a run needs. */
class LazyGraphTest {

  @Test
  void langAndTextStatsDoNotLoadTheTextEncoder() {
    Config cfg = Config.defaults(PrismConfig.allKeys(List.of()));
    try (SignalGraph g = GraphAssembly.build(cfg, GraphListener.NONE)) {
      assertThat(g.served()).contains(new SignalSpec("text_embedding", 1), new SignalSpec("lang", 1),
          new SignalSpec("text_stats", 1));
      assertThat(g.builtNodeNames()).isEmpty(); // declaring loads nothing
      Set<SignalSpec> wanted = Set.of(g.resolve("lang@1"), g.resolve("text_stats"));
      List<ItemResult> out = g.run(List.of(ContentItem.ofText("1", "This is an English sentence about music videos.")), wanted);
      assertThat(out.getFirst().complete()).isTrue();
      assertThat(g.builtNodeNames()).containsExactlyInAnyOrder("opennlp_langdetect", "text_stats"); // not MiniLM, not Lingua

      g.run(List.of(ContentItem.ofText("2", "now the embedding")), Set.of(g.resolve("text_embedding")));
      assertThat(g.builtNodeNames()).contains("minilm_text_encoder");
    }
  }

  @Test
  void everyProviderKeyIsDocumentedOnce() {
    List<String> names = PrismConfig.allKeys(List.of()).stream().map(k -> k.name()).toList();
    assertThat(names).doesNotHaveDuplicates().contains("models.text_embedding.variant", "graph.heads", "media.path.roots");
  }
}
