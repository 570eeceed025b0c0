package dev.prism.cli.learn;

import dev.prism.learn.Scoring;
import dev.prism.learn.artifact.ArtifactFormat;
import dev.prism.learn.data.Snapshot;
import dev.prism.learn.data.SnapshotData;
import dev.prism.learn.data.SnapshotItem;
import dev.prism.learn.data.Split;
import dev.prism.learn.metrics.Bootstrap;
import dev.prism.learn.metrics.Interval;
import dev.prism.learn.metrics.Metric;
import dev.prism.learn.metrics.ThresholdTable;
import dev.prism.learn.report.EvalOptions;
import dev.prism.learn.report.EvalReport;
import dev.prism.learn.report.Evaluator;
import dev.prism.learn.report.HtmlReport;
import dev.prism.learn.report.Predictions;
import dev.prism.learn.report.PredictionsFile;
import dev.prism.learn.report.ReportJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code prism eval}: an artifact on a snapshot split, or a predictions file, → report.html + report.json. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluates a head artifact on a snapshot split (or a predictions file) and writes a self-contained "
        + "HTML report and the same numbers as JSON: metrics with bootstrap CIs, plots, threshold table, slices, comparison.")
public final class EvalCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  static final class Input {
    @Option(names = "--artifact", required = true, description = "head artifact to evaluate (needs --snapshot)")
    Path artifact;

    @Option(names = "--predictions", required = true, description = "predictions JSONL: {id, score, label[, text, meta]}")
    Path predictions;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  @Option(names = "--snapshot", description = "training snapshot to score with --artifact")
  Path snapshot;

  @Option(names = "--split", defaultValue = "test", description = "snapshot split to evaluate on (default: ${DEFAULT-VALUE})")
  String split;

  @Option(names = "--positive-class", defaultValue = "1", description = "class index treated as positive (default: ${DEFAULT-VALUE})")
  int positiveClass;

  @Option(names = "--out-dir", required = true, description = "directory for report.html and report.json")
  Path outDir;

  @Option(names = "--compare", description = "another artifact (with --artifact) or predictions file (with --predictions) to compare against")
  Path compare;

  @Option(names = "--slice", description = "metadata field to slice metrics by (repeatable)")
  List<String> slices = new ArrayList<>();

  @Option(names = "--target-precision", description = "report the lowest threshold reaching this precision")
  Double targetPrecision;

  @Option(names = "--threshold", defaultValue = "0.5", description = "decision threshold (default: ${DEFAULT-VALUE})")
  double threshold;

  @Option(names = "--compare-threshold", description = "decision threshold of the compared model (default: --threshold)")
  Double compareThreshold;

  @Option(names = "--bootstrap", defaultValue = "" + Bootstrap.DEFAULT_RESAMPLES, description = "bootstrap resamples (default: ${DEFAULT-VALUE})")
  int resamples;

  @Option(names = "--confidence", defaultValue = "" + Bootstrap.DEFAULT_CONFIDENCE, description = "interval confidence (default: ${DEFAULT-VALUE})")
  double confidence;

  @Option(names = "--seed", defaultValue = "" + Bootstrap.DEFAULT_SEED, description = "bootstrap seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--title", description = "report title")
  String title;

  @Option(names = "--write-predictions", description = "also write the evaluated model's predictions (JSONL) here")
  Path writePredictions;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    Map<String, String> context = new LinkedHashMap<>();
    Predictions a;
    Optional<Predictions> b = Optional.empty();
    if (input.artifact != null) {
      if (snapshot == null) {
        throw new IllegalArgumentException("--artifact needs --snapshot to score");
      }
      Split s = Split.parse(split);
      List<SnapshotItem> items = SnapshotData.split(Snapshot.read(snapshot), s);
      if (items.isEmpty()) {
        throw new IllegalArgumentException(snapshot + " has no items in split '" + split + "'");
      }
      a = score(input.artifact, items, context, "");
      if (compare != null) {
        b = Optional.of(score(compare, items, context, "compare_"));
      }
      context.put("snapshot", snapshot.toString());
      context.put("split", s.key());
    } else {
      a = PredictionsFile.read(input.predictions, input.predictions.getFileName().toString());
      context.put("predictions", input.predictions.toString());
      if (compare != null) {
        b = Optional.of(PredictionsFile.read(compare, compare.getFileName().toString()));
        context.put("compare_predictions", compare.toString());
      }
    }
    EvalOptions options = new EvalOptions(threshold, compareThreshold == null ? threshold : compareThreshold,
        targetPrecision == null ? OptionalDouble.empty() : OptionalDouble.of(targetPrecision), slices,
        new Bootstrap(resamples, confidence, seed), ThresholdTable.DEFAULT_STEP);
    o.println("evaluating '" + a.modelName() + "' on " + a.size() + " labelled items (" + resamples + " bootstrap resamples)");
    o.flush();
    EvalReport r = new Evaluator(options).evaluate(title != null ? title : "Evaluation of " + a.modelName(), a, b, context);
    Files.createDirectories(outDir);
    Path html = outDir.resolve("report.html");
    Path json = outDir.resolve("report.json");
    Files.writeString(html, HtmlReport.render(r), StandardCharsets.UTF_8);
    Files.writeString(json, ReportJson.toJson(r), StandardCharsets.UTF_8);
    if (writePredictions != null) {
      PredictionsFile.write(writePredictions, a);
    }
    for (Metric m : Metric.values()) {
      Interval iv = r.metrics().get(m);
      o.printf(Locale.ROOT, "  %-9s %.4f [%.4f, %.4f]%n", m.key(), iv.value(), iv.low(), iv.high());
    }
    r.targetPrecision().ifPresent(tp -> o.println(tp.row()
        .map(row -> String.format(Locale.ROOT, "  precision >= %.3f from threshold %.4f (recall %.4f)", tp.target(), row.threshold(), row.recall()))
        .orElse(String.format(Locale.ROOT, "  no threshold reaches precision %.3f", tp.target()))));
    r.comparison().ifPresent(c -> o.printf(Locale.ROOT, "  vs %s: accuracy diff %+.4f [%.4f, %.4f], roc_auc diff %+.4f [%.4f, %.4f], %d decisions flipped%n",
        c.otherModel(), c.differences().get(Metric.ACCURACY).diff(), c.differences().get(Metric.ACCURACY).low(), c.differences().get(Metric.ACCURACY).high(),
        c.differences().get(Metric.ROC_AUC).diff(), c.differences().get(Metric.ROC_AUC).low(), c.differences().get(Metric.ROC_AUC).high(), c.flippedCount()));
    o.println("wrote " + html + " and " + json);
    o.flush();
    return 0;
  }

  private Predictions score(Path artifact, List<SnapshotItem> items, Map<String, String> context, String prefix) throws IOException {
    ArtifactFormat.Loaded l = ArtifactFormat.read(artifact);
    String name = l.artifact().name() + "@" + l.artifact().version();
    context.put(prefix + "artifact", artifact.toString());
    context.put(prefix + "artifact_sha256", l.sha256());
    context.put(prefix + "output_signal", l.artifact().output().spec().toString());
    context.put(prefix + "label_source", l.artifact().provenance().labelSource());
    return Scoring.predictions(l.artifact().model(), name, items, positiveClass);
  }
}
