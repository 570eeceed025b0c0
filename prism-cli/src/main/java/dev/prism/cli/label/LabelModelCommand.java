package dev.prism.cli.label;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.cli.support.CommandGroup;
import dev.prism.label.io.LabelDataException;
import dev.prism.label.io.ProbabilisticLabelsFile;
import dev.prism.label.model.ClassBalance;
import dev.prism.label.model.ClassConditionalModel;
import dev.prism.label.model.EvalMetric;
import dev.prism.label.model.FittedLabelModel;
import dev.prism.label.model.LabelModel;
import dev.prism.label.model.LfDependency;
import dev.prism.label.model.Metrics;
import dev.prism.label.model.TieBreak;
import dev.prism.label.model.ValidSelection;
import dev.prism.label.synth.SyntheticLabels;
import dev.prism.label.wrench.WrenchDataset;
import dev.prism.label.wrench.WrenchReader;
import dev.prism.label.wrench.WrenchSplit;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code prism labelmodel fit} and {@code prism labelmodel synth} (prism-label's label models). */
@Command(name = "labelmodel", mixinStandardHelpOptions = true,
    description = "Fit label models on labeling-function votes (WRENCH format) or on synthetic data.",
    subcommands = {LabelModelCommand.Fit.class, LabelModelCommand.Synth.class})
public final class LabelModelCommand extends CommandGroup {

  /** Default seed for RANDOM tie-breaking: the Snorkel tutorial's. */
  static final long DEFAULT_SEED = 123;

  @Command(name = "fit", mixinStandardHelpOptions = true,
      description = "Fit on train.json's weak labels (never its gold labels); report valid and test metrics, "
          + "or with --select-on valid choose model and hyperparameters on valid and read test once.")
  public static final class Fit implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--wrench", required = true, description = "WRENCH dataset directory (train/valid/test.json)")
    Path dir;

    @Option(names = "--model", defaultValue = "all",
        description = "mv, wmv, ds, generative, metal, flyingsquid or all (default ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--select-on", description = "valid: search each model's hyperparameters and choose among "
        + "the models on valid by the dataset's metric; test is scored once, for the chosen model")
    String selectOn;

    @Option(names = "--metric", defaultValue = "auto", description = "acc, f1 (positive class), macro_f1 or auto: "
        + "F1 for a binary task whose positive class is under a third of valid, else accuracy (default ${DEFAULT-VALUE})")
    String metricName;

    @Option(names = "--report", description = "write the metrics as JSON here")
    Path report;

    @Option(names = "--seed", defaultValue = "" + DEFAULT_SEED, description = "seed for --tie-break random")
    long seed;

    @Option(names = "--tie-break", defaultValue = "hash",
        description = "hash (WRENCH's evaluation rule), fit_majority, prior, random or abstain (default ${DEFAULT-VALUE})")
    String tieBreakName;

    private TieBreak tieBreak;

    @Option(names = "--class-balance", defaultValue = "uniform",
        description = "prior of the probabilistic models: uniform, learned, valid (from valid.json's labels) or "
            + "p0,p1,… (default ${DEFAULT-VALUE}; Dawid-Skene keeps its learned prior unless one is given)")
    String classBalance;

    @Option(names = "--positive-class", defaultValue = "1", description = "class index for F1 (default 1)")
    int positive;

    @Option(names = "--train-proba", description = "write train's probabilistic labels (JSONL: id, probs) "
        + "from the selected model, the generative model, or the one --model names")
    Path trainProba;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      tieBreak = parseTieBreak(tieBreakName);
      WrenchDataset d = WrenchReader.read(dir);
      if (positive < 0 || positive >= d.k()) {
        throw new IllegalArgumentException("--positive-class " + positive + " outside [0, " + d.k() + ")");
      }
      List<String> names = model.equals("all") ? ValidSelection.MODELS : List.of(model);
      for (String n : names) {
        if (!ValidSelection.MODELS.contains(n)) {
          throw new IllegalArgumentException("--model must be one of " + ValidSelection.MODELS + " or all, got '"
              + model + "'");
        }
      }
      Optional<WrenchSplit> valid = d.valid();
      valid.ifPresent(v -> requireGold(v));
      d.test().ifPresent(t -> requireGold(t));
      EvalMetric metric = metricName.equals("auto")
          ? EvalMetric.defaultFor(d.k(), valid.map(WrenchSplit::labels).orElse(new int[0]), positive)
          : EvalMetric.parse(metricName);
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode root = mapper.createObjectNode();
      root.put("dataset", dir.toString());
      root.put("train_items", d.train().size());
      root.put("lfs", d.m());
      ArrayNode classes = root.putArray("classes");
      d.classNames().forEach(classes::add);
      root.put("positive_class", d.classNames().get(positive));
      root.put("metric", metric.description());
      root.put("tie_break", tieBreak.name());
      root.put("seed", seed);
      out.printf(Locale.ROOT, "metric: %s (%s)%n", metric.description(),
          metricName.equals("auto") ? "the dataset's default" : "--metric");
      FittedLabelModel probaModel;
      if (selectOn != null) {
        if (!selectOn.equals("valid")) {
          throw new IllegalArgumentException("--select-on must be 'valid', got '" + selectOn + "'");
        }
        WrenchSplit v = valid.orElseThrow(() -> new LabelDataException(dir.resolve(WrenchReader.VALID), -1, null,
            "missing, but --select-on valid needs its labels"));
        probaModel = select(d, v, names, metric, root, out);
      } else {
        // A single named model is reported beside majority vote, the baseline every report carries.
        probaModel = fitEach(d, names.contains("mv") ? names : List.of("mv", model), metric, root, out);
      }
      if (report != null) {
        createParent(report);
        mapper.writeValue(report.toFile(), root);
        out.println("report written to " + report);
      }
      if (trainProba != null) {
        ProbabilisticLabelsFile.write(trainProba, d.train().ids(), probaModel.predictProba(d.train().weakLabels()));
        out.println("train probabilistic labels (" + probaModel.name() + ") written to " + trainProba);
      }
      out.flush();
      return 0;
    }

    private void requireGold(WrenchSplit s) {
      int[] gold = s.labels();
      for (int i = 0; i < gold.length; i++) {
        if (gold[i] < 0) {
          throw new LabelDataException(dir.resolve(s.name() + ".json"), -1, s.ids().get(i),
              "has no gold label; valid and test need labels to be scored");
        }
      }
    }

    /** Every named model with its defaults, scored on valid and test. */
    private FittedLabelModel fitEach(WrenchDataset d, List<String> names, EvalMetric metric, ObjectNode root,
        PrintWriter out) {
      ClassBalance balance = parseBalance(d);
      root.put("class_balance", classBalance);
      if (balance instanceof ClassBalance.Given g) {
        StringBuilder bt = new StringBuilder();
        for (double p : g.p()) {
          bt.append(String.format(Locale.ROOT, " %.3f", p));
        }
        out.printf(Locale.ROOT, "class balance (--class-balance %s):%s%n", classBalance, bt);
      }
      ObjectNode modelsNode = root.putObject("models");
      out.printf(Locale.ROOT, "%-11s %-6s %6s %9s %9s %7s %9s %8s%n", "model", "split", "items", "metric",
          "accuracy", "f1", "macro_f1", "fit_ms");
      FittedLabelModel probaModel = null;
      String probaName = model.equals("all") ? "generative" : model;
      for (String name : names) {
        if (name.equals("wmv") && !(balance instanceof ClassBalance.Given)) {
          continue; // with a uniform balance it is majority vote
        }
        LabelModel lm = LabelModel.byName(name, balance);
        long t0 = System.nanoTime();
        FittedLabelModel f = lm.fit(d.train().weakLabels());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        ObjectNode mn = modelsNode.putObject(lm.name());
        mn.put("fit_ms", ms);
        for (Optional<WrenchSplit> os : List.of(d.valid(), d.test())) {
          if (os.isEmpty()) {
            continue;
          }
          WrenchSplit s = os.get();
          Metrics mt = Metrics.of(s.labels(), f.predict(s.weakLabels(), tieBreak, seed), positive, d.k());
          putMetrics(mn.putObject(s.name()), mt, metric, d);
          out.printf(Locale.ROOT, "%-11s %-6s %6d %9.4f %9.4f %7.4f %9.4f %8d%n", lm.name(), s.name(), mt.n(),
              mt.get(metric), mt.accuracy(), mt.f1(), mt.macroF1(), ms);
        }
        describe(f, mn, out);
        if (lm.name().equals(probaName)) {
          probaModel = f;
        }
      }
      if (modelsNode.has("mv")) {
        root.set("baseline_mv", modelsNode.get("mv"));
      }
      return probaModel;
    }

    /** WRENCH's protocol: all choices on valid, then test once for the winner. */
    private FittedLabelModel select(WrenchDataset d, WrenchSplit v, List<String> names, EvalMetric metric,
        ObjectNode root, PrintWriter out) {
      Optional<ClassBalance> vb = Optional.of(ClassBalance.smoothedFrequencies(v.labels(), d.k()));
      List<ValidSelection.Candidate> candidates = new java.util.ArrayList<>();
      for (String n : names) {
        candidates.addAll(ValidSelection.grid(n, vb));
      }
      ArrayNode vbNode = root.putArray("valid_class_balance");
      StringBuilder vbText = new StringBuilder();
      for (double p : ((ClassBalance.Given) vb.get()).p()) {
        vbNode.add(p);
        vbText.append(String.format(Locale.ROOT, " %.3f", p));
      }
      out.printf(Locale.ROOT, "class balance from valid's labels (Laplace-smoothed), the 'balance=valid' candidates' "
          + "prior:%s%n", vbText);
      root.put("selected_on", "valid");
      out.printf(Locale.ROOT, "selecting among %d candidates on valid (%d items); test is not read until the choice "
          + "is made%n", candidates.size(), v.size());
      ValidSelection.Result r = ValidSelection.select(candidates, d.train().weakLabels(), v.weakLabels(), v.labels(),
          metric, tieBreak, seed, positive);
      out.printf(Locale.ROOT, "%-12s %-66s %12s %9s %8s%n", "model", "hyperparameters", "valid_metric", "valid_acc",
          "fit_ms");
      ArrayNode cands = root.putArray("candidates");
      for (int i = 0; i < r.scored().size(); i++) {
        ValidSelection.Scored sc = r.scored().get(i);
        ObjectNode cn = cands.addObject();
        cn.put("model", sc.candidate().model());
        cn.put("hyperparameters", sc.candidate().params());
        if (sc.skipped() != null) {
          cn.put("skipped", sc.skipped());
          out.printf(Locale.ROOT, "%-12s %-66s skipped: %s%n", sc.candidate().model(), sc.candidate().params(),
              sc.skipped());
          continue;
        }
        cn.put("valid_" + metricKey(metric), sc.score());
        cn.put("valid_accuracy", sc.valid().accuracy());
        cn.put("fit_ms", sc.fitMillis());
        cn.put("selected", i == r.best());
        out.printf(Locale.ROOT, "%-12s %-66s %12.4f %9.4f %8d%s%n", sc.candidate().model(), sc.candidate().params(),
            sc.score(), sc.valid().accuracy(), sc.fitMillis(), i == r.best() ? "  <- selected" : "");
      }
      ValidSelection.Scored w = r.winner();
      ObjectNode sel = root.putObject("selected");
      sel.put("model", w.candidate().model());
      sel.put("hyperparameters", w.candidate().params());
      putMetrics(sel.putObject("valid"), w.valid(), metric, d);
      out.printf(Locale.ROOT, "selected: %s %s (valid %s %.4f)%n", w.candidate().model(), w.candidate().params(),
          metric.description(), w.score());
      if (d.test().isPresent()) {
        WrenchSplit t = d.test().get();
        Metrics mt = Metrics.of(t.labels(), r.fitted().predict(t.weakLabels(), tieBreak, seed), positive, d.k());
        putMetrics(sel.putObject("test"), mt, metric, d);
        out.printf(Locale.ROOT, "test (read once, selected model only): %s %.4f  (accuracy %.4f, f1 %.4f, macro_f1 "
            + "%.4f; %d items)%n", metric.description(), mt.get(metric), mt.accuracy(), mt.f1(), mt.macroF1(), mt.n());
        out.printf(Locale.ROOT, "%-24s %9s %9s %9s %7s%n", "class", "precision", "recall", "f1", "support");
        for (int c = 0; c < d.k(); c++) {
          out.printf(Locale.ROOT, "%-24s %9.4f %9.4f %9.4f %7d%n", d.classNames().get(c), mt.classPrecision()[c],
              mt.classRecall()[c], mt.classF1()[c], mt.classSupport()[c]);
        }
      }
      describe(r.fitted(), sel, out);
      return r.fitted();
    }

    private static String metricKey(EvalMetric m) {
      return switch (m) {
        case ACCURACY -> "accuracy";
        case F1_POSITIVE -> "f1";
        case MACRO_F1 -> "macro_f1";
      };
    }

    private static void putMetrics(ObjectNode sn, Metrics mt, EvalMetric metric, WrenchDataset d) {
      sn.put("items", mt.n());
      sn.put("metric", metric.description());
      sn.put("value", mt.get(metric));
      sn.put("accuracy", mt.accuracy());
      sn.put("f1", mt.f1());
      sn.put("precision", mt.precision());
      sn.put("recall", mt.recall());
      sn.put("macro_f1", mt.macroF1());
      sn.put("abstained", mt.abstained());
      ObjectNode pc = sn.putObject("per_class");
      for (int c = 0; c < d.k(); c++) {
        ObjectNode cn = pc.putObject(d.classNames().get(c));
        cn.put("precision", mt.classPrecision()[c]);
        cn.put("recall", mt.classRecall()[c]);
        cn.put("f1", mt.classF1()[c]);
        cn.put("support", mt.classSupport()[c]);
      }
    }

    private static TieBreak parseTieBreak(String s) {
      for (TieBreak t : TieBreak.values()) {
        if (t.name().equalsIgnoreCase(s)) {
          return t;
        }
      }
      throw new IllegalArgumentException("--tie-break must be hash, fit_majority, prior, random or abstain, got '"
          + s + "'");
    }

    private ClassBalance parseBalance(WrenchDataset d) {
      if (classBalance.equals("valid")) {
        WrenchSplit v = d.valid().orElseThrow(() -> new LabelDataException(dir.resolve(WrenchReader.VALID), -1, null,
            "missing, but --class-balance valid needs its labels"));
        return ClassBalance.smoothedFrequencies(v.labels(), d.k());
      }
      ClassBalance b;
      try {
        b = ClassBalance.parse(classBalance);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--class-balance: " + e.getMessage() + " (or 'valid')", e);
      }
      if (b instanceof ClassBalance.Given g && g.p().length != d.k()) {
        throw new IllegalArgumentException("--class-balance has " + g.p().length + " values, the dataset has "
            + d.k() + " classes");
      }
      return b;
    }

    private void describe(FittedLabelModel f, ObjectNode mn, PrintWriter out) {
      ArrayNode prior = mn.putArray("class_prior");
      for (double p : f.classPrior()) {
        prior.add(p);
      }
      if (!(f instanceof ClassConditionalModel c)) {
        return;
      }
      mn.put("iterations", c.iterations());
      mn.put("converged", c.converged());
      ArrayNode acc = mn.putArray("estimated_lf_accuracy");
      for (double a : c.lfAccuracies()) {
        if (Double.isNaN(a)) {
          acc.addNull();
        } else {
          acc.add(a);
        }
      }
      ArrayNode bal = mn.putArray("estimated_class_balance");
      StringBuilder sb = new StringBuilder();
      for (double b : c.estimatedClassBalance()) {
        bal.add(b);
        sb.append(String.format(Locale.ROOT, " %.3f", b));
      }
      out.printf(Locale.ROOT, "  %s: class balance estimated on train (mean posterior):%s%n", c.name(), sb);
      ArrayNode deps = mn.putArray("lf_dependencies");
      int shown = 0;
      for (LfDependency dep : c.dependencies()) {
        ObjectNode o = deps.addObject();
        o.put("lf_a", dep.lfA());
        o.put("lf_b", dep.lfB());
        o.put("kind", dep.kind().name());
        o.put("residual_correlation", dep.residualCorrelation());
        o.put("vote_a", dep.voteA());
        o.put("vote_b", dep.voteB());
        if (shown++ < MAX_DEPENDENCIES_PRINTED) {
          out.printf(Locale.ROOT, "  %s: LFs %d and %d %s (residual correlation %.3f)%n", c.name(), dep.lfA(),
              dep.lfB(), dep.kind().name().toLowerCase(Locale.ROOT), dep.residualCorrelation());
        }
      }
      if (shown > MAX_DEPENDENCIES_PRINTED) {
        out.printf(Locale.ROOT, "  %s: %d more LF pairs in the JSON report%n", c.name(),
            shown - MAX_DEPENDENCIES_PRINTED);
      }
    }
  }

  /** The console lists this many LF dependencies per model; the JSON report has them all. */
  static final int MAX_DEPENDENCIES_PRINTED = 10;

  @Command(name = "synth", mixinStandardHelpOptions = true,
      description = "Generate a synthetic LF matrix with known LF accuracies, fit, and report time and recovery.")
  public static final class Synth implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--n", defaultValue = "1000000", description = "items (default ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--m", defaultValue = "100", description = "labeling functions (default ${DEFAULT-VALUE})")
    int m;

    @Option(names = "--k", defaultValue = "2", description = "classes (default ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--seed", defaultValue = "42", description = "generator seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--model", defaultValue = "generative",
        description = "mv, wmv, ds, generative, metal or flyingsquid (default ${DEFAULT-VALUE})")
    String model;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      if (!ValidSelection.MODELS.contains(model)) {
        throw new IllegalArgumentException("--model must be one of " + ValidSelection.MODELS + ", got '" + model + "'");
      }
      long t0 = System.nanoTime();
      SyntheticLabels s = SyntheticLabels.generate(n, m, k, seed);
      long t1 = System.nanoTime();
      FittedLabelModel f = LabelModel.byName(model, new ClassBalance.Uniform()).fit(s.labels());
      long t2 = System.nanoTime();
      Metrics mt = Metrics.of(s.trueLabels(), f.predict(s.labels(), TieBreak.HASH, seed), Math.min(1, k - 1), k);
      long t3 = System.nanoTime();
      out.printf(Locale.ROOT, "synthetic %d x %d, k=%d, seed %d: %d non-abstain votes%n", n, m, k, seed,
          s.labels().nonAbstainCount());
      String iters = f instanceof ClassConditionalModel c
          ? String.format(Locale.ROOT, ", %d iterations, converged=%s", c.iterations(), c.converged()) : "";
      out.printf(Locale.ROOT, "generate %.2f s, fit (%s) %.2f s%s, predict %.2f s%n", (t1 - t0) / 1e9, model,
          (t2 - t1) / 1e9, iters, (t3 - t2) / 1e9);
      if (f instanceof ClassConditionalModel c) {
        double[] est = c.lfAccuracies();
        SyntheticLabels.Recovery recovery = s.recovery(est);
        int worst = recovery.worstLf();
        out.printf(Locale.ROOT, "max |recovered - true| LF accuracy = %.4f (LF %d: true %.4f, recovered %.4f)%n",
            recovery.maxError(), worst, worst >= 0 ? s.accuracy()[worst] : Double.NaN,
            worst >= 0 ? est[worst] : Double.NaN);
      }
      out.printf(Locale.ROOT, "accuracy of the model's labels against the generating labels: %.4f%n", mt.accuracy());
      out.flush();
      return 0;
    }
  }

  /** Output files may name directories that do not exist yet (e.g. out/youtube-spam/). */
  static void createParent(Path file) throws java.io.IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }
}
