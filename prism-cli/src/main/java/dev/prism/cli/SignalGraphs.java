package dev.prism.cli;

import dev.prism.core.config.Config;
import dev.prism.core.graph.GraphException;
import dev.prism.core.graph.GraphListener;
import dev.prism.core.graph.Node;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.signal.ContractRegistry;
import dev.prism.core.signal.SignalContract;
import dev.prism.learn.serve.HeadNode;
import dev.prism.models.BuiltinNodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the signal graph the CLI commands and the server run: the built-in nodes under the
 * built-in contracts, plus the trained heads named by {@link GraphConfig#HEADS}, each under the
 * contract its artifact declares. The graph validates the whole (every input produced, every
 * output under a contract naming its producer) here, at start-up.
 */
final class SignalGraphs {
  private SignalGraphs() {}

  static SignalGraph graph(Config config, GraphListener listener) {
    List<HeadNode> heads = heads(config);
    List<Node> builtins = BuiltinNodes.create(config);
    try {
      List<Node> nodes = new ArrayList<>(builtins);
      nodes.addAll(heads);
      List<SignalContract> contracts = heads.stream().map(HeadNode::contract).toList();
      ContractRegistry registry;
      try {
        registry = ContractRegistry.builtin().with(contracts);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("config " + GraphConfig.HEADS.name() + ": " + e.getMessage(), e);
      }
      try {
        return new SignalGraph(nodes, registry, listener);
      } catch (GraphException e) {
        throw heads.isEmpty() ? e
            : new IllegalArgumentException("config " + GraphConfig.HEADS.name() + ": " + e.getMessage(), e);
      }
    } catch (RuntimeException e) {
      for (Node n : builtins) {
        closeQuietly(n, e);
      }
      throw e;
    }
  }

  /** Loads and validates every artifact of {@link GraphConfig#HEADS}; errors name the key and the file. */
  static List<HeadNode> heads(Config config) {
    List<HeadNode> heads = new ArrayList<>();
    for (Path p : GraphConfig.headPaths(config.get(GraphConfig.HEADS))) {
      String where = "config " + GraphConfig.HEADS.name() + ": head artifact " + p;
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException(where + ": file not found"
            + (p.isAbsolute() ? "" : " (relative to " + Path.of("").toAbsolutePath() + ")"));
      }
      try {
        heads.add(HeadNode.load(p));
      } catch (IOException | RuntimeException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String prefix = "artifact " + p + ": ";
        if (msg.startsWith(prefix)) {
          msg = msg.substring(prefix.length()); // ArtifactFormat names the file already; name it once
        }
        throw new IllegalArgumentException(where + ": " + msg, e);
      }
    }
    return heads;
  }

  private static void closeQuietly(Node n, Exception primary) {
    try {
      n.close();
    } catch (Exception e) {
      primary.addSuppressed(e);
    }
  }
}
