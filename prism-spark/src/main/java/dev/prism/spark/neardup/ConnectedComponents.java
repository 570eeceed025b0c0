package dev.prism.spark.neardup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.min;

import java.util.function.IntConsumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Connected components of an undirected graph of string ids, in Spark: the alternating
 * large-star / small-star algorithm of Kiveris, Lattanzi, Mirrokni, Rastogi and Vassilvitskii,
 * "Connected Components in MapReduce and Beyond" (SoCC 2014), as DataFrame group-bys and joins.
 * Both steps keep every component connected and move each node's link toward smaller ids; when
 * every node links to exactly one node and that node links to none, the graph is a set of stars,
 * each centred on its component's smallest id. The lineage is cut by a reliable checkpoint every
 * round (the caller sets Spark's checkpoint directory), so the plan does not grow with the rounds.
 */
public final class ConnectedComponents {
  /** A safety bound: the algorithm needs O(log² n) rounds at most, a handful in practice. */
  public static final int MAX_ROUNDS = 100;

  private ConnectedComponents() {}

  /**
   * Components of the graph with edges {@code (u, v)} (string columns; direction, repeats and self
   * loops ignored): one row {@code (id, cluster_id)} per node that has an edge, the cluster id being
   * the smallest id of the node's component (Spark's string order), the centre's own row included.
   * {@code onRound} hears each round's number.
   */
  public static Dataset<Row> run(Dataset<Row> edges, IntConsumer onRound) {
    Dataset<Row> e = edges.select(col("u"), col("v")).where(col("u").notEqual(col("v")))
        .select(least(col("u"), col("v")).as("u"), greatest(col("u"), col("v")).as("v")).distinct()
        .checkpoint(true);
    for (int round = 1; round <= MAX_ROUNDS; round++) {
      onRound.accept(round);
      e = smallStar(largeStar(e)).checkpoint(true);
      if (isStarForest(e)) {
        // after small-star every edge is (node, smaller node); in a star forest that smaller node is the centre
        Dataset<Row> leaves = e.select(col("u").as("id"), col("v").as("cluster_id"));
        Dataset<Row> centres = e.select(col("v").as("id"), col("v").as("cluster_id")).distinct();
        return leaves.union(centres);
      }
    }
    throw new IllegalStateException("connected components did not converge in " + MAX_ROUNDS + " rounds");
  }

  /**
   * Large-star: every node u links each larger neighbour to m(u), the smallest of u and its
   * neighbours. Input and output: undirected edges as (u, v) rows.
   */
  static Dataset<Row> largeStar(Dataset<Row> e) {
    Dataset<Row> both = e.select(col("u"), col("v")).union(e.select(col("v").as("u"), col("u").as("v")));
    Dataset<Row> m = both.groupBy("u").agg(min("v").as("mv"))
        .select(col("u").as("mu"), least(col("u"), col("mv")).as("m"));
    return both.join(m, both.col("u").equalTo(m.col("mu")))
        .where(col("v").gt(col("u")))
        .select(col("v").as("u"), col("m").as("v"))
        .where(col("u").notEqual(col("v")))
        .distinct();
  }

  /**
   * Small-star: every node u links itself and each smaller neighbour to m(u), the smallest of its
   * smaller neighbours. Output edges are (node, smaller node).
   */
  static Dataset<Row> smallStar(Dataset<Row> e) {
    Dataset<Row> down = e.select(greatest(col("u"), col("v")).as("u"), least(col("u"), col("v")).as("v"));
    Dataset<Row> m = down.groupBy("u").agg(min("v").as("m")).select(col("u").as("mu"), col("m"));
    Dataset<Row> neighbours = down.join(m, down.col("u").equalTo(m.col("mu")))
        .where(col("v").notEqual(col("m")))
        .select(col("v").as("u"), col("m").as("v"));
    Dataset<Row> self = m.select(col("mu").as("u"), col("m").as("v"));
    return neighbours.union(self).distinct();
  }

  /** Every edge is (node, smaller node); true when each node has one link and no link target has one. */
  static boolean isStarForest(Dataset<Row> e) {
    long multi = e.groupBy("u").agg(countDistinct("v").as("k")).where(col("k").gt(1)).limit(1).count();
    if (multi > 0) {
      return false;
    }
    Dataset<Row> targets = e.select(col("v").as("t")).distinct();
    return e.join(targets, e.col("u").equalTo(targets.col("t")), "left_semi").limit(1).count() == 0;
  }
}
