package dev.prism.core.graph;

import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.ContractRegistry;
import dev.prism.core.signal.ContractViolation;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalRecord;
import dev.prism.core.signal.SignalRef;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.core.signal.UnknownSignalException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resolved signal graph. Built once at start-up: every problem (a consumed signal nobody
 * produces, two producers of one signal, a cycle, a produced signal without a contract or whose
 * contract names another producer) is a {@link GraphException} then, never at request time.
 *
 * <p>{@link #run} computes only the requested signals and their transitive inputs, node by node in
 * topological order, batch-first. Each value is validated against its contract before it is
 * returned; an invalid value is withheld and reported as that item's error. The same instance
 * backs the CLI, the server and the batch runners, so all of them share preprocessing and models.
 */
public final class SignalGraph implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SignalGraph.class);

  private final ContractRegistry contracts;
  private final Map<SignalSpec, Node> producerOf;
  private final List<Node> order;
  private final GraphListener listener;

  public SignalGraph(Collection<? extends Node> nodes, ContractRegistry contracts, GraphListener listener) {
    this.contracts = contracts;
    this.listener = listener == null ? GraphListener.NONE : listener;
    Map<String, Node> byName = new LinkedHashMap<>();
    Map<SignalSpec, Node> producers = new TreeMap<>();
    for (Node n : nodes) {
      if (byName.putIfAbsent(n.name(), n) != null) {
        throw new GraphException("two nodes are named '" + n.name() + "'");
      }
      for (SignalSpec s : n.produces()) {
        Node prev = producers.putIfAbsent(s, n);
        if (prev != null) {
          throw new GraphException("signal " + s + " has two producers: '" + prev.name() + "' and '" + n.name() + "'");
        }
        SignalContract c = contracts.find(s).orElseThrow(() -> new GraphException(
            "node '" + n.name() + "' produces " + s + " but no contract declares it"));
        if (!c.producer().equals(n.name())) {
          throw new GraphException("contract " + s + " names producer '" + c.producer()
              + "' but node '" + n.name() + "' produces it");
        }
      }
    }
    for (Node n : byName.values()) {
      for (SignalSpec s : n.consumes()) {
        if (!producers.containsKey(s)) {
          throw new GraphException("node '" + n.name() + "' consumes " + s + " but no node produces it"
              + " (produced: " + producers.keySet() + ")");
        }
      }
    }
    this.producerOf = java.util.Collections.unmodifiableMap(producers); // sorted: stable listings
    this.order = List.copyOf(topologicalOrder(byName.values(), producers));
  }

  public SignalGraph(Collection<? extends Node> nodes, ContractRegistry contracts) {
    this(nodes, contracts, GraphListener.NONE);
  }

  /** Kahn's algorithm; the nodes left over when it stalls are exactly those on or behind a cycle. */
  private static List<Node> topologicalOrder(Collection<Node> nodes, Map<SignalSpec, Node> producers) {
    Map<Node, Integer> indegree = new LinkedHashMap<>();
    Map<Node, List<Node>> dependents = new HashMap<>();
    for (Node n : nodes) {
      Set<Node> deps = new LinkedHashSet<>();
      for (SignalSpec s : n.consumes()) {
        deps.add(producers.get(s));
      }
      indegree.put(n, deps.size());
      for (Node d : deps) {
        dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(n);
      }
    }
    Deque<Node> ready = new ArrayDeque<>();
    indegree.forEach((n, d) -> {
      if (d == 0) {
        ready.add(n);
      }
    });
    List<Node> out = new ArrayList<>();
    while (!ready.isEmpty()) {
      Node n = ready.poll();
      out.add(n);
      for (Node m : dependents.getOrDefault(n, List.of())) {
        if (indegree.merge(m, -1, Integer::sum) == 0) {
          ready.add(m);
        }
      }
    }
    if (out.size() != nodes.size()) {
      Set<String> stuck = new TreeSet<>();
      indegree.forEach((n, d) -> {
        if (d > 0) {
          stuck.add(n.name());
        }
      });
      throw new GraphException("the signal graph has a cycle through nodes " + stuck);
    }
    return out;
  }

  public ContractRegistry contracts() {
    return contracts;
  }

  /** Signals this graph can compute (contracts without a producer here are not served). */
  public Set<SignalSpec> served() {
    return producerOf.keySet();
  }

  public List<Node> nodes() {
    return order;
  }

  /** Provenance of the values of a served signal (that of the node producing it). */
  public dev.prism.core.signal.Provenance provenance(SignalSpec spec) {
    Node n = producerOf.get(spec);
    if (n == null) {
      throw new UnknownSignalException(spec.toString(), names(producerOf.keySet()));
    }
    return n.provenance();
  }

  /** Resolves a client's request ("lang", "lang@1") to a served spec. */
  public SignalSpec resolve(String ref) {
    SignalSpec s = contracts.resolve(SignalRef.parse(ref));
    if (!producerOf.containsKey(s)) {
      Set<String> served = new TreeSet<>();
      producerOf.keySet().forEach(x -> served.add(x.toString()));
      throw new UnknownSignalException(ref, served);
    }
    return s;
  }

  /** The nodes needed for {@code requested}, in execution order. */
  public List<Node> plan(Set<SignalSpec> requested) {
    Set<Node> needed = new LinkedHashSet<>();
    Deque<SignalSpec> todo = new ArrayDeque<>(requested);
    while (!todo.isEmpty()) {
      SignalSpec s = todo.pop();
      Node n = producerOf.get(s);
      if (n == null) {
        throw new UnknownSignalException(s.toString(), names(producerOf.keySet()));
      }
      if (needed.add(n)) {
        todo.addAll(n.consumes());
      }
    }
    return order.stream().filter(needed::contains).toList();
  }

  private static Set<String> names(Set<SignalSpec> specs) {
    Set<String> out = new TreeSet<>();
    specs.forEach(s -> out.add(s.toString()));
    return out;
  }

  /** Computes {@code requested} for every item. Results are in item order. Never throws per item. */
  public List<ItemResult> run(List<ContentItem> items, Set<SignalSpec> requested) {
    List<Node> plan = plan(requested);
    int n = items.size();
    Map<SignalSpec, Column> columns = new HashMap<>();
    for (Node node : plan) {
      for (SignalSpec s : node.produces()) {
        columns.put(s, new Column(n));
      }
      // Only items whose inputs all exist go to the node; the others get the upstream reason.
      List<Integer> eligible = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String missing = missingInput(node, columns, i);
        if (missing == null) {
          eligible.add(i);
        } else {
          for (SignalSpec s : node.produces()) {
            columns.get(s).fail(i, missing);
          }
        }
      }
      int chunk = Math.max(1, node.maxBatchSize());
      for (int from = 0; from < eligible.size(); from += chunk) {
        computeChunk(node, items, eligible.subList(from, Math.min(eligible.size(), from + chunk)), columns);
      }
    }
    List<ItemResult> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<SignalSpec, SignalRecord> values = new TreeMap<>();
      Map<SignalSpec, String> errors = new TreeMap<>();
      for (SignalSpec s : requested) {
        Column c = columns.get(s);
        if (c.ok(i)) {
          values.put(s, new SignalRecord(items.get(i).id(), s, c.get(i), provenance(s)));
        } else {
          errors.put(s, c.error(i));
        }
      }
      out.add(new ItemResult(items.get(i).id(), values, errors));
    }
    return out;
  }

  private static String missingInput(Node node, Map<SignalSpec, Column> columns, int i) {
    for (SignalSpec in : node.consumes()) {
      Column c = columns.get(in);
      if (!c.ok(i)) {
        return "input " + in + " unavailable: " + c.error(i);
      }
    }
    return null;
  }

  private void computeChunk(Node node, List<ContentItem> items, List<Integer> idx, Map<SignalSpec, Column> columns) {
    List<ContentItem> sub = new ArrayList<>(idx.size());
    Map<SignalSpec, Column> inputs = new HashMap<>();
    for (SignalSpec in : node.consumes()) {
      Column src = columns.get(in);
      Column dst = new Column(idx.size());
      for (int j = 0; j < idx.size(); j++) {
        dst.set(j, src.get(idx.get(j)));
      }
      inputs.put(in, dst);
    }
    for (int i : idx) {
      sub.add(items.get(i));
    }
    long t0 = System.nanoTime();
    Map<SignalSpec, Column> out;
    try {
      out = node.compute(new Batch(sub, inputs));
    } catch (RuntimeException e) {
      log.error("node '{}' failed on a batch of {} items", node.name(), sub.size(), e);
      listener.nodeFailed(node.name(), sub.size(), e);
      for (SignalSpec s : node.produces()) {
        for (int i : idx) {
          columns.get(s).fail(i, "node " + node.name() + " failed: " + e.getMessage());
        }
      }
      return;
    }
    listener.nodeComputed(node.name(), sub.size(), System.nanoTime() - t0);
    for (SignalSpec s : node.produces()) {
      Column got = out.get(s);
      Column dst = columns.get(s);
      if (got == null || got.size() != sub.size()) {
        String why = "node " + node.name() + " returned " + (got == null ? "no column" : got.size() + " values")
            + " for " + s + " on a batch of " + sub.size();
        log.error(why);
        idx.forEach(i -> dst.fail(i, why));
        continue;
      }
      SignalContract contract = contracts.get(s);
      for (int j = 0; j < idx.size(); j++) {
        SignalValue v = got.get(j);
        if (v == null) {
          dst.fail(idx.get(j), got.error(j));
          continue;
        }
        try {
          contract.validate(v);
          dst.set(idx.get(j), v);
        } catch (ContractViolation cv) {
          log.error("withheld a value of {} for item {}: {}", s, sub.get(j).id(), cv.getMessage());
          listener.contractViolation(s, cv.getMessage());
          dst.fail(idx.get(j), cv.getMessage());
        }
      }
    }
  }

  @Override
  public void close() {
    for (int i = order.size() - 1; i >= 0; i--) {
      try {
        order.get(i).close();
      } catch (Exception e) {
        log.warn("closing node '{}' failed", order.get(i).name(), e);
      }
    }
  }
}
