package dev.prism.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * Near-duplicate groups: connected components of the graph whose edges join items at distance at
 * most a threshold. Each given item is searched in the index ({@link NearDuplicateIndex#within});
 * every hit becomes an edge, so items indexed earlier (by another run) join the groups too. A
 * component is transitive — a chain of near pairs is one group even when its ends are far apart —
 * which is what "the same content re-posted with edits" looks like, and is the known cost of
 * single-link grouping (NEARDUP.md).
 */
public final class NearDuplicateClusters {

  /**
   * Neighbours looked up per item, at most: bounds the work on a huge group of identical items
   * (each then links to this many, which still connects the component).
   */
  public static final int DEFAULT_MAX_NEIGHBORS = 50;

  /** An edge between two items at {@code distance} ({@code a < b} in string order). */
  public record Edge(String a, String b, double distance) {}

  /** One group: its id, its members in string order, and the edges that joined them. */
  public record Group(String id, List<String> members, List<Edge> edges) {}

  private NearDuplicateClusters() {}

  /**
   * Groups {@code items} (which should already be in {@code index}) by edges with distance at most
   * {@code maxDistance}, looking up at most {@code maxNeighbors} per item. Groups of one are left
   * out. Groups come largest first, then by first member; ids are {@code g1, g2, …} in that order.
   *
   * @param progress called with the number of items searched so far (every item)
   */
  public static List<Group> cluster(NearDuplicateIndex index, Collection<NearDuplicateIndex.Entry> items,
      double maxDistance, int maxNeighbors, IntConsumer progress) throws IOException {
    if (maxNeighbors < 1) {
      throw new IllegalArgumentException("max neighbours must be at least 1, got " + maxNeighbors);
    }
    Map<String, Integer> ord = new HashMap<>();
    List<String> ids = new ArrayList<>();
    Map<Long, Edge> edges = new LinkedHashMap<>();
    List<long[]> pairs = new ArrayList<>();
    int done = 0;
    for (NearDuplicateIndex.Entry e : items) {
      int self = ordinal(ord, ids, e.id());
      // +1: the item finds itself
      for (Neighbor n : index.within(e.value(), maxDistance, maxNeighbors + 1)) {
        if (n.id().equals(e.id())) {
          continue;
        }
        int other = ordinal(ord, ids, n.id());
        long key = self < other ? ((long) self << 32) | other : ((long) other << 32) | self;
        Edge prev = edges.get(key);
        if (prev == null || n.distance() < prev.distance()) {
          String a = e.id().compareTo(n.id()) < 0 ? e.id() : n.id();
          String b = a.equals(e.id()) ? n.id() : e.id();
          edges.put(key, new Edge(a, b, n.distance()));
        }
        pairs.add(new long[] {self, other});
      }
      progress.accept(++done);
    }
    UnionFind uf = new UnionFind(ids.size());
    for (long[] p : pairs) {
      uf.union((int) p[0], (int) p[1]);
    }
    Map<Integer, List<String>> members = new TreeMap<>();
    for (int i = 0; i < ids.size(); i++) {
      members.computeIfAbsent(uf.find(i), r -> new ArrayList<>()).add(ids.get(i));
    }
    Map<Integer, List<Edge>> edgesByRoot = new HashMap<>();
    for (Map.Entry<Long, Edge> en : edges.entrySet()) {
      int root = uf.find((int) (en.getKey() >>> 32));
      edgesByRoot.computeIfAbsent(root, r -> new ArrayList<>()).add(en.getValue());
    }
    List<Map.Entry<Integer, List<String>>> comps = new ArrayList<>();
    for (Map.Entry<Integer, List<String>> c : members.entrySet()) {
      if (c.getValue().size() > 1) {
        c.getValue().sort(null);
        comps.add(c);
      }
    }
    comps.sort(Comparator.<Map.Entry<Integer, List<String>>>comparingInt(c -> -c.getValue().size())
        .thenComparing(c -> c.getValue().get(0)));
    List<Group> groups = new ArrayList<>(comps.size());
    for (Map.Entry<Integer, List<String>> c : comps) {
      List<Edge> es = edgesByRoot.getOrDefault(c.getKey(), List.of());
      es.sort(Comparator.comparing(Edge::a).thenComparing(Edge::b));
      groups.add(new Group("g" + (groups.size() + 1), List.copyOf(c.getValue()), List.copyOf(es)));
    }
    return groups;
  }

  private static int ordinal(Map<String, Integer> ord, List<String> ids, String id) {
    return ord.computeIfAbsent(id, k -> {
      ids.add(k);
      return ids.size() - 1;
    });
  }
}
