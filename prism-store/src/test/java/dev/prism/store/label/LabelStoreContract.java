package dev.prism.store.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.store.DatabaseTestBase;
import dev.prism.store.db.MetadataDb;
import dev.prism.store.db.StoreException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Label store behaviour that must hold on every backend. */
abstract class LabelStoreContract extends DatabaseTestBase {
  private static final Instant T0 = Instant.parse("2026-03-04T05:06:07.123Z");
  private MetadataDb db;
  private LabelStore store;

  @BeforeEach
  void open() {
    db = MetadataDb.open(newDatabaseUrl());
    store = new LabelStore(db, Clock.fixed(T0, ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    if (db != null) { // null when the backend was skipped (no PostgreSQL configured)
      db.close();
    }
  }

  private static Label label(String item, String value, LabelSource source, Double confidence, Instant at) {
    return new Label("spam", item, value, source, confidence, at);
  }

  @Test
  void tasksRoundTripWithOrderedLabelSets() {
    LabelTask created = store.createTask("spam", List.of("ham", "spam"), "is the comment spam?");
    store.createTask("lang", List.of("en", "de", "fr"), null);
    assertThat(created.createdAt()).isEqualTo(T0);
    assertThat(store.task("spam")).isEqualTo(created);
    assertThat(store.tasks()).extracting(LabelTask::name).containsExactly("lang", "spam");
    assertThat(store.task("lang").labelSet()).containsExactly("en", "de", "fr");
    assertThat(store.task("lang").description()).isEmpty();
    assertThat(store.task("lang").indexOf("fr")).isEqualTo(2);
  }

  @Test
  void taskErrorsArePrecise() {
    store.createTask("spam", List.of("ham", "spam"), "");
    assertThatThrownBy(() -> store.createTask("spam", List.of("ham", "spam"), ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("labeling task 'spam' already exists");
    assertThatThrownBy(() -> store.createTask("x", List.of("a", "a"), ""))
        .hasMessageContaining("lists label value 'a' twice");
    assertThatThrownBy(() -> store.createTask("x", List.of("a"), ""))
        .hasMessageContaining("needs at least 2 label values");
    assertThatThrownBy(() -> store.ensureTask("spam", List.of("spam", "ham"), ""))
        .hasMessageContaining("exists with label set [ham, spam], not [spam, ham]");
    assertThatThrownBy(() -> store.task("nope"))
        .hasMessageContaining("no labeling task 'nope'").hasMessageContaining("known tasks: [spam]");
    assertThat(store.ensureTask("spam", List.of("ham", "spam"), "")).isEqualTo(store.task("spam"));
  }

  @Test
  void labelsRoundTripAndAreQueryableByTaskItemAndSource() {
    store.createTask("spam", List.of("ham", "spam"), "");
    LabelSource alice = LabelSource.human("alice");
    LabelSource bob = LabelSource.human("bob");
    LabelSource lf = LabelSource.labelingFunction("lf_keyword");
    LabelSource model = LabelSource.model("spam-lr@3");
    Instant t = Instant.parse("2025-12-31T23:59:59.999Z");
    List<Label> written = List.of(
        label("c1", "spam", alice, null, t),
        label("c1", "ham", bob, null, t),
        label("c1", "spam", lf, 0.75, t),
        label("c2", "ham", alice, null, t.plusSeconds(1)),
        label("c2", "spam", model, 0.125, t));
    assertThat(store.addLabels(written)).isEqualTo(5);

    assertThat(store.labels("spam")).hasSize(5).containsExactlyInAnyOrderElementsOf(written);
    assertThat(store.labelsForItem("spam", "c1")).extracting(l -> l.source().name())
        .containsExactly("alice", "bob", "lf_keyword");
    assertThat(store.labelsBySource("spam", alice)).extracting(Label::itemId).containsExactly("c1", "c2");
    assertThat(store.labelsBySource("spam", model)).singleElement()
        .satisfies(l -> assertThat(l.confidence()).isEqualTo(0.125));
    assertThat(store.labelsByKind("spam", SourceKind.HUMAN)).hasSize(3);
    assertThat(store.sources("spam")).containsExactly(alice, bob, lf, model);
    assertThat(store.countLabels("spam")).isEqualTo(5);

    TaskStats stats = store.taskStats().get(0);
    assertThat(stats.labels()).isEqualTo(5);
    assertThat(stats.items()).isEqualTo(2);
    assertThat(stats.humanAnnotators()).isEqualTo(2);
    assertThat(stats.labelingFunctions()).isEqualTo(1);
    assertThat(stats.models()).isEqualTo(1);
  }

  @Test
  void aSourceLabellingAnItemAgainReplacesItsLabel() {
    store.createTask("spam", List.of("ham", "spam"), "");
    store.addLabel(label("c1", "spam", LabelSource.human("alice"), null, T0));
    Label again = label("c1", "ham", LabelSource.human("alice"), 0.5, T0.plusSeconds(60));
    store.addLabel(again);
    assertThat(store.labels("spam")).containsExactly(again);
  }

  @Test
  void withinOneBatchTheLaterLabelOfASourceWins() {
    store.createTask("spam", List.of("ham", "spam"), "");
    Label first = label("c1", "spam", LabelSource.human("alice"), null, T0);
    Label second = label("c1", "ham", LabelSource.human("alice"), null, T0.plusSeconds(1));
    Label other = label("c1", "spam", LabelSource.human("bob"), null, T0);
    store.addLabels(List.of(first, other, second));
    assertThat(store.labels("spam")).containsExactly(second, other);
  }

  @Test
  void valuesOutsideTheLabelSetAreRejectedAndNothingOfTheBatchIsWritten() {
    store.createTask("spam", List.of("ham", "spam"), "");
    List<Label> batch = List.of(
        label("c1", "spam", LabelSource.human("alice"), null, T0),
        label("c2", "maybe", LabelSource.human("alice"), null, T0));
    assertThatThrownBy(() -> store.addLabels(batch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown label value 'maybe' for task 'spam' (label set [ham, spam]) for item 'c2' from HUMAN:alice");
    assertThat(store.countLabels("spam")).isZero();
    assertThatThrownBy(() -> store.addLabel(new Label("nope", "c1", "x", LabelSource.human("a"), null, T0)))
        .hasMessageContaining("no labeling task 'nope'");
  }

  @Test
  void theDatabaseItselfEnforcesTheLabelSetThroughAForeignKey() {
    store.createTask("spam", List.of("ham", "spam"), "");
    // bypass the store: only the schema's foreign key (on in SQLite only when enabled) can stop this
    assertThatThrownBy(() -> db.withConnection(c -> {
      try (Statement st = c.createStatement()) {
        return st.executeUpdate("INSERT INTO label (task_name, item_id, source_kind, source_name, value, created_at)"
            + " VALUES ('spam', 'c1', 'HUMAN', 'alice', 'maybe', 0)");
      }
    })).isInstanceOf(StoreException.class);
    assertThat(store.countLabels("spam")).isZero();
  }

  @Test
  void labelValidationIsPrecise() {
    assertThatThrownBy(() -> new Label("spam", "c1", "spam", LabelSource.human("a"), 1.5, T0))
        .hasMessageContaining("confidence must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> LabelSource.human(" ")).hasMessageContaining("source name must not be blank");
    assertThat(SourceKind.parse("lf")).isEqualTo(SourceKind.LABELING_FUNCTION);
    assertThatThrownBy(() -> SourceKind.parse("robot")).hasMessageContaining("unknown source kind 'robot'");
  }
}
