package dev.prism.learn.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.graph.ItemResult;
import dev.prism.core.graph.Node;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.ContractRegistry;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.core.signal.ValueType;
import dev.prism.learn.artifact.ArtifactFormat;
import dev.prism.learn.artifact.ArtifactFormatTest;
import dev.prism.learn.artifact.HeadArtifact;
import dev.prism.learn.calibrate.Calibration;
import dev.prism.learn.calibrate.CalibrationMethod;
import dev.prism.learn.calibrate.Calibrator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadNodeTest {
  static final SignalSpec EMB = ArtifactFormatTest.EMB;
  static final SignalSpec STATS = ArtifactFormatTest.STATS;

  /** A toy encoder: embedding = (len/10, vowels/len) — or a 3-d vector for text "BAD" — and stats {len, urls}. */
  static final class ToyEncoder implements Node {
    @Override
    public String name() {
      return "toy_encoder";
    }

    @Override
    public Set<SignalSpec> consumes() {
      return Set.of();
    }

    @Override
    public Set<SignalSpec> produces() {
      return Set.of(EMB, STATS);
    }

    @Override
    public Provenance provenance() {
      return Provenance.ofCode("toy_encoder", "1", Map.of());
    }

    static float[] emb(String t) {
      if (t.equals("BAD")) {
        return new float[] {1, 2, 3};
      }
      long vowels = t.chars().filter(c -> "aeiou".indexOf(c) >= 0).count();
      return new float[] {t.length() / 10f, t.isEmpty() ? 0 : (float) vowels / t.length()};
    }

    static Map<String, Double> stats(String t) {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("len", (double) t.length());
      m.put("urls", t.contains("http") ? 1.0 : 0.0);
      return m;
    }

    @Override
    public Map<SignalSpec, Column> compute(Batch batch) {
      Column e = new Column(batch.size());
      Column s = new Column(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        String t = batch.items().get(i).text();
        e.set(i, new SignalValue.Embedding(emb(t)));
        s.set(i, new SignalValue.Features(stats(t)));
      }
      return Map.of(EMB, e, STATS, s);
    }
  }

  @Test
  void runsInTheSignalGraphWithTheSameNumbersAsTheModel(@TempDir Path dir) throws Exception {
    HeadArtifact a = ArtifactFormatTest.logistic(new Calibration(CalibrationMethod.PLATT, List.of(new Calibrator.Platt(0.8, 0.1))));
    Path f = dir.resolve("spam.json");
    String sha = ArtifactFormat.write(a, f);
    HeadNode head = HeadNode.load(f);
    ContractRegistry reg = new ContractRegistry(List.of(
        new SignalContract(EMB, new ValueType.EmbeddingType(2, false), "toy_encoder", "t", "toy", "", "", ""),
        new SignalContract(STATS, new ValueType.FeaturesType(List.of("len", "urls")), "toy_encoder", "t", "toy", "", "", "")))
        .with(List.of(head.contract()));
    List<ContentItem> items = List.of(ContentItem.ofText("a", "check http://x.io now"), ContentItem.ofText("b", "lovely song"),
        ContentItem.ofText("c", "BAD"));
    try (SignalGraph g = new SignalGraph(List.of(new ToyEncoder(), head), reg)) {
      SignalSpec spam = g.resolve("spam");
      List<ItemResult> out = g.run(items, Set.of(spam));
      for (int i = 0; i < 2; i++) {
        String t = items.get(i).text();
        double expected = a.model().predict(Map.of(EMB, new SignalValue.Embedding(ToyEncoder.emb(t)), STATS,
            new SignalValue.Features(ToyEncoder.stats(t))))[1];
        SignalValue v = out.get(i).values().get(spam).value();
        assertThat(v).isEqualTo(new SignalValue.Probability(expected));
        assertThat(out.get(i).values().get(spam).provenance().artifactSha256()).isEqualTo(sha);
        assertThat(out.get(i).values().get(spam).provenance().modelVersion()).isEqualTo("v1");
      }
      // the graph withholds an input that breaks its contract, so the head never sees it
      assertThat(out.get(2).values()).isEmpty();
      assertThat(out.get(2).errors().get(spam)).contains("dimension 3 != contract dimension 2");
    }
    // called directly, the head fails just the bad item, with the reason, and computes the rest
    Map<SignalSpec, Column> cols = head.compute(new Batch(items, Map.of(
        EMB, Column.of(items.stream().map(i -> new SignalValue.Embedding(ToyEncoder.emb(i.text()))).toList()),
        STATS, Column.of(items.stream().map(i -> new SignalValue.Features(ToyEncoder.stats(i.text()))).toList()))));
    Column c = cols.get(new SignalSpec("spam", 1));
    assertThat(c.ok(0)).isTrue();
    assertThat(c.ok(1)).isTrue();
    assertThat(c.ok(2)).isFalse();
    assertThat(c.error(2)).isEqualTo("spam_head: input signal toy_embedding@1 has dimension 3 but the head was trained on 2");
  }

  @Test
  void aMulticlassHeadProducesALabelWithItsProbability() {
    dev.prism.learn.predict.HeadModel m = new dev.prism.learn.predict.HeadModel(ArtifactFormatTest.logistic(Calibration.none()).model().layout(),
        dev.prism.learn.features.Standardizer.identity(4),
        new dev.prism.learn.model.LogisticHead(new double[][] {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 0, 1}}, new double[] {0, 0, 0}),
        Calibration.none(), List.of("ok", "spam", "abuse"));
    HeadArtifact a3 = new HeadArtifact("policy_head", "v1", m,
        new dev.prism.learn.artifact.OutputSignal(new SignalSpec("policy", 1), "integrity", "policy class", "", "", ""),
        ArtifactFormatTest.logistic(Calibration.none()).provenance());
    HeadNode n = new HeadNode(a3, "0".repeat(64));
    assertThat(n.contract().type()).isEqualTo(new ValueType.LabelSetType(Set.of("ok", "spam", "abuse")));
    List<ContentItem> items = List.of(ContentItem.ofText("x", ""));
    Column c = n.compute(new Batch(items, Map.of(EMB, Column.of(List.of(new SignalValue.Embedding(new float[] {0.5f, 2f}))),
        STATS, Column.of(List.of(new SignalValue.Features(Map.of("len", 0.0, "urls", 1.0))))))).get(new SignalSpec("policy", 1));
    // logits (0.5, 2, 1): softmax → spam with e^2 / (e^0.5 + e^2 + e^1)
    double p = Math.exp(2) / (Math.exp(0.5) + Math.exp(2) + Math.exp(1));
    SignalValue.Label l = (SignalValue.Label) c.get(0);
    assertThat(l.label()).isEqualTo("spam");
    assertThat(l.confidence()).isCloseTo(p, org.assertj.core.api.Assertions.within(1e-12));
    n.contract().validate(l);
  }

  @Test
  void declaresItsSignals() {
    HeadNode n = new HeadNode(ArtifactFormatTest.logistic(Calibration.none()), "f".repeat(64));
    assertThat(n.name()).isEqualTo("spam_head");
    assertThat(n.consumes()).containsExactly(EMB, STATS);
    assertThat(n.produces()).containsExactly(new SignalSpec("spam", 1));
    assertThat(n.provenance().config()).containsEntry("label_source", "human gold").containsEntry("training_data_sha256", "a".repeat(64));
    assertThat(n.contract().description()).isEqualTo("probability that a comment is spam");
  }
}
