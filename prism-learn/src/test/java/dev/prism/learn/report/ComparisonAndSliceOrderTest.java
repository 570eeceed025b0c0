package dev.prism.learn.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.learn.metrics.Bootstrap;
import dev.prism.learn.metrics.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComparisonAndSliceOrderTest {

  /**
   * "new" is right on all 4 items, "old" on 2 of them (hand count): accuracy new 1.0, old 0.5. The
   * report evaluates "new" and compares against "old", so the stated difference is new − old = +0.5,
   * named that way in the JSON and the HTML.
   */
  @Test
  void comparisonIsThisMinusOtherAndSaysSo() throws Exception {
    List<String> ids = List.of("a", "b", "c", "d");
    int[] y = {1, 0, 1, 0};
    Predictions newer = new Predictions("new", ids, new double[] {0.8, 0.3, 0.7, 0.2}, y, null, null);
    Predictions older = new Predictions("old", ids, new double[] {0.9, 0.6, 0.4, 0.1}, y, null, null);
    EvalReport r = new Evaluator(EvalOptions.defaults().withBootstrap(new Bootstrap(50, 0.9, 1)))
        .evaluate("t", newer, Optional.of(older), Map.of());
    JsonNode c = new ObjectMapper().readTree(ReportJson.toJson(r)).path("comparison");
    assertThat(c.path("this_model").asText()).isEqualTo("new");
    assertThat(c.path("other_model").asText()).isEqualTo("old");
    assertThat(c.path("difference").asText()).isEqualTo("this_model minus other_model: new minus old");
    JsonNode acc = c.path("differences").path("accuracy");
    assertThat(acc.path("this").asDouble()).isEqualTo(1.0);
    assertThat(acc.path("other").asDouble()).isEqualTo(0.5);
    assertThat(acc.path("this_minus_other").asDouble()).isCloseTo(0.5, within(1e-12));
    assertThat(c.path("flipped").get(0).path("right").asText()).isEqualTo("this");
    assertThat(c.path("flipped").get(0).has("score_this")).isTrue();
    String html = HtmlReport.render(r);
    assertThat(html).contains("Comparison: new vs old").contains("<th>new − old</th>")
        .contains("Every difference is <b>new − old</b>").contains("new is right on 2 and old on 0");
    assertThat(r.comparison().orElseThrow().differences().get(Metric.ACCURACY).diff()).isCloseTo(0.5, within(1e-12));
  }

  /** Length buckets as the snapshot command writes them; sizes chosen so neither text nor size order is numeric. */
  @Test
  void numericRangeSlicesAreInNumericOrderInJsonAndHtml() throws Exception {
    Map<String, Integer> sizes = Map.of("000-020", 5, "021-050", 30, "051-100", 20, "101-200", 12, "201+", 40);
    List<String> ids = new ArrayList<>();
    List<Map<String, String>> meta = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    sizes.forEach((bucket, n) -> {
      for (int i = 0; i < n; i++) {
        ids.add(bucket + "-" + i);
        meta.add(Map.of("length", bucket));
        labels.add(i % 2);
        scores.add(i % 2 == 1 ? 0.7 : 0.3);
      }
    });
    ids.add("no-length");
    meta.add(Map.of());
    labels.add(1);
    scores.add(0.9);
    Predictions p = new Predictions("m", ids, scores.stream().mapToDouble(Double::doubleValue).toArray(),
        labels.stream().mapToInt(Integer::intValue).toArray(), null, meta);
    EvalReport r = new Evaluator(EvalOptions.defaults().withSlices(List.of("length")).withBootstrap(new Bootstrap(20, 0.9, 1)))
        .evaluate("t", p, Optional.empty(), Map.of());
    List<String> expected = List.of("000-020", "021-050", "051-100", "101-200", "201+", Evaluator.MISSING_VALUE);
    List<String> fromJson = new ArrayList<>();
    new ObjectMapper().readTree(ReportJson.toJson(r)).path("slices").path("length").path("rows")
        .forEach(row -> fromJson.add(row.path("value").asText()));
    assertThat(fromJson).containsExactlyElementsOf(expected);
    String html = HtmlReport.render(r);
    int last = -1;
    for (String v : expected) {
      int at = html.indexOf("<td class=\"l\">" + v + "</td>");
      assertThat(at).as("row %s after the previous one", v).isGreaterThan(last);
      last = at;
    }
  }

  @Test
  void rangesAreReadFromTheCommonSpellings() {
    assertThat(SliceOrder.range("000-020")).hasValueSatisfying(r -> assertThat(r).containsExactly(0, 20));
    assertThat(SliceOrder.range("201+")).hasValueSatisfying(r -> assertThat(r).containsExactly(201, Double.POSITIVE_INFINITY));
    assertThat(SliceOrder.range("0.5–1")).hasValueSatisfying(r -> assertThat(r).containsExactly(0.5, 1));
    assertThat(SliceOrder.range("[10, 20)")).hasValueSatisfying(r -> assertThat(r).containsExactly(10, 20));
    assertThat(SliceOrder.range("<10")).hasValueSatisfying(r -> assertThat(r).containsExactly(Double.NEGATIVE_INFINITY, 10));
    assertThat(SliceOrder.range(">=200")).hasValueSatisfying(r -> assertThat(r).containsExactly(200, Double.POSITIVE_INFINITY));
    assertThat(SliceOrder.range("-5")).hasValueSatisfying(r -> assertThat(r).containsExactly(-5, -5));
    assertThat(SliceOrder.range("psy")).isEmpty();
    assertThat(SliceOrder.range("2013-11-07")).isEmpty();
  }

  @Test
  void categoricalSlicesStayLargestFirst() {
    Predictions p = ReportTest.sample("m", 1, 1.0);
    EvalReport r = new Evaluator(EvalOptions.defaults().withSlices(List.of("video")).withBootstrap(new Bootstrap(20, 0.9, 1)))
        .evaluate("t", p, Optional.empty(), Map.of());
    assertThat(r.slices().get(0).rows()).extracting(EvalReport.SliceRow::value).startsWith("psy", "katy");
  }
}
