package dev.prism.cli.learn;

import dev.prism.learn.Scoring;
import dev.prism.learn.artifact.ArtifactFormat;
import dev.prism.learn.data.Snapshot;
import dev.prism.learn.data.SnapshotData;
import dev.prism.learn.data.SnapshotItem;
import dev.prism.learn.data.Split;
import dev.prism.learn.metrics.Bootstrap;
import dev.prism.learn.metrics.Interval;
import dev.prism.learn.features.FeatureAssembler;
import dev.prism.learn.metrics.Metric;
import dev.prism.learn.metrics.MulticlassMetrics;
import dev.prism.learn.predict.HeadModel;
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

  @Option(names = "--compare", paramLabel = "FILE|REF",
      description = "another artifact (with --artifact) or predictions file (with --predictions) to compare against; "
          + "with --artifact also a registry reference such as spam@production or spam@v2 (see prism models)")
  String compare;

  @Option(names = "--registry-db", paramLabel = "URL", defaultValue = dev.prism.store.db.MetadataDb.DEFAULT_URL,
      description = "metadata database --compare references are resolved in (default: ${DEFAULT-VALUE})")
  String registryDb;

  @Option(names = "--registry-artifacts", paramLabel = "DIR", defaultValue = dev.prism.registry.FileArtifactStore.DEFAULT_ROOT,
      description = "artifact store of that registry (default: ${DEFAULT-VALUE})")
  Path registryArtifacts;

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
      String compareRef = null;
      if (compare != null) {
        compareArtifact = Path.of(compare);
        if (!java.nio.file.Files.exists(compareArtifact) && compare.matches("[a-z][a-z0-9_]*@[a-z0-9][a-z0-9_-]*")) {
          compareArtifact = fromRegistry(compare);
          compareRef = compare + " = " + compareResolved;
        }
      }
      ArtifactFormat.Loaded main = ArtifactFormat.read(input.artifact);
      if (main.artifact().model().numClasses() > 2) {
        return multiclass(main, items, s, o);
      }
      a = score(input.artifact, items, context, "");
      if (compare != null) {
        b = Optional.of(score(compareArtifact, items, context, "compare_"));
        if (compareRef != null) {
          context.put("compare_artifact", compareRef); // the reference, not the temporary copy
        }
      }
      context.put("snapshot", snapshot.toString());
      context.put("split", s.key());
    } else {
      a = PredictionsFile.read(input.predictions, input.predictions.getFileName().toString());
      context.put("predictions", input.predictions.toString());
      if (compare != null) {
        Path other = Path.of(compare);
        b = Optional.of(PredictionsFile.read(other, other.getFileName().toString()));
        context.put("compare_predictions", compare);
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

  /**
   * A head with more than two classes: accuracy, macro-F1, per-class precision and recall, the
   * confusion matrix, log-loss and top-label ECE ({@link MulticlassMetrics}); with {@code --compare}
   * the other artifact's numbers beside them. The binary report's thresholds, curves and bootstrap
   * intervals do not apply.
   */
  private int multiclass(ArtifactFormat.Loaded main, List<SnapshotItem> items, Split s, PrintWriter o)
      throws IOException {
    Map<String, MulticlassMetrics> results = new LinkedHashMap<>();
    List<String> classes = main.artifact().model().classes();
    results.put(main.artifact().name() + "@" + main.artifact().version(), multiclassMetrics(main, items));
    if (compare != null) {
      ArtifactFormat.Loaded other = ArtifactFormat.read(compareArtifact);
      if (!other.artifact().model().classes().equals(classes)) {
        throw new IllegalArgumentException("--compare has classes " + other.artifact().model().classes()
            + ", the artifact " + classes);
      }
      results.put("compare: " + other.artifact().name() + "@" + other.artifact().version(),
          multiclassMetrics(other, items));
    }
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper()
        .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
    com.fasterxml.jackson.databind.node.ObjectNode root = mapper.createObjectNode();
    root.put("snapshot", snapshot.toString());
    root.put("split", s.key());
    root.putPOJO("classes", classes);
    StringBuilder html = new StringBuilder("<!doctype html><meta charset=\"utf-8\"><title>")
        .append(esc(title != null ? title : "Evaluation")).append("</title><h1>")
        .append(esc(title != null ? title : "Evaluation")).append("</h1>");
    for (Map.Entry<String, MulticlassMetrics> e : results.entrySet()) {
      MulticlassMetrics m = e.getValue();
      com.fasterxml.jackson.databind.node.ObjectNode n = root.putObject(e.getKey());
      n.put("items", m.n());
      n.put("accuracy", m.accuracy());
      n.put("macro_f1", m.macroF1());
      n.put("log_loss", m.logLoss());
      n.put("ece_top_label", m.ece());
      n.putPOJO("precision", m.precision());
      n.putPOJO("recall", m.recall());
      n.putPOJO("f1", m.f1());
      n.putPOJO("support", m.support());
      n.putPOJO("confusion_gold_by_predicted", m.confusion());
      o.printf(Locale.ROOT, "%s on %s (%d items, %d classes): accuracy %.4f  macro_f1 %.4f  log_loss %.4f  "
          + "ece %.4f%n", e.getKey(), s.key(), m.n(), m.k(), m.accuracy(), m.macroF1(), m.logLoss(), m.ece());
      o.printf(Locale.ROOT, "  %-24s %9s %9s %9s %7s%n", "class", "precision", "recall", "f1", "support");
      html.append("<h2>").append(esc(e.getKey())).append("</h2><p>").append(String.format(Locale.ROOT,
          "accuracy %.4f, macro-F1 %.4f, log-loss %.4f, top-label ECE %.4f, %d items", m.accuracy(), m.macroF1(),
          m.logLoss(), m.ece(), m.n())).append("</p><table border=1><tr><th>gold \\ predicted</th>");
      for (String c : classes) {
        html.append("<th>").append(esc(c)).append("</th>");
      }
      html.append("<th>precision</th><th>recall</th></tr>");
      int[][] cm = m.confusion();
      for (int c = 0; c < m.k(); c++) {
        o.printf(Locale.ROOT, "  %-24s %9.4f %9.4f %9.4f %7d%n", classes.get(c), m.precision()[c], m.recall()[c],
            m.f1()[c], m.support()[c]);
        html.append("<tr><th>").append(esc(classes.get(c))).append("</th>");
        for (int p = 0; p < m.k(); p++) {
          html.append("<td>").append(cm[c][p]).append("</td>");
        }
        html.append(String.format(Locale.ROOT, "<td>%.3f</td><td>%.3f</td></tr>", m.precision()[c], m.recall()[c]));
      }
      html.append("</table>");
      o.println("  confusion matrix (rows gold, columns predicted, class order as above):");
      for (int[] row : cm) {
        StringBuilder sb = new StringBuilder("   ");
        for (int x : row) {
          sb.append(String.format(Locale.ROOT, " %4d", x));
        }
        o.println(sb);
      }
    }
    Files.createDirectories(outDir);
    Path json = outDir.resolve("report.json");
    Path htmlFile = outDir.resolve("report.html");
    mapper.writeValue(json.toFile(), root);
    Files.writeString(htmlFile, html.toString(), StandardCharsets.UTF_8);
    o.println("wrote " + htmlFile + " and " + json);
    o.flush();
    return 0;
  }

  private static String esc(String t) {
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static MulticlassMetrics multiclassMetrics(ArtifactFormat.Loaded l, List<SnapshotItem> items) {
    HeadModel model = l.artifact().model();
    FeatureAssembler asm = model.assembler();
    List<double[]> probs = new ArrayList<>();
    List<Integer> gold = new ArrayList<>();
    for (SnapshotItem item : items) {
      Optional<Integer> label = Scoring.evaluationLabel(item, model.classes());
      if (label.isPresent()) {
        probs.add(model.probabilities(SnapshotData.features(item, asm)));
        gold.add(label.get());
      }
    }
    if (gold.isEmpty()) {
      throw new IllegalArgumentException("no labelled items to evaluate");
    }
    return MulticlassMetrics.of(probs.toArray(double[][]::new), gold.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * The artifact a registry reference names now, copied from the artifact store to a temporary file
   * (its bytes are checked against their hash on the way out).
   */
  private Path fromRegistry(String reference) throws IOException {
    try (dev.prism.store.db.MetadataDb db = dev.prism.store.db.MetadataDb.open(registryDb)) {
      dev.prism.registry.ModelRegistry registry = new dev.prism.registry.ModelRegistry(db,
          new dev.prism.registry.FileArtifactStore(registryArtifacts), java.time.Clock.systemUTC(), e -> {});
      dev.prism.registry.ModelVersion v = registry.resolve(dev.prism.registry.ModelRef.parse(reference));
      Path tmp = java.nio.file.Files.createTempFile("prism-compare-", ".json");
      tmp.toFile().deleteOnExit();
      java.nio.file.Files.write(tmp, registry.artifactBytes(v));
      compareResolved = v.ref();
      return tmp;
    }
  }

  /** The --compare artifact as a file: the given path, or a registry reference's copy. */
  private Path compareArtifact;
  /** The version a --compare reference resolved to ({@code spam@v2}). */
  private String compareResolved;

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
