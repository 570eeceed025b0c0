package dev.prism.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.config.Config;
import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.signal.SignalSpec;
import dev.prism.registry.FileArtifactStore;
import dev.prism.registry.ModelRegistry;
import dev.prism.registry.RegistryEvent;
import dev.prism.store.db.MetadataDb;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller and its routing node on a real registry (SQLite, file artifact store) and real
 * heads derived from the bundled spam head, driven tick by tick on synthetic inputs.
 */
class RolloutControllerTest {
  static final SignalSpec SPAM = SignalSpec.parse("spam@1");

  @TempDir Path dir;
  MetadataDb db;
  ModelRegistry registry;
  Rollouts rollouts;
  final List<RegistryEvent> delivered = new CopyOnWriteArrayList<>();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  RolloutController controller;

  /** The metadata database the test runs on (PostgreSQL in {@code PostgresRolloutControllerTest}). */
  String databaseUrl() {
    return "jdbc:sqlite:" + dir.resolve("prism.db");
  }

  @BeforeEach
  void setUp() {
    db = MetadataDb.open(databaseUrl());
    registry = new ModelRegistry(db, new FileArtifactStore(dir.resolve("artifacts")), Clock.systemUTC(), delivered::add);
    rollouts = new Rollouts(db, registry, Clock.systemUTC());
    int v1 = registry.register(Heads.V1, null, "cli:test", "bundled").version().version();
    registry.setAlias("spam", Rollouts.PRODUCTION, v1, "cli:test", "first production");
  }

  @AfterEach
  void tearDown() {
    if (controller != null) {
      controller.close();
    }
    if (db != null) { // null when the PostgreSQL subclass's assumption skipped the test before setUp opened it
      db.close();
    }
  }

  RolloutController controller(Map<String, String> extra) {
    Map<String, String> cfg = new HashMap<>(Map.of("rollout.signals", "spam", "rollout.shadow.fraction", "1.0",
        "rollout.guardrail.window_items", "200", "rollout.guardrail.min_items", "100",
        "rollout.guardrail.max_latency_p99_ms", "1000", "rollout.plan.min_step_ms", "0",
        "rollout.plan.min_step_items", "100"));
    cfg.putAll(extra);
    controller = new RolloutController(rollouts, Config.load(RolloutConfig.KEYS, null, Map.of(), cfg), meters,
        Clock.systemUTC());
    return controller;
  }

  RoutedSignalNode router() {
    return controller.router("spam").orElseThrow();
  }

