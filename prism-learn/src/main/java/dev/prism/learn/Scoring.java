package dev.prism.learn;

import dev.prism.learn.data.SnapshotData;
import dev.prism.learn.data.SnapshotItem;
import dev.prism.learn.features.FeatureAssembler;
import dev.prism.learn.metrics.BinaryMetrics;
import dev.prism.learn.metrics.Metric;
import dev.prism.learn.metrics.ScoredLabels;
import dev.prism.learn.predict.HeadModel;
import dev.prism.learn.report.Predictions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Scores snapshot items with a {@link HeadModel}, through the same feature assembly as training and serving. */
public final class Scoring {
  private Scoring() {}

  /**
   * The model's positive-class probabilities on the items that have a hard label (a soft label's
   * argmax when there is no hard one). Binary: the positive class is index 1; k classes: one
   * vs. rest for {@code positiveClass}.
   */
  public static Predictions predictions(HeadModel model, String modelName, List<SnapshotItem> items, int positiveClass) {
    if (positiveClass < 0 || positiveClass >= model.numClasses()) {
      throw new IllegalArgumentException("positive class index " + positiveClass + " is outside the model's classes " + model.classes());
    }
    FeatureAssembler asm = model.assembler();
    List<String> ids = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    List<Map<String, String>> meta = new ArrayList<>();
    for (SnapshotItem item : items) {
      Optional<Integer> label = evaluationLabel(item, model.classes());
      if (label.isEmpty()) {
        continue;
      }
      double[] p = model.probabilities(SnapshotData.features(item, asm));
      ids.add(item.id());
      scores.add(Math.min(1, Math.max(0, p[positiveClass])));
      labels.add(label.get() == positiveClass ? 1 : 0);
      texts.add(item.text());
      meta.add(item.meta());
    }
    return new Predictions(modelName, ids, scores.stream().mapToDouble(Double::doubleValue).toArray(),
        labels.stream().mapToInt(Integer::intValue).toArray(), texts, meta);
  }

  /** The label an evaluation scores against: the hard label, else the soft label's argmax. */
  public static Optional<Integer> evaluationLabel(SnapshotItem item, List<String> classes) {
    Optional<Integer> hard = SnapshotData.hardLabel(item, classes);
    if (hard.isPresent()) {
      return hard;
    }
    return item.softLabel().map(dev.prism.learn.model.MathUtil::argmax);
  }

  /** Point-estimate metrics (threshold 0.5) for artifact provenance. */
  public static Map<String, Double> summary(Predictions p) {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("n", (double) p.size());
    if (p.size() == 0) {
      return out;
    }
    Map<Metric, Double> m = BinaryMetrics.compute(ScoredLabels.of(p.scores(), p.labels()), 0.5);
    m.forEach((k, v) -> out.put(k.key(), v));
    return out;
  }
}
