package dev.prism.cli.monitor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.cli.support.CommandGroup;
import dev.prism.cli.support.ExitCodes;
import dev.prism.core.io.SignalJson;
import dev.prism.monitor.log.JsonlSignals;
import dev.prism.monitor.log.LoggedValue;
import dev.prism.monitor.log.ServedLogReader;
import dev.prism.monitor.log.ServedRow;
import dev.prism.monitor.prevalence.PrevalenceEstimate;
import dev.prism.monitor.prevalence.SampleDesign;
import dev.prism.monitor.prevalence.Scored;
import dev.prism.monitor.prevalence.StratifiedEstimator;
import dev.prism.monitor.prevalence.StratifiedSampler;
import dev.prism.monitor.prevalence.Stratum;
import dev.prism.store.db.MetadataDb;
import dev.prism.store.label.Label;
import dev.prism.store.label.LabelStore;
import dev.prism.store.label.LabelTask;
import dev.prism.store.label.SourceKind;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code prism prevalence sample|estimate}: how much of the traffic is, e.g., spam, with a confidence interval. */
@Command(name = "prevalence", mixinStandardHelpOptions = true,
    description = {"Estimates the prevalence of a class (how much of the traffic is spam) from a signal's scores and a "
        + "small human-labelled sample drawn by score stratum, with a 95 % confidence interval.",
        "`sample` stratifies the scored items at score quantiles, draws a seeded sample per stratum, creates the "
            + "labelling task in the label store and writes the design and a CSV for the annotators; import their "
            + "labels with `prism labels import`; `estimate` reads them back and computes the stratified estimate."},
    subcommands = {PrevalenceCommand.Sample.class, PrevalenceCommand.Estimate.class})
public final class PrevalenceCommand extends CommandGroup {

  @Command(name = "sample", mixinStandardHelpOptions = true,
      description = {"Draws a stratified sample of scored items to label and creates its labelling task.",
          "The population is every item with a value of --signal in --scores (a `prism score` JSONL output) or in "
              + "a window of the served-signal log (--log, --from, --to; an item served twice counts once, its last value).",
          "",
          "  prism prevalence sample --scores scored.jsonl --signal spam@1",
          "      --task spam-prevalence --labels ham,spam --positive spam -n 200",
          "      --design prevalence.json --batch to-label.csv"})
  static final class Sample implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scores", paramLabel = "FILE", description = "scored items: a `prism score` JSONL output")
    Path scores;

    @Option(names = "--log", paramLabel = "DIR", description = "scored items: the served-signal log")
    Path log;

    @Option(names = "--from", paramLabel = "TIME", defaultValue = "-1d",
        description = "with --log: window start (now, ISO-8601 or -N[smhd]; default: ${DEFAULT-VALUE})")
    String from;

    @Option(names = "--to", paramLabel = "TIME", defaultValue = "now", description = "with --log: window end (default: ${DEFAULT-VALUE})")
    String to;

    @Option(names = "--signal", required = true, paramLabel = "SIGNAL", description = "the probability or score signal, name@major")
    String signal;

    @Option(names = "--strata", defaultValue = "5", description = "score strata, cut at quantiles (default: ${DEFAULT-VALUE})")
    int strata;

    @Option(names = {"-n", "--n"}, defaultValue = "200", description = "items to label in all (default: ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--allocation", defaultValue = "equal",
        description = "equal (the same number per stratum: oversamples the rare high-score strata) or proportional "
            + "(default: ${DEFAULT-VALUE})")
    String allocation;

    @Option(names = "--seed", defaultValue = "42", description = "sampling seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--task", required = true, paramLabel = "NAME", description = "labelling task in the label store (created if missing)")
    String task;

    @Option(names = "--labels", required = true, split = ",", paramLabel = "VALUE", description = "the task's label set, e.g. ham,spam")
    List<String> labels;

    @Option(names = "--positive", required = true, paramLabel = "VALUE", description = "the label whose prevalence is estimated")
    String positive;

    @Option(names = "--db", paramLabel = "URL", defaultValue = MetadataDb.DEFAULT_URL,
        description = "metadata database holding the label store (default: ${DEFAULT-VALUE})")
    String db;

    @Option(names = "--design", required = true, paramLabel = "FILE", description = "where to write the sample design (JSON)")
    Path design;

