package dev.prism.learn.quality;

import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.learn.data.SnapshotData;
import dev.prism.learn.data.SnapshotItem;
import dev.prism.learn.data.Split;
import dev.prism.learn.features.FeatureAssembler;
import dev.prism.learn.features.InputSlot;
import dev.prism.learn.model.MathUtil;
import dev.prism.learn.predict.HeadModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The next items to label from a snapshot: a head scores the candidates, and {@link ActiveSampler}
 * picks the most uncertain ones spread out in embedding space. The batch comes back as rows of a
 * labelling table ({@link #COLUMNS}, written with {@link TableWriter}).
 */
public final class LabelingBatch {
  /** Columns of the labelling table, in file order. */
  public static final List<String> COLUMNS = List.of("order", "id", "text", "score", "predicted_label", "uncertainty", "reason");

  /** Candidate selector for items with neither {@code label} nor {@code soft_label}, in any split. */
  public static final String UNLABELLED = "unlabelled";

  private LabelingBatch() {}

  /**
   * The candidates: {@link #UNLABELLED} (also spelled {@code unlabeled}) or a split name.
   *
   * @throws IllegalArgumentException for an unknown split name
   */
  public static List<SnapshotItem> candidates(List<SnapshotItem> all, String which) {
    return UNLABELLED.equals(which) || "unlabeled".equals(which)
        ? all.stream().filter(i -> !i.hasLabel()).toList()
        : SnapshotData.split(all, Split.parse(which));
  }

  /** The head's first embedding input, the default space for diversity; empty when it has none. */
  public static Optional<SignalSpec> defaultDiversitySignal(HeadModel model) {
    return model.layout().slots().stream().filter(s -> s instanceof InputSlot.EmbeddingSlot).map(InputSlot::spec).findFirst();
  }

  /**
   * Scores {@code pool} with {@code model} and picks {@code n} items.
   *
   * @param diversity embedding signal the items carry, to measure diversity in; empty: the head's
   *     standardized features
   */
  public static List<Map<String, Object>> select(HeadModel model, List<SnapshotItem> pool, Optional<SignalSpec> diversity,
      ActiveSampler sampler, int n) {
    FeatureAssembler asm = model.assembler();
    List<String> ids = new ArrayList<>();
    double[][] probs = new double[pool.size()][];
    double[][] vectors = new double[pool.size()][];
    for (int i = 0; i < pool.size(); i++) {
      SnapshotItem item = pool.get(i);
      ids.add(item.id());
      double[] x = SnapshotData.features(item, asm);
      probs[i] = model.probabilities(x);
      vectors[i] = diversity.isEmpty() ? model.standardizer().apply(x) : embedding(item, diversity.get());
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    List<String> classes = model.classes();
    for (ActiveSampler.Selection s : sampler.select(ids, probs, vectors, n)) {
      double[] p = probs[s.index()];
      int pred = MathUtil.argmax(p);
      rows.add(TableWriter.row("order", s.order(), "id", s.id(), "text", pool.get(s.index()).text(),
          "score", classes.size() == 2 ? p[1] : p[pred], "predicted_label", classes.get(pred),
          "uncertainty", s.uncertainty(), "reason", s.reason()));
    }
    return rows;
  }

  private static double[] embedding(SnapshotItem item, SignalSpec spec) {
    SignalValue v = item.features().get(spec);
    if (!(v instanceof SignalValue.Embedding e)) {
      throw new IllegalArgumentException("item '" + item.id() + "': diversity signal " + spec + " is "
          + (v == null ? "missing" : "not an embedding"));
    }
    double[] out = new double[e.vector().length];
    for (int j = 0; j < out.length; j++) {
      out[j] = e.vector()[j];
    }
    return out;
  }
}
