package dev.prism.cli;

import dev.prism.core.config.Config;
import dev.prism.core.graph.GraphListener;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.signal.ContractRegistry;
import dev.prism.models.BuiltinNodes;

/** Builds the signal graph the CLI commands run: the built-in nodes under the built-in contracts. */
final class SignalGraphs {
  private SignalGraphs() {}

  static SignalGraph graph(Config config, GraphListener listener) {
    return new SignalGraph(BuiltinNodes.create(config), ContractRegistry.builtin(), listener);
  }
}
