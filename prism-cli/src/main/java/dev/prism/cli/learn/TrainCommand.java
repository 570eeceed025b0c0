package dev.prism.cli.learn;

import dev.prism.core.signal.SignalSpec;
import dev.prism.learn.SnapshotTraining;
import dev.prism.learn.TrainingOptions;
import dev.prism.learn.artifact.ArtifactFormat;
import dev.prism.learn.artifact.HeadArtifact;
import dev.prism.learn.artifact.OutputSignal;
import dev.prism.learn.calibrate.CalibrationMethod;
import dev.prism.learn.data.LabelMode;
import dev.prism.learn.data.Snapshot;
import dev.prism.learn.data.SnapshotItem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code prism train}: training snapshot in, head artifact out. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Trains a head (logistic regression or MLP) on a training snapshot's frozen signals, "
        + "calibrates it on the valid split, measures it on valid and test, and writes a head artifact with provenance.")
public final class TrainCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--snapshot", required = true, description = "training snapshot (JSONL; see prism-learn/README.md)")
  Path snapshot;

  @Option(names = "--out", required = true, description = "artifact file to write (JSON)")
  Path out;

  @Option(names = "--signal", required = true, description = "output signal name@major, e.g. spam@1")
  String signal;

  @Option(names = "--name", description = "producing node name (default: <signal name>_head)")
  String name;

  @Option(names = "--version", description = "model version (default: a hash of the training data and configuration)")
  String version;

  @Option(names = "--owner", required = true, description = "owning team of the output signal")
  String owner;

  @Option(names = "--description", required = true, description = "what the output signal means")
  String description;

  @Option(names = "--calibration-statement", description = "what consumers may assume about the numbers (default: derived from --calibration)")
  String calibrationStatement;

  @Option(names = "--freshness", defaultValue = "computed on request", description = "freshness statement of the contract")
  String freshness;

  @Option(names = "--coverage", defaultValue = "every item whose input signals are available", description = "coverage statement of the contract")
  String coverage;

  @Option(names = "--label-source", required = true, description = "where the labels came from (recorded in provenance)")
  String labelSource;

  @Option(names = "--labels", defaultValue = "auto", description = "hard, soft, soft_argmax or auto (soft_label where present, else label) (default: ${DEFAULT-VALUE})")
  String labels;

  @Option(names = "--calibration", defaultValue = "platt", description = "none, platt or isotonic, fitted on the valid split (default: ${DEFAULT-VALUE})")
  String calibration;

  @Option(names = "--inputs", description = "input signals in feature order, e.g. text_embedding@1,text_stats@1 (default: all, in the first train item's order)")
  String inputs;

  @Mixin
  HeadOptions head;

  @Option(names = "--register", description = "also register the artifact in the model registry (see prism models)")
  boolean register;

  @Option(names = "--registry-db", paramLabel = "URL", defaultValue = dev.prism.store.db.MetadataDb.DEFAULT_URL,
      description = "with --register: the metadata database (default: ${DEFAULT-VALUE})")
  String registryDb;

  @Option(names = "--registry-artifacts", paramLabel = "DIR", defaultValue = dev.prism.registry.FileArtifactStore.DEFAULT_ROOT,
      description = "with --register: the artifact store (default: ${DEFAULT-VALUE})")
  Path registryArtifacts;

  @Option(names = "--webhook", paramLabel = "URL",
      description = "with --register: POST the registration to URL, signed with $PRISM_WEBHOOK_SECRET (repeatable)")
  List<java.net.URI> webhooks = new java.util.ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    SignalSpec outSpec = SignalSpec.parse(signal);
    CalibrationMethod method = CalibrationMethod.parse(calibration);
    TrainingOptions options = head.options(method);
    String statement = calibrationStatement != null ? calibrationStatement : method.defaultStatement();
    OutputSignal output = new OutputSignal(outSpec, owner, description, statement, freshness, coverage);
    o.println("reading " + snapshot);
    o.flush();
    List<SnapshotItem> items = Snapshot.read(snapshot);
    String nodeName = name != null ? name : outSpec.name() + "_head";
    o.println("training " + options.head().describe().get("head") + " head '" + nodeName + "' on " + items.size() + " snapshot items");
    o.flush();
    HeadArtifact a = SnapshotTraining.train(items, new SnapshotTraining.Request(
        nodeName, version, HeadOptions.specs(inputs), options, LabelMode.parse(labels), output, labelSource));
    String sha = ArtifactFormat.write(a, out);
    o.println("wrote " + out + " (sha256 " + sha + ")");
    o.println("  version " + a.version() + ", " + a.provenance().trainItems() + " train / " + a.provenance().validItems()
        + " valid items, training data sha256 " + a.provenance().trainingDataSha256());
    for (Map.Entry<String, Map<String, Double>> e : a.provenance().metrics().entrySet()) {
      Map<String, Double> m = e.getValue();
      o.printf(java.util.Locale.ROOT, "  %-5s n=%.0f accuracy=%.4f f1=%.4f roc_auc=%.4f pr_auc=%.4f ece=%.4f%n", e.getKey(),
          m.getOrDefault("n", Double.NaN), m.getOrDefault("accuracy", Double.NaN), m.getOrDefault("f1", Double.NaN),
          m.getOrDefault("roc_auc", Double.NaN), m.getOrDefault("pr_auc", Double.NaN), m.getOrDefault("ece", Double.NaN));
    }
    if (register) {
      try (dev.prism.cli.registry.RegistryOptions.Opened r =
          dev.prism.cli.registry.RegistryOptions.of(registryDb, registryArtifacts, webhooks).open()) {
        dev.prism.registry.ModelRegistry.Registration reg =
            r.registry().register(out, null, dev.prism.cli.registry.RegistryOptions.actor(), "prism train");
        if (reg.created()) {
          r.audit("models.register", reg.version().ref());
        }
        o.println((reg.created() ? "registered " : "already registered as ") + reg.version().ref());
      }
    }
    o.flush();
    return 0;
  }
}