    @Option(names = "--batch", required = true, paramLabel = "FILE",
        description = "where to write the items to label (CSV: item_id, stratum, score, and empty label, annotator columns "
            + "for `prism labels import --format csv`)")
    Path batch;

    @Override
    public Integer call() throws Exception {
      PrintWriter o = spec.commandLine().getOut();
      if ((scores == null) == (log == null)) {
        throw new IllegalArgumentException("give exactly one of --scores FILE or --log DIR");
      }
      if (scores != null) { // the design and the batch are written after the scores are read: over them, they would replace them
        dev.prism.runtime.batch.ScoreJob.refuseOutputThatIsInput(scores, design);
        dev.prism.runtime.batch.ScoreJob.refuseOutputThatIsInput(scores, batch);
      }
      dev.prism.runtime.batch.ScoreJob.refuseOutputThatIsInput(design, batch);
      if (!labels.contains(positive)) {
        throw new IllegalArgumentException("--positive '" + positive + "' is not in --labels " + labels);
      }
      String want = signal.strip();
      List<ServedRow> rows;
      if (scores != null) {
        if (!Files.isRegularFile(scores)) {
          throw new IllegalArgumentException("no such file: " + scores);
        }
        JsonlSignals.Read r = JsonlSignals.read(scores, s -> s.equals(want));
        r.problems().forEach(spec.commandLine().getErr()::println);
        rows = r.rows();
      } else {
        Instant now = Instant.now();
        rows = ServedLogReader.read(log, s -> s.equals(want), TimeArg.parse("--from", from, now), TimeArg.parse("--to", to, now));
      }
      Map<String, Double> last = new LinkedHashMap<>();
      int repeats = 0;
      for (ServedRow r : rows) {
        if (r.value() instanceof LoggedValue.Scalar s && Double.isFinite(s.value())) {
          if (last.put(r.itemId(), s.value()) != null) {
            repeats++;
          }
        }
      }
      if (last.isEmpty()) {
        throw new IllegalArgumentException("no item has a probability or score value of " + want
            + (scores != null ? " in " + scores : " in the log window") + " (name@major, e.g. spam@1)");
      }
      List<Scored> population = new ArrayList<>();
      last.forEach((id, v) -> population.add(new Scored(id, v)));
      SampleDesign d = StratifiedSampler.draw(want, task, positive, population, strata, n, allocation, seed, Instant.now());
      try (MetadataDb metadata = MetadataDb.open(db)) {
        new LabelStore(metadata).ensureTask(task, labels.stream().map(String::strip).toList(),
            "prevalence sample of " + want + " (positive: " + positive + "), design " + design.toAbsolutePath());
      }
      d.write(design);
      Map<String, Double> score = last;
      try (BufferedWriter w = Files.newBufferedWriter(batch, StandardCharsets.UTF_8)) {
        w.write("item_id,stratum,score,label,annotator\n");
        for (Stratum s : d.strata()) {
          for (String id : s.sampled()) {
            w.write(csv(id) + "," + s.index() + "," + score.get(id) + ",,\n");
          }
        }
      }
      o.println(population.size() + " scored items of " + want + (repeats > 0 ? " (" + repeats + " repeated values: last kept)" : "")
          + "; " + d.strata().size() + " strata:");
      for (Stratum s : d.strata()) {
        o.printf(Locale.ROOT, "  stratum %d  scores (%s, %s]  %d items, %d sampled%n", s.index(), bound(s.lower()), bound(s.upper()),
            s.population(), s.sampled().size());
      }
      o.println("task '" + task + "' ready in " + db + "; wrote " + design + " and " + d.sampleSize() + " items to label to " + batch);
      o.println("next: fill the label and annotator columns, `prism labels import --task " + task + " --format csv " + batch
          + "`, then `prism prevalence estimate --design " + design + "`");
      o.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "estimate", mixinStandardHelpOptions = true,
      description = {"Estimates the prevalence from the human labels of a sample drawn by `prism prevalence sample`.",
          "Estimator: Σ W_h p̂_h over strata (inverse-probability weights N_h/m_h), variance with the finite-population "
              + "correction; 95 % interval: Wilson on the Kish effective sample size (the normal interval is shown too). "
              + "An item labelled by several people counts by plurality; a tie leaves it unlabelled.",
          "",
          "  prism prevalence estimate --design prevalence.json --out estimate.json"})
  static final class Estimate implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--design", required = true, paramLabel = "FILE", description = "the design `prism prevalence sample` wrote")
    Path design;

