package dev.prism.learn.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.learn.metrics.Bootstrap;
import dev.prism.learn.metrics.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReportTest {
  private static final String EVIL = "<script>alert('x')</script> & \"quoted\"";

  static Predictions sample(String name, long seed, double strength) {
    Random r = new Random(seed);
    int n = 200;
    List<String> ids = new ArrayList<>();
    double[] s = new double[n];
    int[] y = new int[n];
    List<String> texts = new ArrayList<>();
    List<Map<String, String>> meta = new ArrayList<>();
    Random labels = new Random(99); // same labels for every model
    for (int i = 0; i < n; i++) {
      ids.add("id" + i);
      y[i] = labels.nextInt(2);
      s[i] = 1 / (1 + Math.exp(-(strength * (y[i] == 1 ? 1 : -1) + r.nextGaussian())));
      texts.add(i == 0 ? EVIL : "comment " + i);
      meta.add(Map.of("video", i < 100 ? "psy" : i < 199 ? "katy" : EVIL));
    }
    return new Predictions(name, ids, s, y, texts, meta);
  }

  @Test
  void htmlIsSelfContainedAndEscaped() throws Exception {
    Predictions a = sample("model <a>", 1, 1.0);
    Predictions b = sample("model-b", 2, 2.0);
    EvalOptions opt = EvalOptions.defaults().withSlices(List.of("video")).withTargetPrecision(0.8).withBootstrap(new Bootstrap(200, 0.95, 1));
    EvalReport r = new Evaluator(opt).evaluate("Spam <eval>", a, Optional.of(b), Map.of("snapshot", EVIL));
    String html = HtmlReport.render(r);
    assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=").doesNotContain("<a>");
    assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;");
    assertThat(html).contains("Spam &lt;eval&gt;").contains("model &lt;a&gt;");
    assertThat(html.split("<svg", -1)).hasSize(8); // ROC, PR, reliability, histogram, confusion + comparison ROC, PR
    assertThat(html).contains("Slices by video").contains("Comparison: model &lt;a&gt; vs model-b");

    JsonNode json = new ObjectMapper().readTree(ReportJson.toJson(r));
    assertThat(json.path("format_version").asInt()).isEqualTo(2);
    assertThat(json.path("metrics").path("roc_auc").path("value").asDouble()).isEqualTo(r.metrics().get(Metric.ROC_AUC).value());
    assertThat(json.path("threshold_table").size()).isEqualTo(19);
    assertThat(json.path("curves").path("roc").size()).isEqualTo(r.roc().size());
    assertThat(json.path("comparison").path("differences").path("roc_auc").path("this_minus_other").asDouble())
        .isCloseTo(r.comparison().get().differences().get(Metric.ROC_AUC).diff(), within(1e-15));
    // the one-item slice has a single class: its ROC-AUC is undefined → null, never NaN
    JsonNode rows = json.path("slices").path("video").path("rows");
    JsonNode single = null;
    for (JsonNode row : rows) {
      if (row.path("value").asText().equals(EVIL)) {
        single = row;
      }
    }
    assertThat(single).isNotNull();
    assertThat(single.path("n").asInt()).isEqualTo(1);
    assertThat(single.path("metrics").path("roc_auc").path("value").isNull()).isTrue();
    assertThat(rows.get(0).path("value").asText()).isEqualTo("psy"); // largest slice first
  }

  @Test
  void flippedDecisionsByHand() {
    List<String> ids = List.of("a", "b", "c", "d");
    int[] y = {1, 0, 1, 0};
    Predictions a = new Predictions("A", ids, new double[] {0.9, 0.6, 0.4, 0.1}, y, null, null);
    // B lists the items in another order: the comparison aligns them by id
    Predictions b = new Predictions("B", List.of("d", "c", "b", "a"), new double[] {0.2, 0.7, 0.3, 0.8}, new int[] {0, 1, 0, 1}, null, null);
    EvalReport r = new Evaluator(EvalOptions.defaults().withBootstrap(new Bootstrap(50, 0.9, 1))).evaluate("t", a, Optional.of(b), Map.of());
    EvalReport.Comparison c = r.comparison().orElseThrow();
    assertThat(c.flippedCount()).isEqualTo(2);
    assertThat(c.flipped()).extracting(EvalReport.Flip::id).containsExactly("b", "c");
    assertThat(c.flipped()).noneMatch(EvalReport.Flip::thisRight); // B is right on both
    assertThat(c.differences().get(Metric.ACCURACY).diff()).isCloseTo(-0.5, within(1e-12)); // this (A) 0.5 − other (B) 1.0
  }

  @Test
  void comparisonNeedsTheSameItemsAndLabels() {
    Predictions a = new Predictions("A", List.of("a", "b"), new double[] {0.9, 0.1}, new int[] {1, 0}, null, null);
    Predictions missing = new Predictions("B", List.of("a"), new double[] {0.9}, new int[] {1}, null, null);
    Predictions relabelled = new Predictions("C", List.of("a", "b"), new double[] {0.9, 0.1}, new int[] {1, 1}, null, null);
    assertThatThrownBy(() -> missing.alignedTo(a)).hasMessage("model 'B' has no prediction for item 'b' that model 'A' was evaluated on");
    assertThatThrownBy(() -> relabelled.alignedTo(a)).hasMessage("item 'b' has label 1 for model 'C' but 0 for 'A'");
  }
}
