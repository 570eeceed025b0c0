package dev.prism.core.graph;

import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalSpec;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A node that is declared but not yet built: its name, what it consumes and produces, the contracts
 * of what it produces (the module that owns a model ships them), and how to build it. The graph is
 * validated from declarations alone, so a run that never needs a heavy model never loads it.
 *
 * @param name the node's name; contracts name it as producer
 * @param consumes signals the node reads
 * @param produces signals the node writes; each must have a contract (here or elsewhere)
 * @param contracts contracts this declaration ships (usually exactly those of {@code produces})
 * @param factory builds the node; called at most once per graph, on first use
 * @param readsImage whether the node reads the item's image: a run decodes images (in the media
 *     stage, before the graph) only when a node it needs reads them, so text-only runs never fetch
 *     or decode media
 */
public record NodeDeclaration(
    String name, Set<SignalSpec> consumes, Set<SignalSpec> produces, List<SignalContract> contracts, NodeFactory factory,
    boolean readsImage) {

  /** A node that does not read the item's image. */
  public NodeDeclaration(
      String name, Set<SignalSpec> consumes, Set<SignalSpec> produces, List<SignalContract> contracts, NodeFactory factory) {
    this(name, consumes, produces, contracts, factory, false);
  }

  public NodeDeclaration {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("node declaration needs a name");
    }
    consumes = Set.copyOf(consumes);
    produces = Set.copyOf(produces);
    if (produces.isEmpty()) {
      throw new IllegalArgumentException("node '" + name + "' declares no produced signal");
    }
    contracts = List.copyOf(contracts);
    Objects.requireNonNull(factory, "factory");
  }

  /** Builds a node; may load a model, so it is deferred until a run needs the node. */
  @FunctionalInterface
  public interface NodeFactory {
    Node create();
  }

  /** Declares an already built node (tests, light nodes): the factory returns it. */
  public static NodeDeclaration of(Node node, List<SignalContract> contracts) {
    return new NodeDeclaration(node.name(), node.consumes(), node.produces(), contracts, () -> node);
  }

  /** This declaration, marked as reading the item's image. */
  public NodeDeclaration readingImage() {
    return new NodeDeclaration(name, consumes, produces, contracts, factory, true);
  }

  /** Declares an already built node whose contracts come from elsewhere. */
  public static NodeDeclaration of(Node node) {
    return of(node, List.of());
  }
}
