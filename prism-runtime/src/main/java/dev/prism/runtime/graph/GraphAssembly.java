package dev.prism.runtime.graph;

import dev.prism.core.config.Config;
import dev.prism.core.graph.GraphException;
import dev.prism.core.graph.GraphListener;
import dev.prism.core.graph.NodeDeclaration;
import dev.prism.core.graph.NodeProvider;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.signal.ContractRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the signal graph every runner runs (CLI, server, bench, batch jobs) from configuration and
 * the {@link NodeProvider}s on the class path. The graph is validated here from declarations; no
 * model is loaded until a run needs it ({@link SignalGraph#warmUp} loads eagerly).
 */
public final class GraphAssembly {
  private static final Logger log = LoggerFactory.getLogger(GraphAssembly.class);

  private GraphAssembly() {}

  /** The providers registered with {@link ServiceLoader}, sorted by name for a stable order. */
  public static List<NodeProvider> discoverProviders() {
    List<NodeProvider> out = new ArrayList<>();
    ServiceLoader.load(NodeProvider.class, GraphAssembly.class.getClassLoader()).forEach(out::add);
    out.sort(java.util.Comparator.comparing(NodeProvider::name));
    return out;
  }

  /** The graph of every discovered provider's nodes under {@code config}. */
  public static SignalGraph build(Config config, GraphListener listener) {
    return build(discoverProviders(), config, listener);
  }

  /**
   * The graph of {@code providers}' nodes. Errors name the provider (a head artifact, a missing
   * input, a contract clash), so a bad configuration fails at start-up with the reason.
   */
  public static SignalGraph build(List<NodeProvider> providers, Config config, GraphListener listener) {
    List<NodeDeclaration> declarations = new ArrayList<>();
    for (NodeProvider p : providers) {
      declarations.addAll(p.declare(config));
    }
    ContractRegistry contracts;
    try {
      contracts = SignalGraph.contractsOf(declarations);
    } catch (IllegalArgumentException e) {
      throw new GraphException("the node providers " + names(providers) + " declare clashing contracts: " + e.getMessage(), e);
    }
    SignalGraph graph = SignalGraph.lazy(declarations, contracts, listener);
    log.info("signal graph: {} nodes declared by {}, serving {}", declarations.size(), names(providers), graph.served());
    return graph;
  }

  private static List<String> names(List<NodeProvider> providers) {
    return providers.stream().map(NodeProvider::name).toList();
  }
}
