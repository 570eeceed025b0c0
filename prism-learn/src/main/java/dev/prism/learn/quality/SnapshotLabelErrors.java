package dev.prism.learn.quality;

import dev.prism.core.signal.SignalSpec;
import dev.prism.learn.TrainingOptions;
import dev.prism.learn.data.LabelMode;
import dev.prism.learn.data.SnapshotData;
import dev.prism.learn.data.SnapshotItem;
import dev.prism.learn.features.FeatureAssembler;
import dev.prism.learn.features.FeatureLayout;
import dev.prism.learn.model.TrainingData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Likely errors in a snapshot's hard labels: k-fold cross-validated probabilities from a head on
 * the items' frozen signals ({@link CrossValidation}), then confident learning
 * ({@link ConfidentLearning}). The issues come back as rows of a review table ({@link #COLUMNS},
 * written with {@link TableWriter}).
 */
public final class SnapshotLabelErrors {
  /** Columns of the issue table, in file order. */
  public static final List<String> COLUMNS =
      List.of("rank", "id", "text", "given_label", "suggested_label", "self_confidence", "margin", "reason");

  private SnapshotLabelErrors() {}

  /**
   * @param data the labelled items as training data (ids, features, one-hot targets)
   * @param probabilities out-of-sample class probabilities, one row per item of {@code data}
   * @param texts item id → text, for the review table
   */
  public record Result(List<String> classes, TrainingData data, double[][] probabilities, ConfidentLearning.Result confident,
      Map<String, String> texts) {

    /** The issues as table rows, best first; at most {@code limit} (0 = all). */
    public List<Map<String, Object>> rows(int limit) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (ConfidentLearning.LabelIssue x : confident.issues()) {
        if (limit > 0 && rows.size() >= limit) {
          break;
        }
        rows.add(TableWriter.row("rank", x.rank(), "id", x.id(), "text", texts.get(x.id()),
            "given_label", classes.get(x.givenLabel()), "suggested_label", classes.get(x.suggestedLabel()),
            "self_confidence", x.selfConfidence(), "margin", x.margin(),
            "reason", String.format(Locale.ROOT, "out-of-sample p(%s)=%.3f >= class threshold %.3f while p(given %s)=%.3f",
                classes.get(x.suggestedLabel()), probabilities[x.index()][x.suggestedLabel()],
                confident.thresholds()[x.suggestedLabel()], classes.get(x.givenLabel()), x.selfConfidence())));
      }
      return rows;
    }
  }

  /**
   * @param labelled items with a hard label (others are ignored)
   * @param inputs input signals in feature order, or {@code null} for all of the first item's, in its order
   * @param options the head to cross-validate (calibration is not used)
   */
  public static Result find(List<SnapshotItem> labelled, List<SignalSpec> inputs, TrainingOptions options, CrossValidation cv,
      ConfidentLearning.Ranking ranking) {
    if (labelled.isEmpty()) {
      throw new IllegalArgumentException("no item with a hard label to check");
    }
    FeatureLayout layout = FeatureLayout.infer(labelled.get(0).features(), inputs);
    TrainingData data = SnapshotData.toTrainingData(labelled, new FeatureAssembler(layout), options.classes(), LabelMode.HARD);
    double[][] probs = cv.outOfSampleProbabilities(layout, data, options);
    ConfidentLearning.Result r = ConfidentLearning.find(data.ids(), data.argmaxTargets(), probs, ranking);
    Map<String, String> texts = new HashMap<>();
    labelled.forEach(i -> texts.put(i.id(), i.text()));
    return new Result(options.classes(), data, probs, r, texts);
  }
}