    @Option(names = "--db", paramLabel = "URL", defaultValue = MetadataDb.DEFAULT_URL,
        description = "metadata database holding the label store (default: ${DEFAULT-VALUE})")
    String db;

    @Option(names = "--out", paramLabel = "FILE", description = "write the estimate as JSON")
    Path out;

    @Override
    public Integer call() throws Exception {
      PrintWriter o = spec.commandLine().getOut();
      if (!Files.isRegularFile(design)) {
        throw new IllegalArgumentException("no such file: " + design);
      }
      if (out != null) {
        dev.prism.runtime.batch.ScoreJob.refuseOutputThatIsInput(design, out);
      }
      SampleDesign d = SampleDesign.read(design);
      Map<String, Boolean> labels = new HashMap<>();
      int ties = 0;
      try (MetadataDb metadata = MetadataDb.open(db)) {
        LabelStore store = new LabelStore(metadata);
        LabelTask task = store.task(d.task());
        task.requireIndex(d.positive());
        Map<String, Map<String, Integer>> votes = new HashMap<>();
        for (Label l : store.labelsByKind(d.task(), SourceKind.HUMAN)) {
          votes.computeIfAbsent(l.itemId(), k -> new HashMap<>()).merge(l.value(), 1, Integer::sum);
        }
        for (Stratum s : d.strata()) {
          for (String id : s.sampled()) {
            Map<String, Integer> v = votes.get(id);
            if (v == null) {
              continue;
            }
            int max = v.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            List<String> top = v.entrySet().stream().filter(e -> e.getValue() == max).map(Map.Entry::getKey).toList();
            if (top.size() > 1) {
              ties++;
              continue;
            }
            labels.put(id, top.get(0).equals(d.positive()));
          }
        }
      }
      PrevalenceEstimate e = StratifiedEstimator.estimate(d, labels);
      o.printf(Locale.ROOT, "prevalence of %s by %s: %.4f  95%% CI [%.4f, %.4f] (Wilson, effective n %.1f); SE %.4f; normal CI [%.4f, %.4f]%n",
          d.positive(), d.signal(), e.prevalence(), e.lower(), e.upper(), e.effectiveN(), e.standardError(), e.normalLower(),
          e.normalUpper());
      o.printf(Locale.ROOT, "%d labelled items, %d sampled without a usable label%s%n", e.labelled(), e.unlabelled(),
          ties > 0 ? " (" + ties + " tied votes)" : "");
      for (PrevalenceEstimate.StratumEstimate s : e.strata()) {
        o.printf(Locale.ROOT, "  stratum %d  N=%d  weight %.4f  labelled %d  positive %d  share %.4f%n", s.index(), s.population(),
            s.weight(), s.labelled(), s.positives(), s.share());
      }
      if (out != null) {
        ObjectNode j = SignalJson.MAPPER.createObjectNode();
        j.put("signal", d.signal()).put("task", d.task()).put("positive", d.positive()).put("population", d.population());
        j.put("prevalence", e.prevalence()).put("standard_error", e.standardError()).put("ci_lower", e.lower())
            .put("ci_upper", e.upper()).put("interval", "wilson_effective_n").put("effective_n", e.effectiveN())
            .put("normal_ci_lower", e.normalLower()).put("normal_ci_upper", e.normalUpper()).put("labelled", e.labelled())
            .put("unlabelled", e.unlabelled()).put("tied", ties);
        ArrayNode a = j.putArray("strata");
        for (PrevalenceEstimate.StratumEstimate s : e.strata()) {
          a.addObject().put("index", s.index()).put("population", s.population()).put("weight", s.weight())
              .put("labelled", s.labelled()).put("positives", s.positives()).put("share", s.share());
        }
        Files.writeString(out, SignalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(j) + "\n", StandardCharsets.UTF_8);
        o.println("wrote " + out);
      }
      o.flush();
      return ExitCodes.OK;
    }
  }

  static String bound(double v) {
    return Double.isInfinite(v) ? (v < 0 ? "-inf" : "+inf") : String.format(Locale.ROOT, "%.4g", v);
  }

  static String csv(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
