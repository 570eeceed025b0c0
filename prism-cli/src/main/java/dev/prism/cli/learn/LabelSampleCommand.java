package dev.prism.cli.learn;

import dev.prism.core.signal.SignalSpec;
import dev.prism.learn.artifact.ArtifactFormat;
import dev.prism.learn.data.Snapshot;
import dev.prism.learn.data.SnapshotItem;
import dev.prism.learn.predict.HeadModel;
import dev.prism.learn.quality.ActiveSampler;
import dev.prism.learn.quality.LabelingBatch;
import dev.prism.learn.quality.TableWriter;
import dev.prism.learn.quality.Uncertainty;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code prism labels sample}: the next items to label, uncertain and diverse. */
@Command(name = "sample", mixinStandardHelpOptions = true,
    description = {"Chooses the next N items to label: the head's most uncertain candidates (margin, entropy or least "
        + "confident), spread out by k-center greedy in embedding space. Writes a labelling batch (CSV or JSONL by extension)."})
public final class LabelSampleCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--artifact", required = true, description = "head artifact that scores the candidates")
  Path artifact;

  @Option(names = "--snapshot", required = true, description = "snapshot holding the candidates")
  Path snapshot;

  @Option(names = "--candidates", defaultValue = LabelingBatch.UNLABELLED,
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
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    HeadModel model = ArtifactFormat.read(artifact).artifact().model();
    List<SnapshotItem> pool = LabelingBatch.candidates(Snapshot.read(snapshot), candidates);
    if (pool.isEmpty()) {
      throw new IllegalArgumentException(snapshot + ": no candidates (" + candidates + ")");
    }
    Optional<SignalSpec> div = diversitySignal != null ? Optional.of(SignalSpec.parse(diversitySignal))
        : LabelingBatch.defaultDiversitySignal(model);
    o.println("scoring " + pool.size() + " candidates; diversity in "
        + div.map(SignalSpec::toString).orElse("standardized head features"));
    List<Map<String, Object>> rows = LabelingBatch.select(model, pool, div,
        new ActiveSampler(Uncertainty.parse(uncertainty), poolFactor), n);
    TableWriter.write(out, LabelingBatch.COLUMNS, rows);
    o.println("wrote " + rows.size() + " items to label to " + out);
    o.flush();
    return 0;
  }
}
