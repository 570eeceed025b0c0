package dev.prism.core.graph;

import dev.prism.core.config.Config;
import dev.prism.core.config.ConfigKey;
import java.util.List;

/**
 * A module's contribution to the signal graph, discovered with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.prism.core.graph.NodeProvider}). A provider declares its nodes and
 * ships their contracts; it must not load models in {@link #declare}: nodes are built lazily, only
 * when a run needs them (so {@code prism score --signals lang} never loads the text encoder).
 */
public interface NodeProvider {

  /** Short name for logs and errors, e.g. {@code text-models}. */
  String name();

  /** Configuration keys this provider reads, documented in {@code prism config}. */
  List<ConfigKey<?>> configKeys();

  /**
   * The nodes this provider contributes under {@code config}. Cheap: reads configuration and
   * small files (contracts, head artifacts) only. Throws {@link IllegalArgumentException} naming
   * the configuration key when the configuration is wrong.
   */
  List<NodeDeclaration> declare(Config config);
}
