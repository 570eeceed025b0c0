package dev.prism.learn;

import dev.prism.core.signal.CodeVersion;
import dev.prism.core.signal.PlatformInfo;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SourceDateEpoch;
import dev.prism.learn.artifact.HeadArtifact;
import dev.prism.learn.artifact.OutputSignal;
import dev.prism.learn.artifact.TrainingProvenance;
import dev.prism.learn.data.LabelMode;
import dev.prism.learn.data.SnapshotData;
import dev.prism.learn.data.SnapshotItem;
import dev.prism.learn.data.Split;
import dev.prism.learn.features.FeatureAssembler;
import dev.prism.learn.features.FeatureLayout;
import dev.prism.learn.model.TrainingData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshot in, artifact out: assembles features for the train and valid splits, trains and
 * calibrates the head, measures it on valid and test, and records provenance.
 */
public final class SnapshotTraining {
  private static final Logger log = LoggerFactory.getLogger(SnapshotTraining.class);

  /**
   * @param inputs input signals in feature order; null = every signal of the first training item,
   *     in its order
   * @param version model version; null = the first 12 hex digits of SHA-256(training data hash,
   *     configuration), so retraining the same data with the same settings gives the same version
   */
  public record Request(
      String name, String version, List<SignalSpec> inputs, TrainingOptions options, LabelMode labelMode,
      OutputSignal output, String labelSource) {}

  private SnapshotTraining() {}

  public static HeadArtifact train(List<SnapshotItem> items, Request r) {
    List<SnapshotItem> trainItems = SnapshotData.split(items, Split.TRAIN);
    List<SnapshotItem> validItems = SnapshotData.split(items, Split.VALID);
    List<SnapshotItem> testItems = SnapshotData.split(items, Split.TEST);
    if (trainItems.isEmpty()) {
      throw new IllegalArgumentException("the snapshot has no items with split 'train'");
    }
    FeatureLayout layout = FeatureLayout.infer(trainItems.get(0).features(), r.inputs());
    FeatureAssembler asm = new FeatureAssembler(layout);
    List<String> classes = r.options().classes();
    TrainingData train = SnapshotData.toTrainingData(trainItems, asm, classes, r.labelMode());
    if (train.size() == 0) {
      throw new IllegalArgumentException("no training item has a " + (r.labelMode() == LabelMode.SOFT ? "soft_label" : "label")
          + " (label mode '" + r.labelMode().key() + "')");
    }
    // calibration and early stopping use the best labels valid has: hard (gold) where present
    TrainingData valid = SnapshotData.toTrainingData(validItems, asm, classes, LabelMode.HARD);
    if (valid.size() == 0) {
      valid = SnapshotData.toTrainingData(validItems, asm, classes, LabelMode.SOFT);
    }
    if (valid.size() == 0 && r.options().calibration() != dev.prism.learn.calibrate.CalibrationMethod.NONE) {
      throw new IllegalArgumentException("calibration '" + r.options().calibration().key() + "' is fitted on the labelled items with split 'valid',"
          + " and the snapshot has none (use calibration 'none' to train without)");
    }
    log.info("training {} head on {} items ({} inputs, width {}), {} validation items",
        r.options().head().describe().get("head"), train.size(), layout.specs(), layout.width(), valid.size());
    HeadTrainer.Result result = new HeadTrainer(r.options()).train(layout, train, valid);
    String dataHash = SnapshotData.sha256(train);
    Map<String, String> config = new LinkedHashMap<>(r.options().describe());
    config.put("label_mode", r.labelMode().key());
    config.put("inputs", String.join(",", layout.specs().stream().map(Object::toString).toList()));
    String version = r.version() != null ? r.version() : derivedVersion(dataHash, config);
    Map<String, String> training = new LinkedHashMap<>();
    training.put("iterations", Integer.toString(result.log().iterations()));
    training.put("best_epoch", Integer.toString(result.log().bestEpoch()));
    training.put("train_loss", Double.toString(result.log().trainLoss()));
    training.put("valid_loss", Double.toString(result.log().validLoss()));
    training.put("converged", Boolean.toString(result.log().converged()));
    training.put("stop_reason", result.log().stopReason());
    Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
    if (classes.size() == 2) {
      if (!validItems.isEmpty()) {
        metrics.put("valid", Scoring.summary(Scoring.predictions(result.model(), r.name(), validItems, 1)));
      }
      if (!testItems.isEmpty()) {
        metrics.put("test", Scoring.summary(Scoring.predictions(result.model(), r.name(), testItems, 1)));
      }
    }
    TrainingProvenance prov = new TrainingProvenance(dataHash, r.labelSource(), config, CodeVersion.get(),
        SourceDateEpoch.timestamp(), train.size(), valid.size(), training, metrics,
        Optional.of(PlatformInfo.current()));
    return new HeadArtifact(r.name(), version, result.model(), r.output(), prov);
  }

  static String derivedVersion(String dataHash, Map<String, String> config) {
    String h = dev.prism.learn.artifact.ArtifactFormat.sha256((dataHash + "\n" + new java.util.TreeMap<>(config)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return h.substring(0, 12);
  }
}
