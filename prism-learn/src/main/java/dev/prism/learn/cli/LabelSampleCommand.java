package dev.prism.learn.cli;

import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.learn.predict.HeadModel;
import dev.prism.learn.artifact.ArtifactFormat;
import dev.prism.learn.data.Snapshot;
import dev.prism.learn.data.SnapshotData;
import dev.prism.learn.data.SnapshotItem;
import dev.prism.learn.data.Split;
import dev.prism.learn.features.FeatureAssembler;
import dev.prism.learn.features.InputSlot;
import dev.prism.learn.model.MathUtil;
import dev.prism.learn.quality.ActiveSampler;
import dev.prism.learn.quality.TableWriter;
import dev.prism.learn.quality.Uncertainty;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code prism labels sample}: the next items to label, uncertain and diverse. */
@Command(name = "sample", mixinStandardHelpOptions = true,
    description = {"Chooses the next N items to label: the head's most uncertain candidates (margin, entropy or least",
        "confident), spread out by k-center greedy in embedding space. Writes a labelling batch (CSV or JSONL by extension)."})
public final class LabelSampleCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--artifact", required = true, description = "head artifact that scores the candidates")
  Path artifact;

  @Option(names = "--snapshot", required = true, description = "snapshot holding the candidates")
  Path snapshot;

  @Option(names = "--candidates", defaultValue = "unlabelled",
      description = "unlabelled (items with neither label nor soft_label, any split), or a split name (default: ${DEFAULT-VALUE})")
  String candidates;

  @Option(names = {"-n", "--n"}, defaultValue = "50", description = "batch size (default: ${DEFAULT-VALUE})")
  int n;

  @Option(names = "--uncertainty", defaultValue = "margin", description = "margin, entropy or least_confident (default: ${DEFAULT-VALUE})")
  String uncertainty;

  @Option(names = "--pool-factor", defaultValue = "" + ActiveSampler.DEFAULT_POOL_FACTOR,
      description = "diversify within the N × this most uncertain candidates (default: ${DEFAULT-VALUE})")
  int poolFactor;

  @Option(names = "--diversity-signal", description = "embedding signal for diversity (default: the head's first embedding input, else its standardized features)")
  String diversitySignal;

  @Option(names = "--out", required = true, description = "labelling batch file (.csv or .jsonl)")
  Path out;

  @Override
  public Integer call() {
    return CliSupport.run(spec, this::run);
  }

  private int run() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    HeadModel model = ArtifactFormat.read(artifact).artifact().model();
    List<SnapshotItem> all = Snapshot.read(snapshot);
    List<SnapshotItem> pool = "unlabelled".equals(candidates) || "unlabeled".equals(candidates)
        ? all.stream().filter(i -> !i.hasLabel()).toList()
        : SnapshotData.split(all, Split.parse(candidates));
    if (pool.isEmpty()) {
      throw new IllegalArgumentException(snapshot + ": no candidates (" + candidates + ")");
    }
    SignalSpec div = diversitySignal != null ? SignalSpec.parse(diversitySignal)
        : model.layout().slots().stream().filter(s -> s instanceof InputSlot.EmbeddingSlot).map(InputSlot::spec).findFirst().orElse(null);
    FeatureAssembler asm = model.assembler();
    List<String> ids = new ArrayList<>();
    double[][] probs = new double[pool.size()][];
    double[][] vectors = new double[pool.size()][];
    for (int i = 0; i < pool.size(); i++) {
      SnapshotItem item = pool.get(i);
      ids.add(item.id());
      double[] x = SnapshotData.features(item, asm);
      probs[i] = model.probabilities(x);
      vectors[i] = div == null ? model.standardizer().apply(x) : embedding(item, div);
    }
    o.println("scoring " + pool.size() + " candidates; diversity in " + (div == null ? "standardized head features" : div.toString()));
    List<ActiveSampler.Selection> chosen = new ActiveSampler(Uncertainty.parse(uncertainty), poolFactor).select(ids, probs, vectors, n);
    List<Map<String, Object>> rows = new ArrayList<>();
    List<String> classes = model.classes();
    for (ActiveSampler.Selection s : chosen) {
      double[] p = probs[s.index()];
      int pred = MathUtil.argmax(p);
      rows.add(TableWriter.row("order", s.order(), "id", s.id(), "text", pool.get(s.index()).text(),
          "score", classes.size() == 2 ? p[1] : p[pred], "predicted_label", classes.get(pred),
          "uncertainty", s.uncertainty(), "reason", s.reason()));
    }
    TableWriter.write(out, List.of("order", "id", "text", "score", "predicted_label", "uncertainty", "reason"), rows);
    o.println("wrote " + rows.size() + " items to label to " + out);
    o.flush();
    return 0;
  }

  private static double[] embedding(SnapshotItem item, SignalSpec spec) {
    SignalValue v = item.features().get(spec);
    if (!(v instanceof SignalValue.Embedding e)) {
      throw new IllegalArgumentException("item '" + item.id() + "': diversity signal " + spec + " is "
          + (v == null ? "missing" : "not an embedding"));
    }
    double[] out = new double[e.vector().length];
    for (int j = 0; j < out.length; j++) {
      out[j] = e.vector()[j];
    }
    return out;
  }
}