  /** The registry version that answered each item. */
  static List<String> versions(Column c) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < c.size(); i++) {
      out.add(c.provenance(i).config().get("registry.version"));
    }
    return out;
  }

  Column run(Batch b) {
    return router().compute(b).get(SPAM);
  }

  int register(Path p) {
    return registry.register(p, null, "cli:test", "test").version().version();
  }

  @Test
  void servesProductionThroughItsAliasAndSwapsWithoutARestart() throws IOException {
    controller(Map.of());
    assertThat(controller.declarations()).singleElement().satisfies(d -> {
      assertThat(d.name()).isEqualTo("spam_router");
      assertThat(d.produces()).containsExactly(SPAM);
      assertThat(d.consumes()).containsExactlyInAnyOrder(Heads.EMBEDDING, Heads.STATS);
    });
    Batch b = Heads.batch("i", 50, 1);
    Column before = run(b);
    assertThat(versions(before)).containsOnly("spam@v1");
    int v2 = register(Heads.perturbed(dir, "v2.json", 7, 0.05));
    registry.setAlias("spam", Rollouts.PRODUCTION, v2, "cli:test", "promote by hand");
    Routing inFlight = router().routing(); // what a batch that started now holds
    controller.tick();
    assertThat(router().routing().production().ref()).isEqualTo("spam@v2");
    assertThat(inFlight.production().ref()).as("a batch that started before the swap keeps its version")
        .isEqualTo("spam@v1");
    Column after = run(b);
    assertThat(versions(after)).containsOnly("spam@v2");
    boolean differs = false;
    for (int i = 0; i < 50; i++) {
      differs |= !before.get(i).equals(after.get(i));
    }
    assertThat(differs).as("v2 is a different model").isTrue();
  }

  @Test
  void corruptOrIncompatibleVersionsAreRefusedAndTheOldOneKeepsServing() throws IOException {
    controller(Map.of());
    int major2 = register(Heads.otherMajor(dir, "major2.json"));
    registry.setAlias("spam", Rollouts.PRODUCTION, major2, "cli:test", "wrong contract");
    controller.tick();
    assertThat(router().routing().production().ref()).isEqualTo("spam@v1");
    controller.tick(); // refused once, not again on every poll
    assertThat(events(Rollouts.REFUSED)).singleElement().asString().contains("spam@v2").contains("produces spam@2");

    int corrupt = register(Heads.perturbed(dir, "v3.json", 3, 0.05));
    Path blob = registry.artifacts() instanceof FileArtifactStore fs
        ? Path.of(fs.location(registry.version("spam", corrupt).orElseThrow().artifactSha256())) : null;
    blob.toFile().setWritable(true);
    byte[] bytes = Files.readAllBytes(blob);
    bytes[bytes.length / 2] ^= 1; // one flipped bit
    Files.write(blob, bytes);
    registry.setAlias("spam", Rollouts.PRODUCTION, corrupt, "cli:test", "corrupt on disk");
    controller.tick();
    assertThat(router().routing().production().ref()).isEqualTo("spam@v1");
    assertThat(versions(run(Heads.batch("i", 10, 2)))).containsOnly("spam@v1");
    assertThat(events(Rollouts.REFUSED)).hasSize(2).last().asString().contains("spam@v3");
    assertThat(meters.get("prism.rollout.refused").tag("alias", "production").counter().count()).isEqualTo(2.0);
  }

  @Test
  void aPlanShadowsThenCanariesThenPromotes() throws IOException {
    controller(Map.of());
    int v2 = register(Heads.perturbed(dir, "v2.json", 7, 0.02));
    Rollout r = rollouts.start("spam", "v" + v2, RolloutPlan.parse("shadow,10,100", 0, 100), "cli:test", "try v2");
    controller.tick();
    assertThat(router().routing().candidate().ref()).isEqualTo("spam@v2");
    Batch shadowBatch = Heads.batch("s", 150, 3);
    assertThat(versions(run(shadowBatch))).as("shadow answers nothing").containsOnly("spam@v1");
    assertThat(meters.get("prism.rollout.items").tag("role", "shadow").counter().count()).isEqualTo(150.0);

    controller.tick(); // 150 compared items >= 100, judged, within limits: step to 10 %
    assertThat(rollouts.require(r.id()).stepName()).isEqualTo("10%");
    Batch canaryBatch = Heads.batch("c", 1000, 4);
    List<String> answered = versions(run(canaryBatch));
    int canary = 0;
    for (int i = 0; i < 1000; i++) {
      boolean expected = Assignment.canary(r.id(), "c" + i, 10);
      assertThat(answered.get(i)).as("item c%d", i).isEqualTo(expected ? "spam@v2" : "spam@v1");
      canary += expected ? 1 : 0;
    }
    assertThat(canary).isBetween(60, 140); // 10 % of 1000, sd 9.5

    controller.tick();
    assertThat(rollouts.require(r.id()).stepName()).isEqualTo("100%");
    assertThat(versions(run(Heads.batch("d", 150, 5)))).containsOnly("spam@v2");
    controller.tick();
    assertThat(rollouts.require(r.id()).state()).isEqualTo(Rollout.State.COMPLETED);
    assertThat(registry.resolve(dev.prism.registry.ModelRef.parse("spam@production")).version()).isEqualTo(v2);
    assertThat(registry.history("spam", Rollouts.PRODUCTION)).last().satisfies(m -> {
      assertThat(m.actor()).isEqualTo(RolloutController.ACTOR);
      assertThat(m.reason()).contains(r.id()).contains("completed");
    });
    assertThat(router().routing().candidate()).isNull();
    assertThat(router().routing().production().ref()).isEqualTo("spam@v2");
    assertThat(types()).containsSubsequence(Rollouts.STARTED, Rollouts.STEP, Rollouts.STEP, RegistryEvent.ALIAS_MOVED,
        Rollouts.COMPLETED);
  }

  @Test
  void aFlippedCandidateIsHaltedByAGuardrailAndTrafficReturnsAtOnce() throws IOException {
    controller(Map.of());
    int v3 = register(Heads.flipped(dir, "v3.json"));
    Rollout r = rollouts.start("spam", "v" + v3, RolloutPlan.parse("50,100", 0, 100), "cli:test", "broken on purpose");
    controller.tick();
    assertThat(router().routing().canaryPercent()).isEqualTo(50.0);
    Column first = run(Heads.batch("a", 150, 6)); // 150 compared items: judged within this batch
    int failed = 0;
    for (int i = 0; i < first.size(); i++) {
      failed += first.ok(i) ? 0 : 1;
    }
    assertThat(failed).as("no item fails").isZero();
    assertThat(router().routing().candidate()).as("halted inside the batch that breached").isNull();
    assertThat(versions(run(Heads.batch("b", 100, 7)))).containsOnly("spam@v1");
    controller.tick();
    Rollout halted = rollouts.require(r.id());
    assertThat(halted.state()).isEqualTo(Rollout.State.HALTED);
    assertThat(halted.outcome()).startsWith("guardrail ");
    String event = events(Rollouts.HALTED).get(0);
    assertThat(event).contains("\"rollout\":\"" + r.id() + "\"").contains("\"traffic_back_to\":\"spam@v1\"");
    assertThat(controller.haltRecords()).singleElement().satisfies(h -> {
      assertThat(h.halt().breach().guardrail()).isIn(Guardrails.AGREEMENT, Guardrails.PSI);
      assertThat(h.switchMs()).isLessThan(100);
    });
    assertThat(registry.resolve(dev.prism.registry.ModelRef.parse("spam@production")).version()).isEqualTo(1);
    controller.tick(); // a halted rollout stays out of traffic
    assertThat(router().routing().candidate()).isNull();
  }

  @Test
  void pauseHoldsTheStepResumeRestartsItAbortEndsIt() throws IOException {
    controller(Map.of());
    int v2 = register(Heads.perturbed(dir, "v2.json", 7, 0.02));
    Rollout r = rollouts.start("spam", "v" + v2, RolloutPlan.parse("shadow,100", 0, 100), "cli:test", "try v2");
    assertThatThrownBy(() -> rollouts.start("spam", "v" + v2, RolloutPlan.parse("100", 0, 0), "cli:test", "again"))
        .hasMessageContaining("rollout " + r.id() + " of spam is running");
    rollouts.pause(r.id(), "cli:test", "weekend");
    controller.tick();
    run(Heads.batch("p", 150, 8));
    controller.tick();
    assertThat(rollouts.require(r.id()).stepName()).as("paused: no step advances").isEqualTo("shadow");
    assertThatThrownBy(() -> rollouts.pause(r.id(), "cli:test", "twice")).hasMessageContaining("is paused, not running");
    rollouts.resume(r.id(), "cli:test", "monday");
    rollouts.abort(r.id(), "cli:test", "changed our mind");
    controller.tick();
    assertThat(router().routing().candidate()).isNull();
    assertThat(rollouts.require(r.id()).state()).isEqualTo(Rollout.State.ABORTED);
    assertThat(types()).containsSubsequence(Rollouts.STARTED, Rollouts.PAUSED, Rollouts.RESUMED, Rollouts.ABORTED);
    assertThat(registry.resolve(dev.prism.registry.ModelRef.parse("spam@production")).version()).isEqualTo(1);
  }

  @Test
  void aShadowAliasIsComparedButNeverAnswers() throws IOException {
    controller(Map.of());
    int v2 = register(Heads.flipped(dir, "v2.json"));
    registry.setAlias("spam", Rollouts.SHADOW, v2, "cli:test", "look at it");
    controller.tick();
    assertThat(versions(run(Heads.batch("x", 150, 9)))).containsOnly("spam@v1");
    assertThat(router().lastReport().agreement()).as("flipped: mostly disagrees").isLessThan(0.5);
    assertThat(router().routing().candidate().ref()).as("a shadow is never halted").isEqualTo("spam@v2");
  }

  private List<String> events(String type) {
    return registry.events(0, 1000).stream().filter(e -> e.type().equals(type)).map(RegistryEvent::payloadJson).toList();
  }

  private List<String> types() {
    return registry.events(0, 1000).stream().map(RegistryEvent::type).toList();
  }
}
