package dev.prism.cli;

import dev.prism.core.config.ConfigKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Configuration keys of the signal graph that the CLI commands and the server run. */
public final class GraphConfig {
  private GraphConfig() {}

  public static final ConfigKey<String> HEADS = ConfigKey.stringKey("graph.heads", "",
      "Trained head artifacts (prism-learn `prism train` output, JSON) to serve next to the built-in signals, "
          + "comma-separated paths; relative paths resolve against the working directory. Each head's output "
          + "contract (e.g. spam@1) joins the registry and its inputs must be produced by the graph; an unreadable "
          + "or invalid artifact, or a missing input, fails at start-up. Default: none. "
          + "E.g. graph.heads=models/spam-youtube.v1.json");

  public static final List<ConfigKey<?>> KEYS = List.of(HEADS);

  /** The artifact paths of {@link #HEADS}, blanks dropped. */
  static List<Path> headPaths(String value) {
    List<Path> out = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        out.add(Path.of(part.strip()));
      }
    }
    return out;
  }
}
