package dev.prism.monitor.prevalence;

import dev.prism.core.stats.Binning;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Draws a prevalence sample: the population is cut into strata at its score quantiles (tied
 * quantiles merge strata), and each stratum gets a simple random sample without replacement,
 * seeded. Allocation {@code equal} gives every stratum the same share of the sample — the top
 * strata, where positives concentrate when the score is informative, are oversampled relative to
 * their size, which is what makes the stratified estimate tighter than a simple random sample;
 * {@code proportional} gives each stratum its population share.
 */
public final class StratifiedSampler {
  private StratifiedSampler() {}

  public static SampleDesign draw(String signal, String task, String positive, List<Scored> population, int strata, int n,
      String allocation, long seed, Instant now) {
    if (population.isEmpty()) {
      throw new IllegalArgumentException("no scored items to sample from");
    }
    if (strata < 1 || n < 1) {
      throw new IllegalArgumentException("strata and sample size must be >= 1, got " + strata + " and " + n);
    }
    if (!allocation.equals("equal") && !allocation.equals("proportional")) {
      throw new IllegalArgumentException("allocation must be equal or proportional, got '" + allocation + "'");
    }
    Set<String> seen = new HashSet<>();
    double[] scores = new double[population.size()];
    for (int i = 0; i < scores.length; i++) {
      Scored s = population.get(i);
      if (!seen.add(s.id())) {
        throw new IllegalArgumentException("item id '" + s.id() + "' appears twice in the population");
      }
      scores[i] = s.score();
    }
    double[] edges = strata == 1 ? new double[0] : Binning.quantileEdges(scores, strata);
    int h = edges.length + 1;
    List<List<String>> members = new ArrayList<>();
    for (int i = 0; i < h; i++) {
      members.add(new ArrayList<>());
    }
    for (Scored s : population) {
      int idx = Arrays.binarySearch(edges, s.score());
      members.get(idx >= 0 ? idx : -idx - 1).add(s.id());
    }
    Random rnd = new Random(seed);
    List<Stratum> out = new ArrayList<>();
    for (int i = 0; i < h; i++) {
      List<String> m = members.get(i);
      int want = allocation.equals("equal") ? (int) Math.round((double) n / h)
          : (int) Math.round((double) n * m.size() / population.size());
      want = Math.min(m.size(), Math.max(m.isEmpty() ? 0 : 1, want));
      // partial Fisher-Yates: the first `want` of a seeded shuffle, in the population's order for stable output
      List<String> pool = new ArrayList<>(m);
      for (int k = 0; k < want; k++) {
        int j = k + rnd.nextInt(pool.size() - k);
        String t = pool.get(k);
        pool.set(k, pool.get(j));
        pool.set(j, t);
      }
      out.add(new Stratum(i, i == 0 ? Double.NEGATIVE_INFINITY : edges[i - 1], i == h - 1 ? Double.POSITIVE_INFINITY : edges[i],
          m.size(), pool.subList(0, want)));
    }
    return new SampleDesign(signal, task, positive, allocation, seed, population.size(), out, now);
  }
}
