package dev.prism.models;

import dev.prism.core.config.Config;
import dev.prism.core.graph.Node;
import dev.prism.models.text.LanguageNode;
import dev.prism.models.text.MiniLmTextEncoder;
import dev.prism.models.text.TextStatsNode;
import java.util.List;
import java.util.Locale;

/** The built-in signal nodes, constructed from configuration. The caller owns (closes) them. */
public final class BuiltinNodes {
  private BuiltinNodes() {}

  public static List<Node> create(Config config) {
    MiniLmTextEncoder.Options opts = new MiniLmTextEncoder.Options(
        MiniLmTextEncoder.Variant.valueOf(config.get(ModelsConfig.TEXT_EMBEDDING_VARIANT).toUpperCase(Locale.ROOT)),
        config.get(ModelsConfig.TEXT_EMBEDDING_MAX_TOKENS),
        config.get(ModelsConfig.TEXT_EMBEDDING_MODEL_BATCH),
        config.get(ModelsConfig.TEXT_EMBEDDING_TOKEN_BUDGET),
        ModelsConfig.onnxSettings(config));
    return List.of(
        new MiniLmTextEncoder(opts),
        new LanguageNode(config.get(ModelsConfig.LANG_MIN_LETTERS), config.get(ModelsConfig.LANG_MIN_CONFIDENCE)),
        new TextStatsNode());
  }
}
