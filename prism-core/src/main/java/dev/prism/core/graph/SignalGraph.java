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
 * <p>The graph is validated from {@link NodeDeclaration}s; a node is built (its model loaded) only
 * when a run first needs it, so a run asks only for what the requested signals' closure uses.
 * {@link #warmUp} builds a set eagerly (the server builds everything it serves at start-up).
 *
 * <p>{@link #run} computes only the requested signals and their transitive inputs, node by node in
 * topological order, batch-first. Each value is validated against its contract before it is
 * returned; an invalid value is withheld and reported as that item's error. The same instance
 * backs the CLI, the server and the batch runners, so all of them share preprocessing and models.
 */
public final class SignalGraph implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SignalGraph.class);

  private final ContractRegistry contracts;
  private final Map<SignalSpec, NodeDeclaration> producerOf;
  private final List<NodeDeclaration> order;
  /** Served signals that read images (see {@link #imageSignals()}); fixed at construction. */
  private final Set<SignalSpec> imageSignals;
  private final GraphListener listener;
  /** Nodes built so far, by name; guarded by {@code this} for creation, read lock-free. */
  private final Map<String, Node> built = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean closed;

  /** A graph of already built nodes (tests, tools that construct nodes themselves). */
  public SignalGraph(Collection<? extends Node> nodes, ContractRegistry contracts, GraphListener listener) {
    this(nodes.stream().map(NodeDeclaration::of).toList(), contracts, listener, 0);
  }

  public SignalGraph(Collection<? extends Node> nodes, ContractRegistry contracts) {
    this(nodes, contracts, GraphListener.NONE);
  }

  /**
   * A graph of declared nodes, built lazily. {@code contracts} must hold every produced signal's
   * contract (see {@link #contractsOf} for those the declarations ship).
   */
  public static SignalGraph lazy(Collection<NodeDeclaration> declarations, ContractRegistry contracts, GraphListener listener) {
    return new SignalGraph(List.copyOf(declarations), contracts, listener, 0);
  }

  /** The contracts the declarations ship, as one registry (duplicates are an error). */
  public static ContractRegistry contractsOf(Collection<NodeDeclaration> declarations) {
    List<SignalContract> all = new ArrayList<>();
    declarations.forEach(d -> all.addAll(d.contracts()));
    return new ContractRegistry(all);
  }

  private SignalGraph(List<NodeDeclaration> nodes, ContractRegistry contracts, GraphListener listener, int unused) {
    this.contracts = contracts;
    this.listener = listener == null ? GraphListener.NONE : listener;
    Map<String, NodeDeclaration> byName = new LinkedHashMap<>();
    Map<SignalSpec, NodeDeclaration> producers = new TreeMap<>();
    for (NodeDeclaration n : nodes) {
      if (byName.putIfAbsent(n.name(), n) != null) {
        throw new GraphException("two nodes are named '" + n.name() + "'");
      }
      for (SignalSpec s : n.produces()) {
        NodeDeclaration prev = producers.putIfAbsent(s, n);
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
    for (NodeDeclaration n : byName.values()) {
      for (SignalSpec s : n.consumes()) {
        if (!producers.containsKey(s)) {
          throw new GraphException("node '" + n.name() + "' consumes " + s + " but no node produces it"
              + " (produced: " + producers.keySet() + ")");
        }
      }
    }
    this.producerOf = java.util.Collections.unmodifiableMap(producers); // sorted: stable listings
    this.order = List.copyOf(topologicalOrder(byName.values(), producers));
    Set<SignalSpec> image = new TreeSet<>();
    for (SignalSpec s : producerOf.keySet()) {
      if (readsImages(Set.of(s))) {
        image.add(s);
      }
    }
    this.imageSignals = java.util.Collections.unmodifiableSet(image);
  }

  /** Kahn's algorithm; the nodes left over when it stalls are exactly those on or behind a cycle. */
  private static List<NodeDeclaration> topologicalOrder(
      Collection<NodeDeclaration> nodes, Map<SignalSpec, NodeDeclaration> producers) {
    Map<NodeDeclaration, Integer> indegree = new LinkedHashMap<>();
    Map<NodeDeclaration, List<NodeDeclaration>> dependents = new HashMap<>();
    for (NodeDeclaration n : nodes) {
      Set<NodeDeclaration> deps = new LinkedHashSet<>();
      for (SignalSpec s : n.consumes()) {
        deps.add(producers.get(s));
      }
      indegree.put(n, deps.size());
      for (NodeDeclaration d : deps) {
        dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(n);
      }
    }
    Deque<NodeDeclaration> ready = new ArrayDeque<>();
    indegree.forEach((n, d) -> {
      if (d == 0) {
        ready.add(n);
      }
    });
    List<NodeDeclaration> out = new ArrayList<>();
    while (!ready.isEmpty()) {
      NodeDeclaration n = ready.poll();
      out.add(n);
      for (NodeDeclaration m : dependents.getOrDefault(n, List.of())) {
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

  /**
   * The served signals whose computation reads items' images (their node, or a node they depend on,
   * {@link NodeDeclaration#readsImage() reads the image}). Builds nothing.
   */
  public Set<SignalSpec> imageSignals() {
    return imageSignals;
  }

  /**
   * The rule for a run that names no signals (the <em>default set</em>: every served signal): each
   * item gets the signals that apply to it, so an item without an image gets no image signals and
   * no errors for them, and a text-only file scored with the defaults is clean. A run that names an
   * image signal still gets the per-item error "item has no image": asked for by name, a missing
   * value is news. Items whose image could not be resolved or decoded keep their errors either way.
   */
  public List<ItemResult> applicableDefaults(List<ContentItem> items, List<ItemResult> results) {
    Set<SignalSpec> image = imageSignals();
    if (image.isEmpty()) {
      return results;
    }
    List<ItemResult> out = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      ItemResult r = results.get(i);
      if (items.get(i).image() instanceof dev.prism.core.item.MediaRef.None && !r.errors().isEmpty()) {
        Map<SignalSpec, String> errors = new TreeMap<>(r.errors());
        errors.keySet().removeAll(image);
        r = new ItemResult(r.itemId(), r.values(), errors);
      }
      out.add(r);
    }
    return out;
  }

  /** The nodes built so far, in execution order. */
  public List<Node> nodes() {
    List<Node> out = new ArrayList<>();
    for (NodeDeclaration d : order) {
      Node n = built.get(d.name());
      if (n != null) {
        out.add(n);
      }
    }
    return out;
  }

  /** Names of the nodes built so far (a run builds only the closure of what it was asked). */
  public Set<String> builtNodeNames() {
    return new TreeSet<>(built.keySet());
  }

  /** Builds now every node that {@code signals} need (start-up warm-up; fails fast). */
  public void warmUp(Set<SignalSpec> signals) {
    plan(signals);
  }

  /** Provenance of the values of a served signal (that of the node producing it; builds it). */
  public dev.prism.core.signal.Provenance provenance(SignalSpec spec) {
    NodeDeclaration d = producerOf.get(spec);
    if (d == null) {
      throw new UnknownSignalException(spec.toString(), names(producerOf.keySet()));
    }
    return node(d).provenance();
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

  /** The nodes needed for {@code requested}, in execution order; builds those not built yet. */
  public List<Node> plan(Set<SignalSpec> requested) {
    Set<NodeDeclaration> needed = needed(requested);
    return order.stream().filter(needed::contains).map(this::node).toList();
  }

  /**
   * Whether computing {@code requested} reads items' images (some needed node declares
   * {@link NodeDeclaration#readsImage()}); the media stage resolves and decodes images only then.
   * Builds nothing.
   */
  public boolean readsImages(Set<SignalSpec> requested) {
    return needed(requested).stream().anyMatch(NodeDeclaration::readsImage);
  }

  private Set<NodeDeclaration> needed(Set<SignalSpec> requested) {
    Set<NodeDeclaration> needed = new LinkedHashSet<>();
    Deque<SignalSpec> todo = new ArrayDeque<>(requested);
    while (!todo.isEmpty()) {
      SignalSpec s = todo.pop();
      NodeDeclaration n = producerOf.get(s);
      if (n == null) {
        throw new UnknownSignalException(s.toString(), names(producerOf.keySet()));
      }
      if (needed.add(n)) {
        todo.addAll(n.consumes());
      }
    }
    return needed;
  }

  private Node node(NodeDeclaration d) {
    Node n = built.get(d.name());
    return n != null ? n : build(d);
  }

  private synchronized Node build(NodeDeclaration d) {
    Node n = built.get(d.name());
    if (n != null) {
      return n;
    }
    if (closed) {
      throw new IllegalStateException("the signal graph is closed");
    }
    long t0 = System.nanoTime();
    try {
      n = d.factory().create();
    } catch (RuntimeException e) {
      throw new GraphException("node '" + d.name() + "' could not be built: " + e.getMessage(), e);
    }
    if (!n.name().equals(d.name()) || !n.consumes().equals(d.consumes()) || !n.produces().equals(d.produces())) {
      closeQuietly(n);
      throw new GraphException("node '" + d.name() + "' was declared as consuming " + d.consumes() + " and producing "
          + d.produces() + " but its factory built '" + n.name() + "' consuming " + n.consumes() + " and producing "
          + n.produces());
    }
    built.put(d.name(), n);
    log.info("built node '{}' in {} ms", d.name(), (System.nanoTime() - t0) / 1_000_000);
    return n;
  }

  private static void closeQuietly(Node n) {
    try {
      n.close();
    } catch (Exception e) {
      log.warn("closing node '{}' failed", n.name(), e);
    }
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
          dev.prism.core.signal.Provenance p = c.provenance(i); // a routing node's per-item version
          values.put(s, new SignalRecord(items.get(i).id(), s, c.get(i), p != null ? p : provenance(s)));
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

  /**
   * Computes one chunk. When the node throws, the chunk is retried in halves until the items that
   * make it throw are isolated: each of those fails alone with the reason, every other item gets
   * its value. One bad item among n costs 2 * ceil(log2 n) extra calls. Anything a node throws is
   * contained here (a {@link StackOverflowError} from a pathological input included) except
   * {@link VirtualMachineError}s that leave the process unusable, such as {@link OutOfMemoryError}.
   *
   * <p>The retries are budgeted ({@link #ISOLATION_BUDGET_BAD_ITEMS} bad items' worth): a node that
   * fails on every call (a broken model, not a bad item) must not be called 2n - 1 times per chunk,
   * so when the budget is spent the items still unresolved fail together with the node's reason.
   */
  private void computeChunk(Node node, List<ContentItem> items, List<Integer> idx, Map<SignalSpec, Column> columns) {
    int depth = 32 - Integer.numberOfLeadingZeros(Math.max(1, idx.size() - 1)); // ceil(log2 n)
    computeChunk(node, items, idx, columns, new int[] {2 * depth * ISOLATION_BUDGET_BAD_ITEMS});
  }

  /** How many bad items per chunk the bisection is budgeted to isolate (see computeChunk). */
  static final int ISOLATION_BUDGET_BAD_ITEMS = 4;

  private void computeChunk(Node node, List<ContentItem> items, List<Integer> idx, Map<SignalSpec, Column> columns,
      int[] retriesLeft) {
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
    } catch (Throwable e) {
      if (e instanceof VirtualMachineError fatal && !(e instanceof StackOverflowError)) {
        throw fatal;
      }
      if (idx.size() > 1 && retriesLeft[0] >= 2) {
        log.debug("node '{}' failed on a batch of {} items ({}); retrying in halves to isolate the item",
            node.name(), sub.size(), describe(e));
        retriesLeft[0] -= 2;
        int mid = idx.size() / 2;
        computeChunk(node, items, idx.subList(0, mid), columns, retriesLeft);
        computeChunk(node, items, idx.subList(mid, idx.size()), columns, retriesLeft);
        return;
      }
      if (idx.size() > 1) {
        String why = "node " + node.name() + " failed on a batch of " + idx.size() + " items (too many failures to "
            + "isolate the items responsible): " + describe(e);
        log.error("node '{}' failed on {} items and the isolation budget is spent: {}", node.name(), idx.size(), describe(e));
        listener.nodeFailed(node.name(), idx.size(), e);
        for (SignalSpec s : node.produces()) {
          idx.forEach(i -> columns.get(s).fail(i, why));
        }
        return;
      }
      String why = "node " + node.name() + " failed on this item: " + describe(e);
      if (e instanceof StackOverflowError) {
        // Its trace is a thousand identical frames; the top one says where.
        log.error("node '{}' failed on item {}: {} at {}", node.name(), sub.get(0).id(), describe(e),
            e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
      } else {
        log.error("node '{}' failed on item {}", node.name(), sub.get(0).id(), e);
      }
      listener.nodeFailed(node.name(), 1, e);
      for (SignalSpec s : node.produces()) {
        columns.get(s).fail(idx.get(0), why);
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
          dst.set(idx.get(j), v, got.provenance(j));
        } catch (ContractViolation cv) {
          log.error("withheld a value of {} for item {}: {}", s, sub.get(j).id(), cv.getMessage());
          listener.contractViolation(s, cv.getMessage());
          dst.fail(idx.get(j), cv.getMessage());
        }
      }
    }
  }

  /** "StackOverflowError", "IllegalStateException: kaput": the class says what, the message why. */
  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (int i = order.size() - 1; i >= 0; i--) {
      Node n = built.remove(order.get(i).name());
      if (n != null) {
        closeQuietly(n);
      }
    }
  }
}
