package dev.prism.models.text;

import static org.assertj.core.api.Assertions.assertThat;

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
  void longItemsDoNotPadShortOnes() {
    List<TextTokenizer.Tokens> t = List.of(len(10), len(200), len(12), len(11), len(9));
    // budget 40 tokens: 9,10,11 (3 x 11 = 33) | 12 (4 x 12 = 48 > 40 starts anew) | 200 alone
    assertThat(MiniLmTextEncoder.lengthSortedGroups(t, 32, 40))
        .containsExactly(List.of(4, 0, 3), List.of(2), List.of(1));
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
      for (List<Integer> g : MiniLmTextEncoder.lengthSortedGroups(t, maxItems, budget)) {
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
