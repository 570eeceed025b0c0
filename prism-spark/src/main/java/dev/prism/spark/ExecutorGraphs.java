package dev.prism.spark;

import dev.prism.core.config.Config;
import dev.prism.core.graph.GraphListener;
import dev.prism.core.graph.SignalGraph;
import dev.prism.runtime.config.PrismConfig;
import dev.prism.runtime.graph.GraphAssembly;
import dev.prism.runtime.media.MediaResolver;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One signal graph (and media stage) per executor JVM and configuration, built on first use by the
 * first task that needs it and shared by every task after it, so models load once per JVM, not
 * once per partition. The graph is lazy: a node's model loads when a batch first needs it.
 *
 * <p>This is the one piece of JVM-wide mutable state in the job, and it has to be: Spark
 * deserialises a fresh copy of the task function for every task, so nothing reachable from the
 * function outlives it. The map only grows by whole configurations (a job uses one); graphs are
 * closed when the JVM exits.
 */
final class ExecutorGraphs {
  /** A graph with the media stage of the same configuration. */
  record Runtime(Config config, SignalGraph graph, MediaResolver media) {}

  private static final Map<Map<String, String>, Runtime> BY_CONFIG = new ConcurrentHashMap<>();

  private ExecutorGraphs() {}

  /** The runtime for {@code settings} (every key as a string, as {@link Config#asStrings} gives them). */
  static Runtime get(Map<String, String> settings) {
    return BY_CONFIG.computeIfAbsent(new TreeMap<>(settings), ExecutorGraphs::build);
  }

  private static Runtime build(Map<String, String> settings) {
    Config config = PrismConfig.load(List.of(), null, Map.of(), settings);
    SignalGraph graph = GraphAssembly.build(config, GraphListener.NONE);
    MediaResolver media = MediaResolver.create(config);
    Runtime rt = new Runtime(config, graph, media);
    java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      media.close();
      graph.close();
    }, "prism-graph-close"));
    return rt;
  }
}
