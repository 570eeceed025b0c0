package dev.prism.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.store.db.MetadataDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry against a real database; subclasses pick SQLite or PostgreSQL. */
abstract class ModelRegistryContract {
  @TempDir Path tmp;
  MetadataDb db;
  ModelRegistry registry;
  final List<RegistryEvent> delivered = new ArrayList<>();
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  abstract String newDatabaseUrl();

  @BeforeEach
  void open() {
    db = MetadataDb.open(newDatabaseUrl());
    registry = new ModelRegistry(db, new FileArtifactStore(tmp.resolve("artifacts")), Clock.fixed(NOW, ZoneOffset.UTC),
        delivered::add);
  }

  @AfterEach
  void close() {
    if (db != null) { // null when the test was skipped before opening
      db.close();
    }
  }

  @Test
  void registersTheBundledHeadWithItsLineageAndStoresTheArtifact() throws Exception {
    JsonNode head = Fixtures.JSON.readTree(Fixtures.BUNDLED_HEAD.toFile());
    ModelRegistry.Registration r = registry.register(Fixtures.BUNDLED_HEAD, null, "cli:alice", "first spam head");
    assertThat(r.created()).isTrue();
    ModelVersion v = r.version();
    assertThat(v.ref()).isEqualTo("spam@v1");
    assertThat(v.spec()).isEqualTo("spam@1");
    assertThat(v.artifactSha256()).isEqualTo(Fixtures.BUNDLED_SHA);
    assertThat(v.artifactBytes()).isEqualTo(Files.size(Fixtures.BUNDLED_HEAD));
    JsonNode p = head.get("provenance");
    assertThat(v.trainingDataSha256()).isEqualTo(p.get("training_data_sha256").asText());
    assertThat(v.labelSource()).isEqualTo(p.get("label_source").asText());
    assertThat(v.codeVersion()).isEqualTo("0.1.0-SNAPSHOT+fce2941");
    assertThat(v.config()).containsEntry("l2", "0.3").containsEntry("head", "mlp").hasSize(p.get("config").size());
    assertThat(v.metrics().get("test")).containsEntry("accuracy", 0.948);
    assertThat(v.reportSha256()).isEmpty();
    assertThat(v.registeredBy()).isEqualTo("cli:alice");
    assertThat(v.registeredAt()).isEqualTo(NOW);
    assertThat(registry.artifactBytes(v)).isEqualTo(Files.readAllBytes(Fixtures.BUNDLED_HEAD));
    // the row read back equals what register returned
    assertThat(registry.version("spam", 1)).contains(v);
    assertThat(delivered).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(RegistryEvent.MODEL_REGISTERED);
      JsonNode body = Fixtures.JSON.readTree(e.payloadJson());
      assertThat(body.get("id").asText()).isEqualTo(e.id());
      assertThat(body.at("/data/artifact_sha256").asText()).isEqualTo(Fixtures.BUNDLED_SHA);
      assertThat(body.at("/data/ref").asText()).isEqualTo("spam@v1");
    });
    assertThat(registry.events(0, 100)).containsExactlyElementsOf(delivered);
  }

  @Test
  void registeringTheSameArtifactAgainIsANoOp() throws Exception {
    ModelVersion first = registry.register(Fixtures.BUNDLED_HEAD, null, "cli:alice", "").version();
    Path copy = Files.copy(Fixtures.BUNDLED_HEAD, tmp.resolve("copy.json"));
    ModelRegistry.Registration again = registry.register(copy, null, "cli:bob", "again");
    assertThat(again.created()).isFalse();
    assertThat(again.version()).isEqualTo(first);
    assertThat(registry.list("spam")).hasSize(1);
    assertThat(registry.events(0, 100)).hasSize(1);
    assertThat(delivered).hasSize(1);
  }

  @Test
  void anEvalReportAddsItsMetricsAndIsStoredByHash() throws Exception {
    Path report = Fixtures.report(tmp);
    ModelVersion v = registry.register(Fixtures.BUNDLED_HEAD, report, "cli:alice", "").version();
    JsonNode metrics = Fixtures.JSON.readTree(report.toFile()).get("metrics");
    assertThat(v.metrics().get("eval:test").get("roc_auc")).isCloseTo(metrics.at("/roc_auc/value").asDouble(), within(0.0));
    assertThat(v.metrics().get("eval:test")).containsEntry("accuracy", 0.948);
    byte[] reportBytes = Files.readAllBytes(report);
    assertThat(v.reportSha256()).contains(Sha256.of(reportBytes));
    assertThat(registry.artifacts().read(v.reportSha256().get())).hasValueSatisfying(b -> assertThat(b).isEqualTo(reportBytes));
    // the same artifact with the same report: idempotent; with another report: refused, nothing changes
    assertThat(registry.register(Fixtures.BUNDLED_HEAD, report, "cli:alice", "").created()).isFalse();
    Path other = tmp.resolve("other-report.json");
    Files.writeString(other, Files.readString(report).replace("\"title\"", "\"title2\":\"x\",\"title\""));
    assertThatThrownBy(() -> registry.register(Fixtures.BUNDLED_HEAD, other, "cli:alice", ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered as spam@v1 with report");
  }

  @Test
  void aReportOfAnotherArtifactIsRefused() throws Exception {
    Path report = Fixtures.report(tmp);
    Path v2 = Fixtures.editedHead(tmp, "v2.json", root -> root.put("version", "other"));
    assertThatThrownBy(() -> registry.register(v2, report, "cli:alice", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("evaluated artifact " + Fixtures.BUNDLED_SHA + ", not the one being registered");
    assertThat(registry.list(null)).isEmpty();
  }

  @Test
  void corruptAndNonHeadFilesAreRefusedWithTheReason() throws Exception {
    byte[] bytes = Files.readAllBytes(Fixtures.BUNDLED_HEAD);
    Path torn = tmp.resolve("torn.json");
    Files.write(torn, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> registry.register(torn, null, "cli:alice", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot register " + torn + ": not a valid Prism head artifact")
        .hasMessageContaining("not valid JSON");
    Path report = Fixtures.report(tmp);
    assertThatThrownBy(() -> registry.register(report, null, "cli:alice", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'format' is null, expected \"prism.head\"");
    Path badShape = Fixtures.editedHead(tmp, "bad.json", root -> ((ObjectNode) root.get("head")).put("type", "forest"));
    assertThatThrownBy(() -> registry.register(badShape, null, "cli:alice", ""))
        .hasMessageContaining("head.type must be 'logistic' or 'mlp', got 'forest'");
    assertThatThrownBy(() -> registry.register(tmp.resolve("missing.json"), null, "cli:alice", ""))
        .hasMessageContaining("is not a file");
    assertThat(registry.list(null)).isEmpty();
    assertThat(registry.events(0, 10)).isEmpty();
  }

  @Test
  void versionsAreNumberedPerSignalAndDiffed() throws Exception {
    registry.register(Fixtures.BUNDLED_HEAD, null, "cli:alice", "");
    Path edited = Fixtures.editedHead(tmp, "v2.json", root -> {
      root.put("version", "retrained");
      ((ObjectNode) root.at("/provenance/config")).put("l2", "0.1");
      ((ObjectNode) root.at("/provenance/metrics/test")).put("accuracy", 0.96);
    });
    ModelVersion b = registry.register(edited, null, "cli:bob", "lower l2").version();
    assertThat(b.version()).isEqualTo(2);
    ModelVersion a = registry.version("spam", 1).orElseThrow();
    VersionDiff d = ModelRegistry.diff(a, b);
    assertThat(d.fields()).extracting(VersionDiff.Change::name).containsExactly("artifact_sha256", "head_version");
    assertThat(d.config()).containsExactly(new VersionDiff.Change("l2", Optional.of("0.3"), Optional.of("0.1")));
    VersionDiff.MetricDelta acc = d.metrics().stream()
        .filter(m -> m.split().equals("test") && m.metric().equals("accuracy")).findFirst().orElseThrow();
    assertThat(acc.delta().orElseThrow()).isCloseTo(0.96 - 0.948, within(1e-12));
    assertThat(registry.list("spam")).extracting(ModelVersion::version).containsExactly(1, 2);
    assertThat(registry.list("toxicity")).isEmpty();
  }

  @Test
  void aliasesMoveWithHistoryAndRollBackLikeAStack() throws Exception {
    registry.register(Fixtures.BUNDLED_HEAD, null, "cli:alice", "");
    for (int i = 2; i <= 3; i++) {
      String version = "v" + i;
      registry.register(Fixtures.editedHead(tmp, version + ".json", root -> root.put("version", version)), null, "cli:alice", "");
    }
    assertThat(registry.setAlias("spam", "production", 1, "cli:alice", "first release")).isPresent();
    assertThat(registry.setAlias("spam", "production", 1, "cli:alice", "again")).as("already there: nothing recorded").isEmpty();
    registry.setAlias("spam", "production", 2, "cli:bob", "v2 passed canary");
    registry.setAlias("spam", "production", 3, "cli:bob", "v3 passed canary");
    registry.setAlias("spam", "canary", 3, "cli:bob", "try v3");
    assertThat(registry.resolve(ModelRef.parse("spam@production")).version()).isEqualTo(3);

    AliasMove back = registry.rollback("spam", "production", "cli:carol", "v3 flips outputs");
    assertThat(back.fromVersion()).contains(3);
    assertThat(back.toVersion()).isEqualTo(2);
    assertThat(back.kind()).isEqualTo(AliasMove.ROLLBACK);
    assertThat(registry.rollback("spam", "production", "cli:carol", "v2 too").toVersion()).as("two back, not back and forth")
        .isEqualTo(1);
    assertThatThrownBy(() -> registry.rollback("spam", "production", "cli:carol", "again"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spam@production has no earlier target");
    assertThat(registry.aliases("spam")).extracting(AliasTarget::alias, AliasTarget::version)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("canary", 3), org.assertj.core.groups.Tuple.tuple("production", 1));

    List<AliasMove> history = registry.history("spam", "production");
    assertThat(history).extracting(AliasMove::fromVersion, AliasMove::toVersion, AliasMove::kind, AliasMove::actor).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Optional.empty(), 1, "move", "cli:alice"),
        org.assertj.core.groups.Tuple.tuple(Optional.of(1), 2, "move", "cli:bob"),
        org.assertj.core.groups.Tuple.tuple(Optional.of(2), 3, "move", "cli:bob"),
        org.assertj.core.groups.Tuple.tuple(Optional.of(3), 2, "rollback", "cli:carol"),
        org.assertj.core.groups.Tuple.tuple(Optional.of(2), 1, "rollback", "cli:carol"));
    assertThat(history.get(3).reason()).isEqualTo("v3 flips outputs");
    assertThat(registry.history("spam", null)).hasSize(6);
    // 3 registrations + 4 moves + 2 rollbacks, in order, each also handed to the listener
    assertThat(registry.events(0, 100)).extracting(RegistryEvent::type).containsExactly(
        "model.registered", "model.registered", "model.registered",
        "alias.moved", "alias.moved", "alias.moved", "alias.moved", "alias.moved", "alias.moved");
    assertThat(delivered).hasSize(9);
    assertThat(registry.events(7, 100)).extracting(RegistryEvent::seq).containsExactly(8L, 9L);
  }

  @Test
  void badAliasRequestsAreRefusedAndChangeNothing() {
    registry.register(Fixtures.BUNDLED_HEAD, null, "cli:alice", "");
    assertThatThrownBy(() -> registry.setAlias("spam", "production", 7, "cli:alice", "typo"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no version spam@v7");
    assertThatThrownBy(() -> registry.setAlias("spam", "Production!", 1, "cli:alice", "x"))
        .hasMessageContaining("alias must match");
    assertThatThrownBy(() -> registry.setAlias("spam", "production", 1, "cli:alice", " "))
        .hasMessageContaining("reason (why the alias moves) must not be blank");
    assertThatThrownBy(() -> registry.rollback("spam", "shadow", "cli:alice", "x")).hasMessageContaining("no alias 'shadow'");
    assertThatThrownBy(() -> registry.resolve(ModelRef.parse("spam@canary"))).hasMessageContaining("no alias 'canary'");
    assertThat(registry.history("spam", null)).isEmpty();
    assertThat(registry.events(0, 10)).hasSize(1);
  }

  @Test
  void aReopenedDatabaseKeepsEverything() {
    registry.register(Fixtures.BUNDLED_HEAD, null, "cli:alice", "");
    registry.setAlias("spam", "shadow", 1, "cli:alice", "watch it");
    String url = db.url();
    db.close();
    db = MetadataDb.open(url);
    ModelRegistry reopened = new ModelRegistry(db, new FileArtifactStore(tmp.resolve("artifacts")), Clock.systemUTC(), e -> {});
    assertThat(reopened.resolve(ModelRef.parse("spam@shadow")).artifactSha256()).isEqualTo(Fixtures.BUNDLED_SHA);
    assertThat(db.history()).extracting(m -> m.version()).contains(3);
  }

  /** Events of components built on the registry (rollouts) go through the same table and listener. */
  @Test
  void publishRecordsAnotherComponentsEventAndDeliversIt() throws Exception {
    RegistryEvent e = registry.publish("rollout.halted", "spam", "prism-serve",
        java.util.Map.of("guardrail", "psi", "value", 2.5));
    assertThat(delivered).containsExactly(e);
    assertThat(registry.events(0, 10)).containsExactly(e);
    com.fasterxml.jackson.databind.JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(e.payloadJson());
    assertThat(body.path("type").asText()).isEqualTo("rollout.halted");
    assertThat(body.path("signal").asText()).isEqualTo("spam");
    assertThat(body.path("data").path("guardrail").asText()).isEqualTo("psi");
    assertThat(body.path("data").path("value").asDouble()).isEqualTo(2.5);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> registry.publish("Halted", "spam", "x", java.util.Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dotted lower-case");
  }
}
