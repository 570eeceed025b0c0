package dev.prism.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.graph.SignalGraph;
import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.SignalValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A batch runs its short requests first, so a short comment does not wait for a long one's model time. */
class BatchLanesTest {
  private static final String LONG = "x".repeat(600);

  /** Holds the worker on a first request, queues long, short, short, short behind it, then releases. */
  private static List<MicroBatcher.Answer> queueBehindGate(int splitChars, ConcurrentLinkedQueue<Integer> sizes) throws Exception {
    ToyServers.LenNode node = new ToyServers.LenNode(20, true);
    try (SignalGraph graph = ToyServers.graph(node);
        MicroBatcher b = new MicroBatcher(graph, 256, 0, 1000, 1, sizes::add, () -> {}, (n, t) -> {}, () -> 256, splitChars)) {
      CompletableFuture<MicroBatcher.Answer> first =
          b.submitTimed(List.of(ContentItem.ofText("first", "a")), Set.of(ToyServers.LEN), MicroBatcher.NO_DEADLINE);
      Thread.sleep(100); // the worker is now inside the gated node with "first"
      List<CompletableFuture<MicroBatcher.Answer>> fs = new ArrayList<>();
      fs.add(b.submitTimed(List.of(ContentItem.ofText("long", LONG)), Set.of(ToyServers.LEN), MicroBatcher.NO_DEADLINE));
      for (int i = 0; i < 3; i++) {
        fs.add(b.submitTimed(List.of(ContentItem.ofText("s" + i, "short " + i)), Set.of(ToyServers.LEN), MicroBatcher.NO_DEADLINE));
      }
      node.gate.countDown();
      first.get(10, TimeUnit.SECONDS);
      List<MicroBatcher.Answer> answers = new ArrayList<>();
      for (CompletableFuture<MicroBatcher.Answer> f : fs) {
        answers.add(f.get(10, TimeUnit.SECONDS));
      }
      return answers;
    }
  }

  @Test
  void shortRequestsAreAnsweredBeforeTheLongOneOfTheirBatchRuns() throws Exception {
    ConcurrentLinkedQueue<Integer> sizes = new ConcurrentLinkedQueue<>();
    List<MicroBatcher.Answer> a = queueBehindGate(256, sizes);
    MicroBatcher.Answer longOne = a.get(0);
    for (MicroBatcher.Answer shortOne : a.subList(1, 4)) {
      assertThat(shortOne.batchItems()).isEqualTo(3);
      assertThat(shortOne.doneNanos()).isLessThanOrEqualTo(longOne.startedNanos());
    }
    assertThat(longOne.batchItems()).isEqualTo(1);
    // answers are still each request's own: the node scores text length
    assertThat(((SignalValue.Score) longOne.results().get(0).values().get(ToyServers.LEN).value()).value()).isEqualTo(600);
    assertThat(((SignalValue.Score) a.get(2).results().get(0).values().get(ToyServers.LEN).value()).value()).isEqualTo(7);
    // graph runs: the gated first request, then 3 short, then 1 long
    assertThat(sizes).containsExactly(1, 3, 1);
  }

  @Test
  void withTheSplitOffTheBatchIsOneRun() throws Exception {
    ConcurrentLinkedQueue<Integer> sizes = new ConcurrentLinkedQueue<>();
    List<MicroBatcher.Answer> a = queueBehindGate(0, sizes);
    assertThat(a).allSatisfy(x -> assertThat(x.batchItems()).isEqualTo(4));
    assertThat(a.stream().map(MicroBatcher.Answer::startedNanos).distinct()).hasSize(1);
    assertThat(sizes).containsExactly(1, 4);
  }
}
