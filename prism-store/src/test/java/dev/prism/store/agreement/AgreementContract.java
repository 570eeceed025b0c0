package dev.prism.store.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.prism.label.agreement.GoldPolicy;
import dev.prism.store.DatabaseTestBase;
import dev.prism.store.db.MetadataDb;
import dev.prism.store.label.Label;
import dev.prism.store.label.LabelSource;
import dev.prism.store.label.LabelStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Agreement through the store on a small example calculated by hand.
 *
 * <pre>
 * item  A  B  C        (y = yes, n = no, - = not labelled)
 *  i1   y  y  y
 *  i2   y  y  n
 *  i3   n  n  n
 *  i4   n  y  n
 *  i5   y  y  y
 *  i6   n  n  -
 * </pre>
 *
 * Cohen A–B (6 items): p_o = 5/6, p_A(y) = 1/2, p_B(y) = 2/3, p_e = 1/2 → κ = 2/3.
 * Cohen A–C (5 items): p_o = 4/5, p_A(y) = 3/5, p_C(y) = 2/5, p_e = 0.48 → κ = 0.32/0.52 = 8/13.
 * Cohen B–C (5 items): p_o = 3/5, p_B(y) = 4/5, p_C(y) = 2/5, p_e = 0.44 → κ = 0.16/0.56 = 2/7.
 * Fleiss over i1–i5 (3 raters, the modal count): P_i = 1, 1/3, 1, 1/3, 1 → P̄ = 11/15;
 * p(y) = 9/15 → P_e = 0.52 → κ = (11/15 − 0.52)/0.48 = 4/9.
 * Krippendorff (nominal, all 6 items): coincidences o_yy = 7, o_nn = 6, o_yn = o_ny = 2; n_y = 9,
 * n_n = 8, n = 17 → α = 1 − 16·4 / (2·9·8) = 5/9.
 * Gold MAJORITY: y y n n y n (all resolved). UNANIMOUS: i2 and i4 unresolved, i6 (n, n) resolved.
 */
abstract class AgreementContract extends DatabaseTestBase {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private MetadataDb db;
  private LabelStore store;

  @BeforeEach
  void fill() {
    db = MetadataDb.open(newDatabaseUrl());
    store = new LabelStore(db);
    store.createTask("relevant", List.of("y", "n"), "");
    String[][] table = {
        {"i1", "y", "y", "y"}, {"i2", "y", "y", "n"}, {"i3", "n", "n", "n"},
        {"i4", "n", "y", "n"}, {"i5", "y", "y", "y"}, {"i6", "n", "n", "-"}};
    String[] raters = {"A", "B", "C"};
    List<Label> labels = new ArrayList<>();
    for (String[] row : table) {
      for (int r = 0; r < 3; r++) {
        if (!row[r + 1].equals("-")) {
          labels.add(new Label("relevant", row[0], row[r + 1], LabelSource.human(raters[r]), null, T));
        }
      }
    }
    // not annotators: must not move any number
    labels.add(new Label("relevant", "i4", "y", LabelSource.labelingFunction("lf_0"), null, T));
    labels.add(new Label("relevant", "i6", "y", LabelSource.model("m@1"), 0.9, T));
    store.addLabels(labels);
  }

  @AfterEach
  void close() {
    if (db != null) { // null when the backend was skipped (no PostgreSQL configured)
      db.close();
    }
  }

  @Test
  void coefficientsMatchTheHandCalculation() {
    AgreementReport r = new AgreementAnalyzer(store).analyze("relevant", GoldPolicy.MAJORITY);
    assertThat(r.humanLabels()).isEqualTo(17);
    assertThat(r.items()).isEqualTo(6);
    assertThat(r.annotators()).containsExactly("A", "B", "C");
    assertThat(r.pairs()).extracting(p -> p.annotatorA() + p.annotatorB() + ":" + p.items())
        .containsExactly("AB:6", "AC:5", "BC:5");
    assertThat(r.pairs().get(0).kappa()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(r.pairs().get(1).kappa()).isCloseTo(8.0 / 13, within(1e-12));
    assertThat(r.pairs().get(2).kappa()).isCloseTo(2.0 / 7, within(1e-12));
    assertThat(r.pairs().get(0).observedAgreement()).isCloseTo(5.0 / 6, within(1e-12));

    assertThat(r.fleiss().value()).isCloseTo(4.0 / 9, within(1e-12));
    assertThat(r.fleiss().items()).isEqualTo(5);
    assertThat(r.fleiss().raters()).isEqualTo(3);
    assertThat(r.fleiss().note()).contains("1 items with another count left out");

    assertThat(r.krippendorffAlpha().value()).isCloseTo(5.0 / 9, within(1e-12));
    assertThat(r.krippendorffAlpha().items()).isEqualTo(6);

    assertThat(r.gold()).extracting(g -> g.itemId() + "=" + g.value())
        .containsExactly("i1=y", "i2=y", "i3=n", "i4=n", "i5=y", "i6=n");
    assertThat(r.goldResolved()).isEqualTo(6);
    assertThat(r.toTable()).contains("A", "0.6667", "0.4444", "0.5556");
  }

  @Test
  void unanimousGoldLeavesDisagreementsUnresolved() {
    AgreementReport r = new AgreementAnalyzer(store).analyze("relevant", GoldPolicy.UNANIMOUS);
    assertThat(r.gold()).extracting(GoldLabel::value).containsExactly("y", null, "n", null, "y", "n");
    assertThat(r.goldUnresolved()).isEqualTo(2);
    assertThat(r.gold().get(5).ratings()).isEqualTo(2);
  }

  @Test
  void aTaskWithoutHumanLabelsIsAPreciseError() {
    store.createTask("weak", List.of("a", "b"), "");
    store.addLabel(new Label("weak", "x", "a", LabelSource.labelingFunction("lf"), null, T));
    assertThatThrownBy(() -> new AgreementAnalyzer(store).analyze("weak", GoldPolicy.MAJORITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labeling task 'weak' has no HUMAN labels (it has 1 labels from labeling functions and models)");
  }

  @Test
  void oneAnnotatorGivesGoldButNoCoefficients() {
    store.createTask("solo", List.of("a", "b"), "");
    store.addLabels(List.of(new Label("solo", "x", "a", LabelSource.human("only"), null, T),
        new Label("solo", "y", "b", LabelSource.human("only"), null, T)));
    AgreementReport r = new AgreementAnalyzer(store).analyze("solo", GoldPolicy.MAJORITY);
    assertThat(r.pairs()).isEmpty();
    assertThat(r.fleiss().value()).isNull();
    assertThat(r.fleiss().note()).isEqualTo("no item has 2 or more HUMAN labels");
    assertThat(r.krippendorffAlpha().value()).isNull();
    assertThat(r.gold()).extracting(GoldLabel::value).containsExactly("a", "b");
  }
}
