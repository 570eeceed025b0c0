package dev.prism.learn.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.signal.PlatformInfo;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.ValueType;
import dev.prism.learn.calibrate.Calibration;
import dev.prism.learn.calibrate.CalibrationMethod;
import dev.prism.learn.calibrate.Calibrator;
import dev.prism.learn.features.FeatureLayout;
import dev.prism.learn.features.InputSlot;
import dev.prism.learn.features.Standardizer;
import dev.prism.learn.model.LogisticHead;
import dev.prism.learn.model.MlpHead;
import dev.prism.learn.predict.HeadModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class ArtifactFormatTest {
  public static final SignalSpec EMB = new SignalSpec("toy_embedding", 1);
  public static final SignalSpec STATS = new SignalSpec("toy_stats", 1);

  static FeatureLayout layout() {
    return new FeatureLayout(List.of(new InputSlot.EmbeddingSlot(EMB, 2), new InputSlot.FeaturesSlot(STATS, List.of("len", "urls"))));
  }

  public static HeadArtifact logistic(Calibration cal) {
    HeadModel m = new HeadModel(layout(), new Standardizer(new double[] {0, 0, 10, 0.5}, new double[] {1, 1, 5, 0.5}),
        new LogisticHead(new double[][] {{0, 0, 0, 0}, {1.0, -0.5, 0.25, 2.0}}, new double[] {0, -0.1}), cal, List.of("ham", "spam"));
    return new HeadArtifact("spam_head", "v1", m,
        new OutputSignal(new SignalSpec("spam", 1), "integrity", "probability that a comment is spam", "Platt-scaled", "on request", "all"),
        new TrainingProvenance("a".repeat(64), "human gold", Map.of("head", "logistic"), "test", "2026-01-01T00:00:00Z", 10, 5,
            Map.of("iterations", "7"), Map.of("test", Map.of("accuracy", 0.9, "roc_auc", Double.NaN))));
  }

  @Test
  void roundTripsLogisticWithPlattAndKeepsPredictions(@TempDir Path dir) throws Exception {
    HeadArtifact a = logistic(new Calibration(CalibrationMethod.PLATT, List.of(new Calibrator.Platt(1.3, -0.2))));
    Path f = dir.resolve("spam.json");
    String sha = ArtifactFormat.write(a, f);
    ArtifactFormat.Loaded l = ArtifactFormat.read(f);
    assertThat(l.sha256()).isEqualTo(sha).isEqualTo(ArtifactFormat.sha256(Files.readAllBytes(f)));
    assertThat(l.artifact().model().head()).isEqualTo(a.model().head());
    assertThat(l.artifact().model().standardizer()).isEqualTo(a.model().standardizer());
    assertThat(l.artifact().model().calibration()).isEqualTo(a.model().calibration());
    assertThat(l.artifact().model().layout()).isEqualTo(a.model().layout());
    assertThat(l.artifact().provenance().metrics().get("test").get("roc_auc")).isNaN();
    double[] x = {0.3, -0.1, 12, 1};
    assertThat(l.artifact().model().probabilities(x)).containsExactly(a.model().probabilities(x));
    assertThat(l.artifact().contract().type()).isEqualTo(new ValueType.ProbabilityType());
    assertThat(l.artifact().contract().producer()).isEqualTo("spam_head");
    // same content → same bytes → same identity
    assertThat(ArtifactFormat.write(a, dir.resolve("again.json"))).isEqualTo(sha);
  }

  @Test
  void roundTripsMlpWithIsotonic(@TempDir Path dir) throws Exception {
    HeadModel m = new HeadModel(layout(), Standardizer.identity(4),
        new MlpHead(new double[][] {{1, 0, 0, 0}, {0, 1, 0, 1}, {0.5, 0.5, -1, 0}}, new double[] {0, 0.1, 0},
            new double[][] {{0.2, -0.3, 0.1}, {-0.2, 0.4, 0.3}}, new double[] {0, 0}),
        new Calibration(CalibrationMethod.ISOTONIC, List.of(new Calibrator.Isotonic(new double[] {0.1, 0.5, 0.9}, new double[] {0, 0.4, 1}))),
        List.of("ham", "spam"));
    HeadArtifact a = new HeadArtifact("spam_head", "v2", m, logistic(Calibration.none()).output(), logistic(Calibration.none()).provenance());
    Path f = dir.resolve("mlp.json");
    ArtifactFormat.write(a, f);
    HeadArtifact b = ArtifactFormat.read(f).artifact();
    assertThat(b.model().head()).isEqualTo(m.head());
    assertThat(b.model().calibration()).isEqualTo(m.calibration());
  }

  private static Path mutate(Path dir, java.util.function.Consumer<ObjectNode> edit) throws Exception {
    Path f = dir.resolve("a.json");
    ArtifactFormat.write(logistic(Calibration.none()), f);
    ObjectMapper om = new ObjectMapper();
    ObjectNode root = (ObjectNode) om.readTree(f.toFile());
    edit.accept(root);
    Path g = dir.resolve("bad.json");
    om.writeValue(g.toFile(), root);
    return g;
  }

  @Test
  void rejectsAnotherFormatVersionByName(@TempDir Path dir) throws Exception {
    Path g = mutate(dir, r -> r.put("format_version", 2));
    assertThatThrownBy(() -> ArtifactFormat.read(g))
        .hasMessageContaining(g.toString()).hasMessageContaining("unsupported format_version 2 (this Prism reads 1)");
  }

  @Test
  void rejectsWeightsThatDoNotMatchTheInputs(@TempDir Path dir) throws Exception {
    Path g = mutate(dir, r -> ((ArrayNode) r.path("head").path("weights").get(1)).remove(3));
    assertThatThrownBy(() -> ArtifactFormat.read(g)).hasMessageContaining("head.weights[1] has 3 columns but the inputs are 4 wide");
  }

  @Test
  void rejectsClassCountMismatch(@TempDir Path dir) throws Exception {
    Path g = mutate(dir, r -> ((ArrayNode) r.path("output").path("classes")).add("other"));
    assertThatThrownBy(() -> ArtifactFormat.read(g)).hasMessageContaining("head.weights has 2 rows but output.classes has 3");
  }

  @Test
  void rejectsStandardizerOfWrongWidth(@TempDir Path dir) throws Exception {
    Path g = mutate(dir, r -> ((ArrayNode) r.path("standardizer").path("mean")).add(0.0));
    assertThatThrownBy(() -> ArtifactFormat.read(g)).hasMessageContaining("standardizer has 5 means and 4 scales but the inputs are 4 wide");
  }

  @Test
  void rejectsMissingCalibratorsAndUnknownFields(@TempDir Path dir) throws Exception {
    Path g = mutate(dir, r -> r.putObject("calibration").put("method", "platt").putArray("calibrators"));
    assertThatThrownBy(() -> ArtifactFormat.read(g)).hasMessageContaining("calibration 'platt' for 2 classes needs 1 calibrators, got 0");
    Path h = mutate(dir, r -> r.put("weights", 1));
    assertThatThrownBy(() -> ArtifactFormat.read(h)).hasMessageContaining("unknown field 'weights'");
    Path k = mutate(dir, r -> r.put("format", "onnx"));
    assertThatThrownBy(() -> ArtifactFormat.read(k)).hasMessageContaining("expected \"prism.head\"");
  }

  @Test
  void recordsThePlatformItWasTrainedOnAndReadsItBack(@TempDir Path dir) throws Exception {
    PlatformInfo elsewhere = new PlatformInfo("Other JVM 21.0.2", "Mac OS X 14.5", "aarch64", 10);
    HeadArtifact a = logistic(Calibration.none());
    TrainingProvenance p = a.provenance();
    HeadArtifact b = new HeadArtifact(a.name(), a.version(), a.model(), a.output(), new TrainingProvenance(p.trainingDataSha256(),
        p.labelSource(), p.config(), p.codeVersion(), p.trainedAt(), p.trainItems(), p.validItems(), p.training(), p.metrics(),
        Optional.of(elsewhere)));
    Path f = dir.resolve("with-platform.json");
    ArtifactFormat.write(b, f);
    JsonNode written = new ObjectMapper().readTree(f.toFile()).path("provenance").path("platform");
    assertThat(written.path("arch").asText()).isEqualTo("aarch64");
    assertThat(written.path("cpus").asInt()).isEqualTo(10);
    assertThat(ArtifactFormat.read(f).artifact().provenance().platform()).contains(elsewhere);
    // withMetrics keeps it
    assertThat(b.provenance().withMetrics(Map.of()).platform()).contains(elsewhere);
  }

  @Test
  void anArtifactWrittenBeforePlatformWasRecordedStillLoads() throws Exception {
    // the spam head bundled until 2026-11-26 (commit fd32c05), kept as a test resource
    Path bundled = Path.of("src", "test", "resources", "artifacts", "spam-youtube.v1-before-platform.json");
    assertThat(new ObjectMapper().readTree(bundled.toFile()).path("provenance").has("platform"))
        .as("this test is about an artifact without provenance.platform").isFalse();
    ArtifactFormat.Loaded l = ArtifactFormat.read(bundled);
    assertThat(l.artifact().provenance().platform()).isEmpty();
    assertThat(l.artifact().output().spec()).isEqualTo(new SignalSpec("spam", 1));
  }

  @Test
  void theBundledHeadRecordsItsPlatformAndCommit() throws Exception {
    ArtifactFormat.Loaded l = ArtifactFormat.read(Path.of("..", "models", "spam-youtube.v1.json"));
    assertThat(l.artifact().provenance().platform()).isPresent();
    assertThat(l.artifact().provenance().codeVersion()).matches("0\\.1\\.0-SNAPSHOT\\+[0-9a-f]{7}");
  }

  @Test
  void rejectsAMalformedPlatformByName(@TempDir Path dir) throws Exception {
    Path g = mutate(dir, r -> ((ObjectNode) r.path("provenance")).putObject("platform").put("jvm", "x").put("os", "y").put("arch", "z"));
    assertThatThrownBy(() -> ArtifactFormat.read(g)).hasMessageContaining("provenance.platform.cpus must be an integer, got null");
  }

  @Test
  void provenanceMapsAreWrittenInSortedKeyOrderWhateverTheJvmRun(@TempDir Path dir) throws Exception {
    // Map.copyOf's iteration order is salted per JVM run; an artifact's bytes (its identity) must not be
    HeadArtifact a = logistic(Calibration.none());
    TrainingProvenance p = a.provenance();
    Map<String, String> config = Map.of("seed", "42", "head", "mlp", "l2", "0.3", "hidden", "64", "calibration", "platt", "batch_size", "64");
    HeadArtifact b = new HeadArtifact(a.name(), a.version(), a.model(), a.output(), new TrainingProvenance(p.trainingDataSha256(),
        p.labelSource(), config, p.codeVersion(), p.trainedAt(), p.trainItems(), p.validItems(),
        Map.of("iterations", "48", "best_epoch", "38", "converged", "true", "stop_reason", "patience"),
        Map.of("valid", Map.of("f1", 0.9, "accuracy", 0.93, "roc_auc", 0.96, "brier", 0.06)), Optional.empty()));
    Path f = dir.resolve("sorted.json");
    ArtifactFormat.write(b, f);
    JsonNode prov = new ObjectMapper().readTree(f.toFile()).path("provenance");
    assertThat(prov.path("config").properties()).extracting(Map.Entry::getKey)
        .containsExactly("batch_size", "calibration", "head", "hidden", "l2", "seed");
    assertThat(prov.path("training").properties()).extracting(Map.Entry::getKey)
        .containsExactly("best_epoch", "converged", "iterations", "stop_reason");
    assertThat(prov.path("metrics").path("valid").properties()).extracting(Map.Entry::getKey)
        .containsExactly("accuracy", "brier", "f1", "roc_auc");
  }
}
