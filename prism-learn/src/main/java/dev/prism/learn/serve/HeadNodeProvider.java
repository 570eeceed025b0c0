package dev.prism.learn.serve;

import dev.prism.core.config.Config;
import dev.prism.core.config.ConfigKey;
import dev.prism.core.graph.NodeDeclaration;
import dev.prism.core.graph.NodeProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Trained heads as graph nodes: every artifact named by {@link #HEADS} becomes a node under the
 * contract its artifact declares. Artifacts are small JSON files, so they are read (and validated)
 * when the graph is declared; a missing or corrupt file fails start-up naming the key and the file.
 */
public final class HeadNodeProvider implements NodeProvider {

  public static final ConfigKey<String> HEADS = ConfigKey.stringKey("graph.heads", "",
      "Trained head artifacts (`prism train` output, JSON) to serve next to the built-in signals, "
          + "comma-separated paths; relative paths resolve against the working directory. Each head's output "
          + "contract (e.g. spam@1) joins the registry and its inputs must be produced by the graph; an unreadable "
          + "or invalid artifact, or a missing input, fails at start-up. Default: none. "
          + "Example: graph.heads=models/spam-youtube.v1.json");

  @Override
  public String name() {
    return "heads";
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return List.of(HEADS);
  }

  @Override
  public List<NodeDeclaration> declare(Config config) {
    List<NodeDeclaration> out = new ArrayList<>();
    for (HeadNode head : load(config.get(HEADS))) {
      out.add(NodeDeclaration.of(head, List.of(head.contract())));
    }
    return out;
  }

  /** The artifact paths of a {@link #HEADS} value, blanks dropped. */
  public static List<Path> paths(String value) {
    List<Path> out = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        out.add(Path.of(part.strip()));
      }
    }
    return out;
  }

  /** Loads and validates every artifact of a {@link #HEADS} value; errors name the key and the file. */
  public static List<HeadNode> load(String value) {
    List<HeadNode> heads = new ArrayList<>();
    for (Path p : paths(value)) {
      String where = "config " + HEADS.name() + ": head artifact " + p;
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
}
