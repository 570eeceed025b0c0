package dev.prism.models.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.data.YoutubeSpamCollection;
import dev.prism.models.onnx.OnnxModel;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What docs/reproducibility.md states about fp32 embeddings on one machine: the same bits for a
 * new session, any intra-op thread count, any batch composition and deterministic compute on or
 * off; a different graph optimisation level may change the last bits, within a stated tolerance.
 * The reference for each case is the default encoder, compared bit for bit.
 */
class EmbeddingReproducibilityTest {
  static List<String> texts;
  static MiniLmTextEncoder reference;
  static float[][] expected;

  @BeforeAll
  static void embedWithDefaults() throws Exception {
    texts = YoutubeSpamCollection.readFile(YoutubeSpamCollection.find().resolve("Youtube04-Eminem.csv")).stream()
        .map(YoutubeSpamCollection.Comment::content).toList().subList(0, 60);
    reference = new MiniLmTextEncoder(MiniLmTextEncoder.Options.defaults());
    expected = reference.embed(texts);
  }

  @AfterAll
  static void close() {
    reference.close();
  }

  static float[][] embedWith(Function<MiniLmTextEncoder.Options, MiniLmTextEncoder.Options> change) {
    try (MiniLmTextEncoder e = new MiniLmTextEncoder(change.apply(MiniLmTextEncoder.Options.defaults()))) {
      return e.embed(texts);
    }
  }

  static MiniLmTextEncoder.Options onnx(MiniLmTextEncoder.Options o, OnnxModel.Settings s) {
    return new MiniLmTextEncoder.Options(o.variant(), o.maxTokens(), o.modelBatchSize(), o.batchTokenBudget(), s);
  }

  @Test
  void sameBitsForANewSessionAnyThreadCountAndDeterministicCompute() {
    assertThat(embedWith(o -> o)).isDeepEqualTo(expected);
    assertThat(embedWith(o -> onnx(o, new OnnxModel.Settings(1, OnnxModel.Optimization.ALL, false)))).isDeepEqualTo(expected);
    assertThat(embedWith(o -> onnx(o, new OnnxModel.Settings(3, OnnxModel.Optimization.ALL, false)))).isDeepEqualTo(expected);
    assertThat(embedWith(o -> onnx(o, new OnnxModel.Settings(0, OnnxModel.Optimization.ALL, true)))).isDeepEqualTo(expected);
    // EXTENDED applies the same fusions to this model as ALL (ALL adds layout optimisations, which concern convolutions)
    assertThat(embedWith(o -> onnx(o, new OnnxModel.Settings(0, OnnxModel.Optimization.EXTENDED, false)))).isDeepEqualTo(expected);
  }

  @Test
  void sameBitsForAnyBatchComposition() {
    // one item per ONNX call: no padding, no neighbours
    assertThat(embedWith(o -> new MiniLmTextEncoder.Options(o.variant(), o.maxTokens(), 1, o.batchTokenBudget(), o.onnx())))
        .isDeepEqualTo(expected);
    // up to 64 items padded to the longest, whatever the token budget
    assertThat(embedWith(o -> new MiniLmTextEncoder.Options(o.variant(), o.maxTokens(), 64, 1 << 20, o.onnx())))
        .isDeepEqualTo(expected);
  }

  @Test
  void withoutFusionsTheLastBitsMayChangeWithinTolerance() {
    float[][] basic = embedWith(o -> onnx(o, new OnnxModel.Settings(0, OnnxModel.Optimization.BASIC, false)));
    double worst = 0;
    for (int i = 0; i < texts.size(); i++) {
      for (int d = 0; d < MiniLmTextEncoder.DIM; d++) {
        worst = Math.max(worst, Math.abs(basic[i][d] - expected[i][d]));
      }
    }
    // docs/reproducibility.md: 3.0e-7 measured on all 2,056 WRENCH youtube comments
    assertThat(worst).isLessThan(1e-6);
  }

  @Test
  void provenanceNamesTheOnnxSettings() {
    assertThat(reference.provenance().config())
        .containsEntry("onnx_intra_op_threads", "per-core")
        .containsEntry("onnx_optimization", "all")
        .containsEntry("onnx_deterministic", "false");
  }
}
