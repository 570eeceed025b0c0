package dev.prism.cli.learn;

import dev.prism.learn.TrainingOptions;
import dev.prism.learn.calibrate.CalibrationMethod;
import dev.prism.learn.data.Snapshot;
import dev.prism.learn.data.SnapshotData;
import dev.prism.learn.data.SnapshotItem;
import dev.prism.learn.data.Split;
import dev.prism.learn.quality.ConfidentLearning;
import dev.prism.learn.quality.CrossValidation;
import dev.prism.learn.quality.SnapshotLabelErrors;
import dev.prism.learn.quality.TableWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code prism labels errors}: likely label errors by confident learning on cross-validated probabilities. */
@Command(name = "errors", mixinStandardHelpOptions = true,
    description = {"Finds likely errors in hard labels: k-fold cross-validated probabilities from a head on the snapshot's "
        + "signals, then confident learning (per-class mean self-confidence thresholds, off-diagonal confident joint). "
        + "Writes the issues ranked for review (CSV or JSONL by extension)."})
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
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    List<SnapshotItem> all = Snapshot.read(snapshot);
    List<SnapshotItem> items = "all".equals(split) ? all : SnapshotData.split(all, Split.parse(split));
    List<SnapshotItem> labelled = items.stream().filter(i -> i.label().isPresent()).toList();
    if (labelled.isEmpty()) {
      throw new IllegalArgumentException(snapshot + ": no item with a hard 'label' in split '" + split + "'");
    }
    TrainingOptions options = head.options(CalibrationMethod.NONE);
    o.println("cross-validating " + options.head().describe().get("head") + " heads (" + folds + " folds) on "
        + labelled.size() + " labelled items");
    o.flush();
    SnapshotLabelErrors.Result r = SnapshotLabelErrors.find(labelled, HeadOptions.specs(inputs), options,
        new CrossValidation(folds, cvSeed), ConfidentLearning.Ranking.parse(ranking));
    List<Map<String, Object>> rows = r.rows(limit);
    TableWriter.write(out, SnapshotLabelErrors.COLUMNS, rows);
    o.println("per-class thresholds " + Arrays.toString(r.confident().thresholds()));
    o.println("confident joint (rows: given, columns: confident class) " + Arrays.deepToString(r.confident().confidentJoint()));
    o.println(r.confident().issues().size() + " likely label errors of " + r.data().size() + "; wrote " + rows.size() + " to " + out);
    o.flush();
    return 0;
  }
}
