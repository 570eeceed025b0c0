package dev.prism.learn.quality;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Picks the next items to label: uncertain ones, spread over the embedding space.
 *
 * <ol>
 *   <li>Score every candidate's uncertainty and keep the {@code poolFactor × n} most uncertain
 *       (ties by id, so the result is deterministic).
 *   <li>Within that pool, k-center greedy (Sener &amp; Savarese 2018): start from the most
 *       uncertain item, then repeatedly add the item farthest (Euclidean) from everything chosen
 *       so far. This avoids spending a labelling batch on twenty near-duplicates of one confusing
 *       comment.
 * </ol>
 */
public final class ActiveSampler {
  /** Pool = this many times the batch size, the most uncertain candidates. */
  public static final int DEFAULT_POOL_FACTOR = 5;

  private final Uncertainty uncertainty;
  private final int poolFactor;

  public ActiveSampler(Uncertainty uncertainty, int poolFactor) {
    if (poolFactor < 1) {
      throw new IllegalArgumentException("pool factor must be >= 1, got " + poolFactor);
    }
    this.uncertainty = uncertainty;
    this.poolFactor = poolFactor;
  }

  /**
   * A chosen item.
   *
   * @param order 1-based position in the labelling batch
   * @param uncertaintyRank 1-based rank of its uncertainty among all candidates
   * @param distance distance to the nearest item chosen before it (infinite for the first)
   */
  public record Selection(int index, String id, int order, double uncertainty, int uncertaintyRank, double distance, String reason) {}

  /**
   * @param probs n × k model probabilities of the candidates
   * @param vectors n embedding vectors (same dimension) for diversity
   */
  public List<Selection> select(List<String> ids, double[][] probs, double[][] vectors, int batchSize) {
    int n = ids.size();
    if (probs.length != n || vectors.length != n) {
      throw new IllegalArgumentException("active sampling needs one id, probability row and vector per candidate: "
          + n + ", " + probs.length + ", " + vectors.length);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    double[] u = new double[n];
    for (int i = 0; i < n; i++) {
      u[i] = uncertainty.score(probs[i]);
    }
    Integer[] byU = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(byU, Comparator.comparingDouble((Integer i) -> -u[i]).thenComparing(ids::get));
    int[] rankOf = new int[n];
    for (int r = 0; r < n; r++) {
      rankOf[byU[r]] = r + 1;
    }
    int poolSize = (int) Math.min(n, (long) batchSize * poolFactor);
    int take = Math.min(batchSize, poolSize);
    int[] pool = new int[poolSize];
    for (int r = 0; r < poolSize; r++) {
      pool[r] = byU[r];
    }
    double[] minDist = new double[poolSize];
    Arrays.fill(minDist, Double.POSITIVE_INFINITY);
    boolean[] chosen = new boolean[poolSize];
    List<Selection> out = new ArrayList<>(take);
    int next = 0; // the most uncertain item starts the set
    for (int s = 0; s < take; s++) {
      int item = pool[next];
      double d = minDist[next];
      chosen[next] = true;
      String reason = String.format(Locale.ROOT, "%s uncertainty %.3f (rank %d of %d candidates); %s",
          uncertainty.key(), u[item], rankOf[item], n,
          s == 0 ? "most uncertain" : String.format(Locale.ROOT, "farthest from the %d already chosen (distance %.3f)", s, d));
      out.add(new Selection(item, ids.get(item), s + 1, u[item], rankOf[item], d, reason));
      int best = -1;
      for (int q = 0; q < poolSize; q++) {
        if (chosen[q]) {
          continue;
        }
        minDist[q] = Math.min(minDist[q], distance(vectors[pool[q]], vectors[item]));
        // pool is in uncertainty order, so '>' keeps the more uncertain item on distance ties
        if (best < 0 || minDist[q] > minDist[best]) {
          best = q;
        }
      }
      if (best < 0) {
        break;
      }
      next = best;
    }
    return out;
  }

  static double distance(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("vectors of different dimension: " + a.length + " and " + b.length);
    }
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      double d = a[j] - b[j];
      s += d * d;
    }
    return Math.sqrt(s);
  }
}
