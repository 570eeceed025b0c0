package dev.prism.models.text.langid;

import dev.prism.models.text.ShortTextLanguageNode;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shared test fixtures: the bundled corpus, and one default lang@2 node for the whole test JVM
 * (loading Lingua's high-accuracy models takes seconds and ~0.7 GB; its model cache is JVM-wide
 * anyway). The node is never closed: closing would unload the models under other test classes.
 */
public final class LangIdFixture {
  private LangIdFixture() {}

  public static Path corpusDir() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("datasets/langid_short_texts"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("datasets/langid_short_texts not found above " + Path.of("").toAbsolutePath());
    }
    return p.resolve("datasets/langid_short_texts");
  }

  private static final class Holder {
    static final ShortTextLanguageNode NODE = new ShortTextLanguageNode(ShortTextLanguageNode.Options.defaults());
  }

  /** The default lang@2 node (high accuracy, 27 languages), built on first use. */
  public static ShortTextLanguageNode defaultNode() {
    return Holder.NODE;
  }
}
