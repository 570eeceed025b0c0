package dev.prism.core.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.ContractRegistry;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.core.signal.UnknownSignalException;
import dev.prism.core.signal.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class SignalGraphTest {
  static final SignalSpec A = new SignalSpec("a", 1);
  static final SignalSpec B = new SignalSpec("b", 1);
  static final SignalSpec C = new SignalSpec("c", 1);

  /** A node computing a score from the item's text length and its inputs. */
  static final class FnNode implements Node {
    final String name;
    final Set<SignalSpec> in;
    final SignalSpec out;
    final BiFunction<Batch, Integer, SignalValue> fn;
    final AtomicInteger calls = new AtomicInteger();
    final List<Integer> batchSizes = new ArrayList<>();
    final int maxBatch;

    FnNode(String name, Set<SignalSpec> in, SignalSpec out, BiFunction<Batch, Integer, SignalValue> fn) {
      this(name, in, out, fn, 3);
    }

    FnNode(String name, Set<SignalSpec> in, SignalSpec out, BiFunction<Batch, Integer, SignalValue> fn, int maxBatch) {
      this.name = name;
      this.in = in;
      this.out = out;
      this.fn = fn;
      this.maxBatch = maxBatch;
    }

    @Override public String name() { return name; }
    @Override public Set<SignalSpec> consumes() { return in; }
    @Override public Set<SignalSpec> produces() { return Set.of(out); }
    @Override public Provenance provenance() { return Provenance.ofCode(name, "1", Map.of()); }
    @Override public int maxBatchSize() { return maxBatch; }

    @Override
    public Map<SignalSpec, Column> compute(Batch batch) {
      calls.incrementAndGet();
      synchronized (batchSizes) {
        batchSizes.add(batch.size());
      }
      Column c = new Column(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        SignalValue v = fn.apply(batch, i);
        if (v == null) {
          c.fail(i, "cannot score " + batch.items().get(i).id());
        } else {
          c.set(i, v);
        }
      }
      return Map.of(out, c);
    }
  }

  static SignalContract score(SignalSpec s, String producer, double max) {
    return new SignalContract(s, new ValueType.ScoreType(0, max), producer, "team", "test signal " + s, "", "", "");
  }

  static ContractRegistry registry() {
    return new ContractRegistry(List.of(score(A, "na", 1000), score(B, "nb", 1000), score(C, "nc", 10)));
  }

  static FnNode len() {
    return new FnNode("na", Set.of(), A, (b, i) -> new SignalValue.Score(b.items().get(i).text().length()));
  }

  static FnNode twice() {
    return new FnNode("nb", Set.of(A), B,
        (b, i) -> new SignalValue.Score(2 * b.input(A, i, SignalValue.Score.class).value()));
  }

  @Test
  void runsOnlyWhatIsRequestedInTopologicalOrder() {
    FnNode a = len();
    FnNode b = twice();
    FnNode c = new FnNode("nc", Set.of(), C, (x, i) -> new SignalValue.Score(1));
    // registered in reverse dependency order on purpose
    try (SignalGraph g = new SignalGraph(List.of(b, c, a), registry())) {
      assertThat(g.plan(Set.of(B))).extracting(Node::name).containsExactly("na", "nb");
      List<ContentItem> items = List.of(ContentItem.ofText("x", "hello"), ContentItem.ofText("y", "hi"));
      List<ItemResult> r = g.run(items, Set.of(B));
      assertThat(c.calls.get()).isZero();
      assertThat(r).extracting(ItemResult::itemId).containsExactly("x", "y");
      assertThat(r.get(0).values().get(B).value()).isEqualTo(new SignalValue.Score(10));
      assertThat(r.get(1).values().get(B).value()).isEqualTo(new SignalValue.Score(4));
      assertThat(r.get(0).values()).doesNotContainKey(A); // intermediates are not returned
      assertThat(r.get(0).values().get(B).provenance().modelId()).isEqualTo("nb");
    }
  }

  @Test
  void splitsBatchesToTheNodeMaximum() {
    FnNode a = len();
    SignalGraph g = new SignalGraph(List.of(a), registry());
    List<ContentItem> items = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      items.add(ContentItem.ofText("i" + i, "x".repeat(i)));
    }
    List<ItemResult> r = g.run(items, Set.of(A));
    assertThat(a.batchSizes).containsExactly(3, 3, 1);
    for (int i = 0; i < 7; i++) {
      assertThat(((SignalValue.Score) r.get(i).values().get(A).value()).value()).isEqualTo(i);
    }
  }

  @Test
  void missingInputIsAStartupError() {
    assertThatThrownBy(() -> new SignalGraph(List.of(twice()), registry()))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("node 'nb' consumes a@1 but no node produces it");
  }

  @Test
  void twoProducersIsAStartupError() {
    FnNode other = new FnNode("na2", Set.of(), A, (b, i) -> new SignalValue.Score(0));
    assertThatThrownBy(() -> new SignalGraph(List.of(len(), other), registry()))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("signal a@1 has two producers: 'na' and 'na2'");
  }

  @Test
  void cycleIsAStartupError() {
    FnNode x = new FnNode("na", Set.of(B), A, (b, i) -> new SignalValue.Score(0));
    FnNode y = new FnNode("nb", Set.of(A), B, (b, i) -> new SignalValue.Score(0));
    FnNode z = new FnNode("nc", Set.of(), C, (b, i) -> new SignalValue.Score(0));
    assertThatThrownBy(() -> new SignalGraph(List.of(x, y, z), registry()))
        .isInstanceOf(GraphException.class)
        .hasMessage("the signal graph has a cycle through nodes [na, nb]");
  }

  @Test
  void producedSignalNeedsAContractNamingTheProducer() {
    FnNode wrong = new FnNode("impostor", Set.of(), A, (b, i) -> new SignalValue.Score(0));
    assertThatThrownBy(() -> new SignalGraph(List.of(wrong), registry()))
        .hasMessageContaining("contract a@1 names producer 'na' but node 'impostor' produces it");
    FnNode orphan = new FnNode("nd", Set.of(), new SignalSpec("d", 1), (b, i) -> new SignalValue.Score(0));
    assertThatThrownBy(() -> new SignalGraph(List.of(orphan), registry()))
        .hasMessageContaining("node 'nd' produces d@1 but no contract declares it");
  }

  @Test
  void contractViolationsAreWithheldPerItemAndFailuresPropagate() {
    // c's contract says [0, 10]; items longer than 10 chars break it
    FnNode c = new FnNode("nc", Set.of(), C, (b, i) -> new SignalValue.Score(b.items().get(i).text().length()));
    FnNode a = new FnNode("na", Set.of(), A,
        (b, i) -> b.items().get(i).id().equals("bad") ? null : new SignalValue.Score(1));
    FnNode b = twice();
    List<String> violations = new ArrayList<>();
    GraphListener l = new GraphListener() {
      @Override public void contractViolation(SignalSpec spec, String message) { violations.add(spec + ""); }
    };
    SignalGraph g = new SignalGraph(List.of(a, b, c), registry(), l);
    List<ItemResult> r = g.run(
        List.of(ContentItem.ofText("ok", "short"), ContentItem.ofText("long", "a much longer text"),
            ContentItem.ofText("bad", "x")),
        Set.of(B, C));
    assertThat(r.get(0).complete()).isTrue();
    assertThat(r.get(1).values()).containsKey(B).doesNotContainKey(C);
    assertThat(r.get(1).errors().get(C)).contains("score 18.0 outside [0.0, 10.0]");
    assertThat(r.get(2).errors().get(B)).isEqualTo("input a@1 unavailable: cannot score bad");
    assertThat(violations).containsExactly("c@1");
  }

  @Test
  void aThrowingNodeFailsOnlyItsOutputs() {
    FnNode boom = new FnNode("na", Set.of(), A, (b, i) -> { throw new IllegalStateException("kaput"); });
    FnNode c = new FnNode("nc", Set.of(), C, (b, i) -> new SignalValue.Score(1));
    SignalGraph g = new SignalGraph(List.of(boom, twice(), c), registry());
    List<ItemResult> r = g.run(List.of(ContentItem.ofText("x", "y")), Set.of(B, C));
    assertThat(r.get(0).values()).containsKey(C);
    assertThat(r.get(0).errors().get(B))
        .isEqualTo("input a@1 unavailable: node na failed on this item: IllegalStateException: kaput");
  }

  /** Recurses until the stack runs out: a real StackOverflowError, as a backtracking regex throws. */
  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

  private static final int BATCH = 50;
  private static final int BAD = 17;
  /** 50 -> 25 -> 13 -> 6 -> 3 -> 2 -> 1: six levels, two calls each, after the failed first call. */
  private static final int MAX_CALLS = 1 + 2 * (int) Math.ceil(Math.log(BATCH) / Math.log(2));

  private static List<ContentItem> fifty() {
    List<ContentItem> items = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      items.add(ContentItem.ofText("i" + i, "x".repeat(i)));
    }
    return items;
  }

  private void assertIsolated(Throwable thrown, String expectedError) {
    FnNode a = new FnNode("na", Set.of(), A, (b, i) -> {
      if (b.items().get(i).id().equals("i" + BAD)) {
        if (thrown instanceof StackOverflowError) {
          recurse(0);
        }
        throw (RuntimeException) thrown;
      }
      return new SignalValue.Score(b.items().get(i).text().length());
    }, BATCH);
    List<String> failures = new ArrayList<>();
    GraphListener l = new GraphListener() {
      @Override public void nodeFailed(String node, int size, Throwable error) {
        failures.add(node + ":" + size + ":" + error.getClass().getSimpleName());
      }
    };
    SignalGraph g = new SignalGraph(List.of(a), registry(), l);
    List<ItemResult> r = g.run(fifty(), Set.of(A));
    for (int i = 0; i < BATCH; i++) {
      if (i == BAD) {
        assertThat(r.get(i).values()).isEmpty();
        assertThat(r.get(i).errors().get(A)).isEqualTo(expectedError);
      } else {
        assertThat(((SignalValue.Score) r.get(i).values().get(A).value()).value()).as("item %d", i).isEqualTo(i);
      }
    }
    assertThat(a.calls.get()).isLessThanOrEqualTo(MAX_CALLS).isEqualTo(13);
    assertThat(failures).containsExactly("na:1:" + thrown.getClass().getSimpleName());
  }

  @Test
  void aStackOverflowOnOneItemFailsOnlyThatItemAfterLogarithmicRetries() {
    assertIsolated(new StackOverflowError(), "node na failed on this item: StackOverflowError");
  }

  @Test
  void aRuntimeExceptionOnOneItemFailsOnlyThatItemAfterLogarithmicRetries() {
    assertIsolated(new IllegalArgumentException("cannot parse i17"),
        "node na failed on this item: IllegalArgumentException: cannot parse i17");
  }

  @Test
  void aNodeThatFailsOnEveryCallIsNotRetriedWithoutBound() {
    FnNode a = new FnNode("na", Set.of(), A, (b, i) -> { throw new IllegalStateException("model session is gone"); }, BATCH);
    SignalGraph g = new SignalGraph(List.of(a), registry());
    List<ItemResult> out = g.run(fifty(), Set.of(A));
    // unbudgeted bisection would call it 2 * 50 - 1 = 99 times; the budget is 2 * ceil(log2 50) * 4 = 48 retries
    assertThat(a.calls.get()).isLessThanOrEqualTo(1 + 48);
    assertThat(out).allSatisfy(r -> assertThat(r.errors().get(A)).contains("model session is gone"));
  }

  @Test
  void fatalVirtualMachineErrorsAreNotSwallowed() {
    FnNode a = new FnNode("na", Set.of(), A, (b, i) -> { throw new OutOfMemoryError("test: heap exhausted"); }, BATCH);
    SignalGraph g = new SignalGraph(List.of(a), registry());
    assertThatThrownBy(() -> g.run(fifty(), Set.of(A))).isInstanceOf(OutOfMemoryError.class);
    assertThat(a.calls.get()).isEqualTo(1);
  }

  @Test
  void resolvesBareNamesToNewestServedMajorAndRejectsUnknown() {
    SignalSpec a2 = new SignalSpec("a", 2);
    ContractRegistry reg = registry().with(List.of(score(a2, "na2", 5)));
    FnNode n2 = new FnNode("na2", Set.of(), a2, (b, i) -> new SignalValue.Score(0));
    SignalGraph g = new SignalGraph(List.of(len(), n2), reg);
    assertThat(g.resolve("a")).isEqualTo(a2);
    assertThat(g.resolve("a@1")).isEqualTo(A);
    assertThatThrownBy(() -> g.resolve("nope")).isInstanceOf(UnknownSignalException.class)
        .hasMessageContaining("unknown signal 'nope'");
    // b has a contract but no producer in this graph: not served
    assertThatThrownBy(() -> g.resolve("b")).isInstanceOf(UnknownSignalException.class)
        .hasMessageContaining("served signals: [a@1, a@2]");
    assertThatThrownBy(() -> g.resolve("A B")).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * A routing node (a canary) answers some items with another model version: the per-position
   * provenance it sets on its column is what those items' records carry; the others keep the node's
   * own, and a position overwritten by a plain set (or a failure) loses its override.
   */
  @Test
  void perItemProvenanceOverridesTheNodesOwn() {
    Provenance canary = new Provenance("head", "v2", "ab".repeat(32), "test", Map.of("registry.version", "x@v2"));
    Node router = new Node() {
      @Override public String name() { return "na"; }
      @Override public Set<SignalSpec> consumes() { return Set.of(); }
      @Override public Set<SignalSpec> produces() { return Set.of(A); }
      @Override public Provenance provenance() { return Provenance.ofCode("na", "1", Map.of()); }

      @Override
      public Map<SignalSpec, Column> compute(Batch batch) {
        Column c = new Column(batch.size());
        for (int i = 0; i < batch.size(); i++) {
          c.set(i, new SignalValue.Score(i), canary); // every position first from the canary ...
          if (i % 2 == 0) {
            c.set(i, new SignalValue.Score(i)); // ... then even ones overwritten by the node's own version
          }
        }
        return Map.of(A, c);
      }
    };
    Column probe = new Column(2);
    probe.set(0, new SignalValue.Score(1), canary);
    probe.fail(0, "gone");
    assertThat(probe.provenance(0)).as("a failure drops the override").isNull();
    assertThat(probe.provenance(1)).isNull();
    try (SignalGraph g = new SignalGraph(List.of(router), new ContractRegistry(List.of(score(A, "na", 1000))))) {
      List<ContentItem> items = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        items.add(ContentItem.ofText("i" + i, "t"));
      }
      List<ItemResult> out = g.run(items, Set.of(A));
      for (int i = 0; i < 5; i++) {
        Provenance p = out.get(i).values().get(A).provenance();
        if (i % 2 == 0) {
          assertThat(p.modelId()).as("item %d", i).isEqualTo("na");
        } else {
          assertThat(p).as("item %d", i).isEqualTo(canary);
        }
      }
    }
  }
}
