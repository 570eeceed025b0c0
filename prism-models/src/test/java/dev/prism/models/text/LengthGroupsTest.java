package dev.prism.models.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LengthGroupsTest {
  static TextTokenizer.Tokens len(int n) {
    return new TextTokenizer.Tokens(new long[n], new long[n]);
  }

  @Test
  void cutsWhereOverheadAndPaddingCostLeast() {
    List<TextTokenizer.Tokens> t = List.of(len(10), len(200), len(12), len(11), len(9));
    // Hand calculation, overhead 10, cost = 10 + n L (1 + L/2304), budget 40 padded tokens:
    //   {9,10} + {11,12} = (10 + 20.09) + (10 + 24.13) = 64.21
    //   {9,10,11} + {12} = (10 + 33.16) + (10 + 12.06) = 65.22
    //   {9} + {10,11,12} = (10 + 9.04) + (10 + 36.19) = 65.22
    //   {9,10} + {11} + {12} = 30.09 + 21.05 + 22.06 = 73.20
    // and 200 alone (any group with it is over the budget).
    assertThat(MiniLmTextEncoder.modelBatches(t, 32, 40, 10))
        .containsExactly(List.of(4, 0), List.of(3, 2), List.of(1));
  }

  @Test
  void noOverheadMeansNoPaddingAndHugeOverheadFillsCallsToTheCaps() {
    List<TextTokenizer.Tokens> t = List.of(len(5), len(7), len(5), len(30), len(6));
    // with free calls, any padding is waste, and equal lengths tie: the smaller call wins
    assertThat(MiniLmTextEncoder.modelBatches(t, 32, 4096, 0)).hasSize(5).allSatisfy(g -> assertThat(g).hasSize(1));
    // with costly calls, as few as the caps allow: 3 items per call at most
    assertThat(MiniLmTextEncoder.modelBatches(t, 3, 4096, 1_000_000)).hasSize(2);
    // and the budget still holds: 30 x 2 = 60 > 40 puts 30 alone
    assertThat(MiniLmTextEncoder.modelBatches(t, 32, 40, 1_000_000)).containsExactly(List.of(0, 2, 4, 1), List.of(3));
  }

  /**
   * The dynamic programme only looks at contiguous runs of the length order; an exhaustive search
   * over every partition of the items (not only contiguous ones) must find no cheaper cut.
   */
  @Test
  void matchesExhaustiveSearchOverAllPartitions() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 150; trial++) {
      int n = 1 + rnd.nextInt(8);
      List<TextTokenizer.Tokens> t = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        t.add(len(rnd.nextDouble() < 0.2 ? 60 + rnd.nextInt(200) : 2 + rnd.nextInt(40)));
      }
      int maxItems = 1 + rnd.nextInt(5);
      int budget = 20 + rnd.nextInt(600);
      int overhead = rnd.nextInt(40);
      List<List<Integer>> dp = MiniLmTextEncoder.modelBatches(t, maxItems, budget, overhead);
      double exhaustive = bestPartition(t, 0, new ArrayList<>(), maxItems, budget, overhead);
      assertThat(cost(t, dp, overhead)).isCloseTo(exhaustive, within(1e-9));
    }
  }

  /** Least cost over all set partitions of the items (each item joins an existing group or opens one). */
  private static double bestPartition(List<TextTokenizer.Tokens> t, int next, List<List<Integer>> groups, int maxItems,
      int budget, int overhead) {
    if (next == t.size()) {
      for (List<Integer> g : groups) {
        int longest = g.stream().mapToInt(i -> t.get(i).length()).max().orElseThrow();
        if (g.size() > maxItems || (g.size() > 1 && (long) g.size() * longest > budget)) {
          return Double.POSITIVE_INFINITY;
        }
      }
      return cost(t, groups, overhead);
    }
    double best = Double.POSITIVE_INFINITY;
    for (int k = 0, open = groups.size(); k < open; k++) {
      List<Integer> g = groups.get(k);
      g.add(next);
      best = Math.min(best, bestPartition(t, next + 1, groups, maxItems, budget, overhead));
      g.remove(g.size() - 1);
    }
    List<Integer> fresh = new ArrayList<>(List.of(next));
    groups.add(fresh);
    best = Math.min(best, bestPartition(t, next + 1, groups, maxItems, budget, overhead));
    groups.remove(groups.size() - 1);
    return best;
  }

  /** The cost model written out again: a fixed overhead plus n x L x (1 + L / 2304) per call. */
  private static double cost(List<TextTokenizer.Tokens> t, List<List<Integer>> groups, int overhead) {
    double total = 0;
    for (List<Integer> g : groups) {
      int longest = g.stream().mapToInt(i -> t.get(i).length()).max().orElseThrow();
      total += overhead + (double) g.size() * longest * (1 + longest / 2304.0);
    }
    return total;
  }

  @Test
  void randomizedGroupsRespectBothLimitsAndCoverEveryItemOnce() {
    Random rnd = new Random(11);
    for (int trial = 0; trial < 200; trial++) {
      List<TextTokenizer.Tokens> t = new ArrayList<>();
      int n = 1 + rnd.nextInt(300);
      for (int i = 0; i < n; i++) {
        t.add(len(rnd.nextDouble() < 0.05 ? 100 + rnd.nextInt(157) : 3 + rnd.nextInt(40)));
      }
      int maxItems = 1 + rnd.nextInt(64);
      int budget = 1 + rnd.nextInt(4096);
      Set<Integer> seen = new HashSet<>();
      for (List<Integer> g : MiniLmTextEncoder.modelBatches(t, maxItems, budget, rnd.nextInt(100))) {
        assertThat(g).isNotEmpty().hasSizeLessThanOrEqualTo(maxItems);
        int longest = g.stream().mapToInt(i -> t.get(i).length()).max().orElseThrow();
        if (g.size() > 1) {
          assertThat((long) g.size() * longest).isLessThanOrEqualTo(budget);
        }
        g.forEach(i -> assertThat(seen.add(i)).isTrue());
      }
      assertThat(seen).hasSize(n);
    }
  }
}
