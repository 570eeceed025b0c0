package dev.prism.learn.cli;

import dev.prism.learn.TrainingOptions;
import dev.prism.learn.calibrate.CalibrationMethod;
import dev.prism.learn.data.LabelMode;
import dev.prism.learn.data.Snapshot;
import dev.prism.learn.data.SnapshotData;
import dev.prism.learn.data.SnapshotItem;
import dev.prism.learn.data.Split;
import dev.prism.learn.features.FeatureAssembler;
import dev.prism.learn.features.FeatureLayout;
import dev.prism.learn.model.TrainingData;
import dev.prism.learn.quality.ConfidentLearning;
import dev.prism.learn.quality.CrossValidation;
import dev.prism.learn.quality.TableWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code prism labels errors}: likely label errors by confident learning on cross-validated probabilities. */
@Command(name = "errors", mixinStandardHelpOptions = true,
    description = {"Finds likely errors in hard labels: k-fold cross-validated probabilities from a head on the snapshot's",
        "signals, then confident learning (per-class mean self-confidence thresholds, off-diagonal confident joint).",
        "Writes the issues ranked for review (CSV or JSONL by extension)."})
public final class LabelErrorsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--snapshot", required = true, description = "training snapshot (JSONL)")
  Path snapshot;

  @Option(names = "--split", defaultValue = "all", description = "train, valid, test, pool or all (default: ${DEFAULT-VALUE})")
  String split;

  @Option(names = "--inputs", description = "input signals in feature order (default: all, in the first item's order)")
  String inputs;

  @Option(names = "--folds", defaultValue = "" + CrossValidation.DEFAULT_FOLDS, description = "cross-validation folds (default: ${DEFAULT-VALUE})")
  int folds;

  @Option(names = "--cv-seed", defaultValue = "" + CrossValidation.DEFAULT_SEED, description = "fold assignment seed (default: ${DEFAULT-VALUE})")
  long cvSeed;

  @Option(names = "--ranking", defaultValue = "self_confidence", description = "self_confidence or normalized_margin (default: ${DEFAULT-VALUE})")
  String ranking;

  @Option(names = "--limit", defaultValue = "0", description = "write at most this many issues (0 = all)")
  int limit;

  @Option(names = "--out", required = true, description = "issues file (.csv or .jsonl)")
  Path out;

  @Mixin
  HeadOptions head;

  @Override
  public Integer call() {
    return CliSupport.run(spec, this::run);
  }

  private int run() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    List<SnapshotItem> all = Snapshot.read(snapshot);
    List<SnapshotItem> items = "all".equals(split) ? all : SnapshotData.split(all, Split.parse(split));
    List<SnapshotItem> labelled = items.stream().filter(i -> i.label().isPresent()).toList();
    if (labelled.isEmpty()) {
      throw new IllegalArgumentException(snapshot + ": no item with a hard 'label' in split '" + split + "'");
    }
    TrainingOptions options = head.options(CalibrationMethod.NONE);
    FeatureLayout layout = FeatureLayout.infer(labelled.get(0).features(), CliSupport.specs(inputs));
    TrainingData data = SnapshotData.toTrainingData(labelled, new FeatureAssembler(layout), options.classes(), LabelMode.HARD);
    o.println("cross-validating " + options.head().describe().get("head") + " heads (" + folds + " folds) on " + data.size() + " labelled items");
    o.flush();
    double[][] probs = new CrossValidation(folds, cvSeed).outOfSampleProbabilities(layout, data, options);
    ConfidentLearning.Result r = ConfidentLearning.find(data.ids(), data.argmaxTargets(), probs, ConfidentLearning.Ranking.parse(ranking));
    Map<String, SnapshotItem> byId = new HashMap<>();
    labelled.forEach(i -> byId.put(i.id(), i));
    List<String> classes = options.classes();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ConfidentLearning.LabelIssue x : r.issues()) {
      if (limit > 0 && rows.size() >= limit) {
        break;
      }
      rows.add(TableWriter.row("rank", x.rank(), "id", x.id(), "text", byId.get(x.id()).text(),
          "given_label", classes.get(x.givenLabel()), "suggested_label", classes.get(x.suggestedLabel()),
          "self_confidence", x.selfConfidence(), "margin", x.margin(),
          "reason", String.format(Locale.ROOT, "out-of-sample p(%s)=%.3f >= class threshold %.3f while p(given %s)=%.3f",
              classes.get(x.suggestedLabel()), probs[x.index()][x.suggestedLabel()], r.thresholds()[x.suggestedLabel()],
              classes.get(x.givenLabel()), x.selfConfidence())));
    }
    TableWriter.write(out, List.of("rank", "id", "text", "given_label", "suggested_label", "self_confidence", "margin", "reason"), rows);
    o.println("per-class thresholds " + java.util.Arrays.toString(r.thresholds()));
    o.println("confident joint (rows: given, columns: confident class) " + java.util.Arrays.deepToString(r.confidentJoint()));
    o.println(r.issues().size() + " likely label errors of " + data.size() + "; wrote " + rows.size() + " to " + out);
    o.flush();
    return 0;
  }
}
