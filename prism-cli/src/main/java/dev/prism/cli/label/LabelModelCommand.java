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
import dev.prism.label.model.DawidSkene;
import dev.prism.label.model.FitOptions;
import dev.prism.label.model.FittedLabelModel;
import dev.prism.label.model.GenerativeLabelModel;
import dev.prism.label.model.LabelModel;
import dev.prism.label.model.LfDependency;
import dev.prism.label.model.MajorityVote;
import dev.prism.label.model.Metrics;
import dev.prism.label.model.TieBreak;
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
      description = "Fit on train.json's weak labels (never its gold labels); report valid and test metrics.")
  public static final class Fit implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--wrench", required = true, description = "WRENCH dataset directory (train/valid/test.json)")
    Path dir;

    @Option(names = "--model", defaultValue = "all", description = "mv, ds, generative or all (default ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--report", description = "write the metrics as JSON here")
    Path report;

    @Option(names = "--seed", defaultValue = "" + DEFAULT_SEED, description = "seed for --tie-break random")
    long seed;

    @Option(names = "--tie-break", defaultValue = "fit_majority",
        description = "fit_majority, random or abstain (default ${DEFAULT-VALUE})")
    String tieBreakName;

    private TieBreak tieBreak;

    @Option(names = "--class-balance", defaultValue = "uniform",
        description = "generative model prior: uniform, learned, valid (from valid.json's labels) or p0,p1,…")
    String classBalance;

    @Option(names = "--positive-class", defaultValue = "1", description = "class index for F1 (default 1)")
    int positive;

    @Option(names = "--train-proba", description = "write train's probabilistic labels (JSONL: id, probs) "
        + "from the generative model, or the one --model names")
    Path trainProba;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      tieBreak = parseTieBreak(tieBreakName);
      WrenchDataset d = WrenchReader.read(dir);
      if (positive < 0 || positive >= d.k()) {
        throw new IllegalArgumentException("--positive-class " + positive + " outside [0, " + d.k() + ")");
      }
      ClassBalance balance = parseBalance(d);
      List<LabelModel> models = switch (model) {
        case "all" -> List.of(new MajorityVote(), new DawidSkene(),
            new GenerativeLabelModel(FitOptions.defaults(balance)));
        case "mv" -> List.of(new MajorityVote());
        case "ds" -> List.of(new MajorityVote(), new DawidSkene());
        case "generative" -> List.of(new MajorityVote(), new GenerativeLabelModel(FitOptions.defaults(balance)));
        default -> throw new IllegalArgumentException("--model must be mv, ds, generative or all, got '" + model + "'");
      };
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode root = mapper.createObjectNode();
      root.put("dataset", dir.toString());
      root.put("train_items", d.train().size());
      root.put("lfs", d.m());
      ArrayNode classes = root.putArray("classes");
      d.classNames().forEach(classes::add);
      root.put("positive_class", d.classNames().get(positive));
      root.put("tie_break", tieBreak.name());
      root.put("seed", seed);
      root.put("class_balance", classBalance);
      ObjectNode modelsNode = root.putObject("models");
      out.printf(Locale.ROOT, "%-11s %-6s %6s %9s %7s %9s %7s %8s%n", "model", "split", "items", "accuracy", "f1",
          "precision", "recall", "fit_ms");
      FittedLabelModel probaModel = null;
      for (LabelModel lm : models) {
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
          int[] gold = s.labels();
          for (int i = 0; i < gold.length; i++) {
            if (gold[i] < 0) {
              throw new LabelDataException(dir.resolve(s.name() + ".json"), -1, s.ids().get(i),
                  "has no gold label; valid and test need labels to be scored");
            }
          }
          Metrics mt = Metrics.of(gold, f.predict(s.weakLabels(), tieBreak, seed), positive);
          ObjectNode sn = mn.putObject(s.name());
          sn.put("items", mt.n());
          sn.put("accuracy", mt.accuracy());
          sn.put("f1", mt.f1());
          sn.put("precision", mt.precision());
          sn.put("recall", mt.recall());
          sn.put("abstained", mt.abstained());
          out.printf(Locale.ROOT, "%-11s %-6s %6d %9.4f %7.4f %9.4f %7.4f %8d%n", lm.name(), s.name(), mt.n(),
              mt.accuracy(), mt.f1(), mt.precision(), mt.recall(), ms);
        }
        if (f instanceof ClassConditionalModel c) {
          describe(c, mn, out);
        }
        if (lm.name().equals(pickProbaModel())) {
          probaModel = f;
        }
      }
      if (modelsNode.has("mv")) {
        root.set("baseline_mv", modelsNode.get("mv"));
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

    private static TieBreak parseTieBreak(String s) {
      for (TieBreak t : TieBreak.values()) {
        if (t.name().equalsIgnoreCase(s)) {
          return t;
        }
      }
      throw new IllegalArgumentException("--tie-break must be fit_majority, random or abstain, got '" + s + "'");
    }

    private String pickProbaModel() {
      return model.equals("all") ? "generative" : model;
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

    private void describe(ClassConditionalModel c, ObjectNode mn, PrintWriter out) {
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
      for (double b : c.estimatedClassBalance()) {
        bal.add(b);
      }
      ArrayNode deps = mn.putArray("lf_dependencies");
      for (LfDependency dep : c.dependencies()) {
        ObjectNode o = deps.addObject();
        o.put("lf_a", dep.lfA());
        o.put("lf_b", dep.lfB());
        o.put("kind", dep.kind().name());
        o.put("residual_correlation", dep.residualCorrelation());
        o.put("vote_a", dep.voteA());
        o.put("vote_b", dep.voteB());
        out.printf(Locale.ROOT, "  %s: LFs %d and %d %s (residual correlation %.3f)%n", c.name(), dep.lfA(),
            dep.lfB(), dep.kind().name().toLowerCase(Locale.ROOT), dep.residualCorrelation());
      }
    }
  }

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

    @Option(names = "--model", defaultValue = "generative", description = "generative or ds (default ${DEFAULT-VALUE})")
    String model;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      if (!model.equals("generative") && !model.equals("ds")) {
        throw new IllegalArgumentException("--model must be generative or ds, got '" + model + "'");
      }
      long t0 = System.nanoTime();
      SyntheticLabels s = SyntheticLabels.generate(n, m, k, seed);
      long t1 = System.nanoTime();
      ClassConditionalModel c = model.equals("ds") ? new DawidSkene().fit(s.labels())
          : new GenerativeLabelModel().fit(s.labels());
      long t2 = System.nanoTime();
      double[] est = c.lfAccuracies();
      SyntheticLabels.Recovery recovery = s.recovery(est);
      int worst = recovery.worstLf();
      Metrics mt = Metrics.of(s.trueLabels(), c.predict(s.labels(), TieBreak.FIT_MAJORITY, seed), Math.min(1, k - 1));
      out.printf(Locale.ROOT, "synthetic %d x %d, k=%d, seed %d: %d non-abstain votes%n", n, m, k, seed,
          s.labels().nonAbstainCount());
      out.printf(Locale.ROOT, "generate %.2f s, fit (%s) %.2f s, %d EM iterations, converged=%s%n",
          (t1 - t0) / 1e9, model, (t2 - t1) / 1e9, c.iterations(), c.converged());
      out.printf(Locale.ROOT, "max |recovered - true| LF accuracy = %.4f (LF %d: true %.4f, recovered %.4f)%n",
          recovery.maxError(), worst, worst >= 0 ? s.accuracy()[worst] : Double.NaN, worst >= 0 ? est[worst] : Double.NaN);
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
