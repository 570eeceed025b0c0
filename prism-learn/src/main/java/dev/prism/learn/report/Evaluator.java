package dev.prism.learn.report;

import dev.prism.core.signal.CodeVersion;
import dev.prism.learn.metrics.BinaryMetrics;
import dev.prism.learn.metrics.Bootstrap;
import dev.prism.learn.metrics.Curves;
import dev.prism.learn.metrics.IntervalMethod;
import dev.prism.learn.metrics.Metric;
import dev.prism.learn.metrics.ScoredLabels;
import dev.prism.learn.metrics.ThresholdTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Computes an {@link EvalReport} from predictions (and optionally a second model's). */
public final class Evaluator {
  /** Slices beyond the largest this many values of a field are pooled into one "(other)" row. */
  public static final int MAX_SLICE_VALUES = 50;
  /** Flipped examples kept in the report (the count is always exact). */
  public static final int MAX_FLIPPED_LISTED = 1000;
  public static final String MISSING_VALUE = "(missing)";
  public static final String OTHER_VALUE = "(other)";

  private final EvalOptions options;

  public Evaluator(EvalOptions options) {
    this.options = options;
  }

  public EvalReport evaluate(String title, Predictions a, Optional<Predictions> other, Map<String, String> context) {
    if (a.size() == 0) {
      throw new IllegalArgumentException("nothing to evaluate: model '" + a.modelName() + "' has no labelled predictions");
    }
    ScoredLabels d = ScoredLabels.of(a.scores(), a.labels());
    Bootstrap bs = options.bootstrap();
    double t = options.threshold();
    Optional<EvalReport.TargetPrecision> tp = options.targetPrecision().isPresent()
        ? Optional.of(new EvalReport.TargetPrecision(options.targetPrecision().getAsDouble(),
            ThresholdTable.forTargetPrecision(d, options.targetPrecision().getAsDouble())))
        : Optional.empty();
    List<EvalReport.SliceTable> slices = new ArrayList<>();
    for (String field : options.sliceFields()) {
      slices.add(slice(field, a, d));
    }
    Optional<EvalReport.Comparison> cmp = other.map(b -> compare(a, d, b.alignedTo(a)));
    Map<String, String> ctx = new LinkedHashMap<>(context);
    ctx.putIfAbsent("code_version", CodeVersion.get());
    return new EvalReport(title, a.modelName(), ctx, d.size(), d.positives(), t,
        new EvalReport.BootstrapInfo(bs.resamples(), bs.confidence(), bs.seed(), intervalMethods(bs)),
        bs.intervals(d, t), BinaryMetrics.confusion(d, d.unitWeights(), t),
        ThresholdTable.grid(d, options.thresholdStep()), tp,
        Curves.roc(d), Curves.precisionRecall(d), Curves.reliability(d), Curves.histogram(d), slices, cmp);
  }

  private EvalReport.SliceTable slice(String field, Predictions a, ScoredLabels d) {
    Map<String, List<Integer>> groups = new TreeMap<>();
    for (int i = 0; i < a.size(); i++) {
      String v = a.meta().get(i).getOrDefault(field, MISSING_VALUE);
      groups.computeIfAbsent(v, k -> new ArrayList<>()).add(i);
    }
    List<Map.Entry<String, List<Integer>>> bySize = new ArrayList<>(groups.entrySet());
    bySize.sort(Comparator.comparingInt((Map.Entry<String, List<Integer>> e) -> -e.getValue().size()).thenComparing(Map.Entry::getKey));
    List<EvalReport.SliceRow> rows = new ArrayList<>();
    List<Integer> pooled = new ArrayList<>();
    int pooledValues = 0;
    for (int r = 0; r < bySize.size(); r++) {
      if (r < MAX_SLICE_VALUES) {
        rows.add(sliceRow(bySize.get(r).getKey(), bySize.get(r).getValue(), d));
      } else {
        pooled.addAll(bySize.get(r).getValue());
        pooledValues++;
      }
    }
    if (!pooled.isEmpty()) {
      rows.add(sliceRow(OTHER_VALUE, pooled, d));
    }
    SliceOrder.sort(rows);
    return new EvalReport.SliceTable(field, rows, pooledValues);
  }

  private EvalReport.SliceRow sliceRow(String value, List<Integer> idx, ScoredLabels d) {
    ScoredLabels s = d.subset(idx.stream().mapToInt(Integer::intValue).toArray());
    return new EvalReport.SliceRow(value, s.size(), s.positives(), options.bootstrap().intervals(s, options.threshold()));
  }

  /** Which interval each metric gets, in words: "… resamples …: percentile interval; ece: bias-corrected …". */
  static String intervalMethods(Bootstrap bs) {
    StringBuilder b = new StringBuilder(bs.resamples() + " item-level resamples with replacement; ")
        .append(IntervalMethod.PERCENTILE.description());
    for (IntervalMethod m : IntervalMethod.values()) {
      if (m == IntervalMethod.PERCENTILE) {
        continue;
      }
      List<String> keys = new ArrayList<>();
      for (Metric x : Metric.values()) {
        if (x.intervalMethod() == m) {
          keys.add(x.key());
        }
      }
      if (!keys.isEmpty()) {
        b.append(", except ").append(String.join(", ", keys)).append(": ").append(m.description())
            .append(" because its plug-in estimate is biased");
      }
    }
    return b.toString();
  }

  private EvalReport.Comparison compare(Predictions self, ScoredLabels dSelf, Predictions other) {
    ScoredLabels dOther = ScoredLabels.of(other.scores(), other.labels());
    double tSelf = options.threshold();
    double tOther = options.compareThreshold();
    List<EvalReport.Flip> flips = new ArrayList<>();
    for (int i = 0; i < self.size(); i++) {
      boolean decSelf = self.scores()[i] >= tSelf;
      boolean decOther = other.scores()[i] >= tOther;
      if (decSelf != decOther) {
        flips.add(new EvalReport.Flip(self.ids().get(i), self.texts().get(i), self.labels()[i], self.scores()[i], other.scores()[i],
            decSelf, decOther));
      }
    }
    flips.sort(Comparator.comparingDouble((EvalReport.Flip f) -> -Math.abs(f.otherScore() - f.thisScore())).thenComparing(EvalReport.Flip::id));
    int count = flips.size();
    List<EvalReport.Flip> listed = List.copyOf(flips.subList(0, Math.min(count, MAX_FLIPPED_LISTED)));
    return new EvalReport.Comparison(other.modelName(), tOther, options.bootstrap().paired(dSelf, dOther, tSelf, tOther), count, listed,
        Curves.roc(dOther), Curves.precisionRecall(dOther));
  }
}
