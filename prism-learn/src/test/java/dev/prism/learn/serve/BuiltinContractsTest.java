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
import dev.prism.learn.HeadTrainer;
import dev.prism.learn.TrainingOptions;
import dev.prism.learn.artifact.HeadArtifact;
import dev.prism.learn.artifact.OutputSignal;
import dev.prism.learn.artifact.TrainingProvenance;
import dev.prism.learn.calibrate.CalibrationMethod;
import dev.prism.learn.data.SnapshotData;
import dev.prism.learn.features.FeatureAssembler;
import dev.prism.learn.features.FeatureLayout;
import dev.prism.learn.features.InputSlot;
import dev.prism.learn.model.HeadConfig;
import dev.prism.learn.model.TrainingData;
import dev.prism.models.TextNodeProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A head on the built-in text_embedding@1 + text_stats@1 contracts plugs into the built-in registry. */
class BuiltinContractsTest {
  static final SignalSpec EMB = new SignalSpec("text_embedding", 1);
  static final SignalSpec STATS = new SignalSpec("text_stats", 1);

  /** Stands in for the real encoders: deterministic unit vectors and stats from the item id. */
  static final class FakeEncoder implements Node {
    private final String name;
    private final SignalSpec spec;
    private final List<String> names;

    FakeEncoder(String name, SignalSpec spec, List<String> names) {
      this.name = name;
      this.spec = spec;
      this.names = names;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Set<SignalSpec> consumes() {
      return Set.of();
    }

    @Override
    public Set<SignalSpec> produces() {
      return Set.of(spec);
    }

    @Override
    public Provenance provenance() {
      return Provenance.ofCode(name, "test", Map.of());
    }

    @Override
    public Map<SignalSpec, Column> compute(Batch batch) {
      Column c = new Column(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        c.set(i, value(spec, names, batch.items().get(i).id()));
      }
      return Map.of(spec, c);
    }
  }

  static SignalValue value(SignalSpec spec, List<String> names, String id) {
    Random r = new Random(id.hashCode());
    if (names == null) {
      float[] v = new float[384];
      double sq = 0;
      for (int j = 0; j < v.length; j++) {
        v[j] = (float) r.nextGaussian();
        sq += v[j] * v[j];
      }
      for (int j = 0; j < v.length; j++) {
        v[j] /= (float) Math.sqrt(sq);
      }
      return new SignalValue.Embedding(v);
    }
    Map<String, Double> m = new LinkedHashMap<>();
    for (String n : names) {
      m.put(n, r.nextDouble());
    }
    return new SignalValue.Features(m);
  }

  @Test
  void spamHeadOnBuiltinSignals() {
    ContractRegistry builtin = new ContractRegistry(TextNodeProvider.contracts());
    SignalContract embC = builtin.get(EMB);
    List<String> statNames = ((ValueType.FeaturesType) builtin.get(STATS).type()).names();
    FeatureLayout layout = new FeatureLayout(List.of(
        new InputSlot.EmbeddingSlot(EMB, ((ValueType.EmbeddingType) embC.type()).dim()), new InputSlot.FeaturesSlot(STATS, statNames)));
    FeatureAssembler asm = new FeatureAssembler(layout);
    List<String> ids = new ArrayList<>();
    List<double[]> xs = new ArrayList<>();
    int[] y = new int[200];
    for (int i = 0; i < 200; i++) {
      String id = "item" + i;
      ids.add(id);
      double[] x = asm.assemble(Map.of(EMB, value(EMB, null, id), STATS, value(STATS, statNames, id)));
      xs.add(x);
      y[i] = x[384] > 0.5 ? 1 : 0; // spam iff the first text_stats feature is high
    }
    TrainingData data = new TrainingData(ids, xs.toArray(new double[0][]), TrainingData.oneHot(y, 2));
    HeadTrainer.Result res = new HeadTrainer(new TrainingOptions(HeadConfig.Logistic.defaults(), true, CalibrationMethod.NONE, List.of("ham", "spam")))
        .train(layout, data, data.subset(new int[0]));
    HeadArtifact a = new HeadArtifact("spam_head", "t1", res.model(),
        new OutputSignal(new SignalSpec("spam", 1), "integrity", "spam probability", "uncalibrated", "", ""),
        new TrainingProvenance(SnapshotData.sha256(data), "synthetic", Map.of(), "test", "", 200, 0, Map.of(), Map.of()));
    HeadNode head = new HeadNode(a, "0".repeat(64));
    ContractRegistry reg = builtin.with(List.of(head.contract()));
    List<Node> nodes = List.of(new FakeEncoder("minilm_text_encoder", EMB, null), new FakeEncoder("text_stats", STATS, statNames), head);
    try (SignalGraph g = new SignalGraph(nodes, reg)) {
      List<ContentItem> items = List.of(ContentItem.ofText("item3", "x"), ContentItem.ofText("item150", "y"));
      List<ItemResult> out = g.run(items, Set.of(g.resolve("spam@1")));
      for (int i = 0; i < items.size(); i++) {
        assertThat(out.get(i).complete()).as(out.get(i).errors().toString()).isTrue();
        int idx = Integer.parseInt(items.get(i).id().substring(4));
        double p = ((SignalValue.Probability) out.get(i).values().get(new SignalSpec("spam", 1)).value()).p();
        assertThat(p > 0.5).isEqualTo(y[idx] == 1);
      }
    }
  }
}
