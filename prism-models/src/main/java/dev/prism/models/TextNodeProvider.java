package dev.prism.models;

import dev.prism.core.config.Config;
import dev.prism.core.config.ConfigKey;
import dev.prism.core.graph.NodeDeclaration;
import dev.prism.core.graph.NodeProvider;
import dev.prism.core.signal.ContractRegistry;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalSpec;
import dev.prism.models.text.LanguageNode;
import dev.prism.models.text.MiniLmTextEncoder;
import dev.prism.models.text.ShortTextLanguageNode;
import dev.prism.models.text.TextSimHashNode;
import dev.prism.models.text.TextStatsNode;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The text signals this module owns — {@code text_embedding@1} (MiniLM), {@code lang@1} (OpenNLP),
 * {@code lang@2} (Lingua, short text), {@code text_stats@1} and {@code text_simhash@1} — with their contracts
 * ({@value #CONTRACTS_RESOURCE}, and {@code lang.v2.json} for lang@2). Declaring them loads
 * nothing; each model is loaded when a run first needs its signal.
 */
public final class TextNodeProvider implements NodeProvider {
  /** The contract file of the text signals, shipped in this module's jar. */
  public static final String CONTRACTS_RESOURCE = "/contracts/text-signals.v1.json";

  /** The contracts of this module's text signals. */
  public static List<SignalContract> contracts() {
    return ContractRegistry.fromResource(TextNodeProvider.class, CONTRACTS_RESOURCE);
  }

  @Override
  public String name() {
    return "text-models";
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return ModelsConfig.KEYS;
  }

  @Override
  public List<NodeDeclaration> declare(Config config) {
    List<SignalContract> contracts = contracts();
    MiniLmTextEncoder.Options minilm = ModelsConfig.textEmbeddingOptions(config);
    int minLetters = config.get(ModelsConfig.LANG_MIN_LETTERS);
    double minConfidence = config.get(ModelsConfig.LANG_MIN_CONFIDENCE);
    return List.of(
        declaration(MiniLmTextEncoder.NODE_NAME, MiniLmTextEncoder.TEXT_EMBEDDING, contracts,
            () -> new MiniLmTextEncoder(minilm)),
        declaration(LanguageNode.NODE_NAME, LanguageNode.LANG, contracts,
            () -> new LanguageNode(minLetters, minConfidence)),
        declaration(TextStatsNode.NODE_NAME, TextStatsNode.TEXT_STATS, contracts, TextStatsNode::new),
        declaration(TextSimHashNode.NODE_NAME, TextSimHashNode.TEXT_SIMHASH, contracts, TextSimHashNode::new),
        // lang@2 ships its own contract file (a new major beside lang@1); Lingua's models are ~700 MB
        // of heap in the default high-accuracy mode, loaded only when a run asks for lang@2.
        declaration(ShortTextLanguageNode.NODE_NAME, ShortTextLanguageNode.LANG, ShortTextLanguageNode.contracts(),
            () -> ModelsConfig.lang2Node(config)));
  }

  private static NodeDeclaration declaration(String node, SignalSpec produces, List<SignalContract> all,
      NodeDeclaration.NodeFactory factory) {
    List<SignalContract> own = all.stream().filter(c -> c.spec().equals(produces)).toList();
    if (own.size() != 1) {
      throw new IllegalStateException(CONTRACTS_RESOURCE + " must declare " + produces + " exactly once");
    }
    return new NodeDeclaration(node, Set.of(), Set.of(produces), own, factory);
  }
}
