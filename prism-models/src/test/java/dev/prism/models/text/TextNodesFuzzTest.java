package dev.prism.models.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.graph.Node;
import dev.prism.core.item.ContentItem;
import dev.prism.core.item.MediaRef;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalSpec;
import dev.prism.models.TextNodeProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing (Jazzer) of the text nodes' input path with the real models: an item
 * built from arbitrary text goes through {@link Node#compute} as in a graph run, and its value must
 * be present (no per-item failure) and valid under the node's contract. The image nodes read the
 * decoder's output, which {@code DecoderJazzerFuzzTest} fuzzes. {@code lang@2} runs Lingua in low
 * accuracy (28 MB instead of ~700 MB; the same code path with smaller n-gram models). A normal test
 * run replays the committed seeds in {@code
 * src/test/resources/dev/prism/models/text/TextNodesFuzzTestInputs/<method>/}; {@code
 * JAZZER_FUZZ=1} fuzzes one method at a time (docs/FUZZING.md). Inputs are decoded as in {@link
 * TextStatsFuzzTest#decode}.
 */
class TextNodesFuzzTest {
  // One holder per model, so fuzzing one node loads only its model.
  private static final class Lang1 {
    static final LanguageNode NODE = new LanguageNode(LanguageNode.DEFAULT_MIN_LETTERS, LanguageNode.DEFAULT_MIN_CONFIDENCE);
  }

  private static final class Lang2 {
    static final ShortTextLanguageNode NODE = new ShortTextLanguageNode(
        ShortTextLanguageNode.Options.defaults().withAccuracy(ShortTextLanguageNode.Accuracy.LOW));
  }

  private static final class MiniLm {
    static final MiniLmTextEncoder NODE = new MiniLmTextEncoder(MiniLmTextEncoder.Options.defaults());
  }

  private static final List<SignalContract> CONTRACTS = contracts();

  private static List<SignalContract> contracts() {
    List<SignalContract> all = new ArrayList<>(TextNodeProvider.contracts());
    all.addAll(ShortTextLanguageNode.contracts());
    return all;
  }

  /**
   * The item: before the first NUL character the title, after it the description (so both fields
   * and their joining are reached).
   */
  static ContentItem item(byte[] input) {
    String s = TextStatsFuzzTest.decode(input);
    int nul = s.indexOf('\0', 1);
    String title = nul < 0 ? "" : s.substring(0, nul);
    String description = nul < 0 ? s : s.substring(nul + 1);
    return new ContentItem("fuzz", title, description, "", MediaRef.NONE, Map.of());
  }

  private static void check(Node node, SignalSpec spec, byte[] input) {
    ContentItem item = item(input);
    // two copies in one batch: batching must not mix items up
    Map<SignalSpec, Column> out = node.compute(new Batch(List.of(item, ContentItem.ofText("other", "hello world")), Map.of()));
    Column c = out.get(spec);
    assertThat(c).isNotNull();
    assertThat(c.size()).isEqualTo(2);
    assertThat(c.ok(0)).as("%s failed: %s", spec, c.ok(0) ? "" : c.error(0)).isTrue();
    SignalContract contract = CONTRACTS.stream().filter(k -> k.spec().equals(spec)).findFirst().orElseThrow();
    contract.validate(c.get(0));
    contract.validate(c.get(1));
  }

  @FuzzTest(maxDuration = "60s")
  void lang1(byte[] input) {
    check(Lang1.NODE, LanguageNode.LANG, input);
  }

  @FuzzTest(maxDuration = "60s")
  void lang2Low(byte[] input) {
    check(Lang2.NODE, ShortTextLanguageNode.LANG, input);
  }

  @FuzzTest(maxDuration = "60s")
  void textStats(byte[] input) {
    check(new TextStatsNode(), TextStatsNode.TEXT_STATS, input);
  }

  @FuzzTest(maxDuration = "60s")
  void textEmbedding(byte[] input) {
    check(MiniLm.NODE, MiniLmTextEncoder.TEXT_EMBEDDING, input);
  }

  @FuzzTest(maxDuration = "60s")
  void textSimhash(byte[] input) {
    check(new TextSimHashNode(), TextSimHashNode.TEXT_SIMHASH, input);
  }
}
