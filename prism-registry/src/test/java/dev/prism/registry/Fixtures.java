package dev.prism.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The bundled spam head and its real eval report, and edited copies of them. */
final class Fixtures {
  /** The bundled head, from the repository root. */
  static final Path BUNDLED_HEAD = Path.of("..", "models", "spam-youtube.v1.json");
  /** {@code sha256sum models/spam-youtube.v1.json}, computed outside Prism. */
  static final String BUNDLED_SHA = "a43ab21f0144774277b86e0d8aaa938f751c21172136aa4f838dc1243845b386";
  static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  /** {@code prism eval --artifact models/spam-youtube.v1.json --split test}'s report.json, copied to {@code dir}. */
  static Path report(Path dir) throws IOException {
    Path out = dir.resolve("report.json");
    try (InputStream in = Fixtures.class.getResourceAsStream("/spam-youtube.v1.eval-report.json")) {
      Files.write(out, in.readAllBytes());
    }
    return out;
  }

  /** A copy of the bundled head with {@code edit} applied to its JSON tree: another valid artifact. */
  static Path editedHead(Path dir, String name, Consumer<ObjectNode> edit) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(BUNDLED_HEAD.toFile());
    edit.accept(root);
    Path out = dir.resolve(name);
    JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), root);
    return out;
  }
}
