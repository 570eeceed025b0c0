package dev.prism.models.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.prism.core.data.YoutubeSpamCollection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedding must match an independent implementation: langchain4j's AllMiniLmL6V2EmbeddingModel
 * (its own tokenization, session and pooling, one text at a time) on real YouTube comments.
 */
class MiniLmReferenceTest {
  static MiniLmTextEncoder encoder;

  @BeforeAll
  static void load() {
    encoder = new MiniLmTextEncoder(MiniLmTextEncoder.Options.defaults());
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  /** The CONTENT column of one bundled YouTube Spam Collection file, in file order. */
  static List<String> comments(String file) throws IOException {
    return YoutubeSpamCollection.readFile(YoutubeSpamCollection.find().resolve(file)).stream()
        .map(YoutubeSpamCollection.Comment::content).toList();
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0, na = 0, nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  @Test
  void matchesLangchain4jOnRealComments() throws Exception {
    List<String> all = new ArrayList<>(comments("Youtube01-Psy.csv"));
    all.addAll(comments("Youtube05-Shakira.csv"));
    // langchain4j splits texts over 510 tokens into windows; compare where both truncate alike:
    // every text that fits in max_tokens (the vast majority of comments).
    List<String> texts = new ArrayList<>();
    for (String t : all) {
      if (encoder.tokenizer().encode(List.of(t)).get(0).length() < encoder.options().maxTokens() && texts.size() < 160) {
        texts.add(t);
      }
    }
    assertThat(texts).hasSizeGreaterThanOrEqualTo(150);
    float[][] ours = encoder.embed(texts); // batched, length-sorted, padded per batch
    AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
    double worst = 1;
    for (int i = 0; i < texts.size(); i++) {
      float[] ref = reference.embed(texts.get(i)).content().vector();
      assertThat(ours[i]).hasSize(384);
      worst = Math.min(worst, cosine(ours[i], ref));
    }
    assertThat(worst).as("worst cosine over %d texts", texts.size()).isGreaterThanOrEqualTo(0.9999);
  }

  @Test
  void fp32OutputDoesNotDependOnBatchComposition() throws Exception {
    List<String> texts = comments("Youtube02-KatyPerry.csv").subList(0, 40);
    float[][] batched = encoder.embed(texts);
    for (int i = 0; i < texts.size(); i += 7) {
      float[] alone = encoder.embed(List.of(texts.get(i)))[0];
      assertThat(cosine(alone, batched[i])).isGreaterThan(0.99999);
    }
  }

  @Test
  void semanticsSurviveThePipeline() {
    float[][] v = encoder.embed(List.of(
        "Check out my channel and subscribe!",
        "Please subscribe to my YouTube channel",
        "This song brings back so many memories"));
    assertThat(cosine(v[0], v[1])).isGreaterThan(cosine(v[0], v[2]) + 0.2);
  }

  @Test
  void int8VariantIsCloseToFp32AndCarriesItsOwnProvenance() throws Exception {
    List<String> texts = comments("Youtube03-LMFAO.csv").subList(0, 40);
    float[][] fp32 = encoder.embed(texts);
    MiniLmTextEncoder.Options o = MiniLmTextEncoder.Options.defaults();
    try (MiniLmTextEncoder int8 = new MiniLmTextEncoder(new MiniLmTextEncoder.Options(MiniLmTextEncoder.Variant.INT8,
        o.maxTokens(), o.modelBatchSize(), o.batchTokenBudget(), o.intraOpThreads()))) {
      float[][] q = int8.embed(texts);
      double worst = 1;
      for (int i = 0; i < texts.size(); i++) {
        worst = Math.min(worst, cosine(fp32[i], q[i]));
      }
      // dynamic int8 quantization of MiniLM typically keeps cosine to fp32 above 0.95
      assertThat(worst).isGreaterThan(0.9);
      assertThat(int8.provenance().modelVersion()).isEqualTo("int8");
      assertThat(int8.provenance().artifactSha256()).isNotEqualTo(encoder.provenance().artifactSha256());
    }
  }

  @Test
  void emptyAndHostileTextsStillEmbed() {
    String longText = "spam ".repeat(5000);
    float[][] v = encoder.embed(List.of("", "\u0000\uFFFF\uD83D\uDE00", longText));
    for (float[] x : v) {
      double n = 0;
      for (float f : x) {
        n += f * f;
      }
      assertThat(Math.sqrt(n)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }
  }
}
