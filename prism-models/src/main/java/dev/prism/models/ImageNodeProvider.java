package dev.prism.models;

import dev.prism.core.config.Config;
import dev.prism.core.config.ConfigKey;
import dev.prism.core.graph.NodeDeclaration;
import dev.prism.core.graph.NodeProvider;
import dev.prism.core.signal.ContractRegistry;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalSpec;
import dev.prism.models.image.hash.ImageHashNode;
import dev.prism.models.image.quality.ImageQualityNode;
import java.util.List;
import java.util.Set;

/**
 * The deterministic image signals — {@code image_quality@1}, {@code image_phash@1} and
 * {@code image_dhash@1} — with their contracts ({@value #CONTRACTS_RESOURCE}). Both nodes read the
 * item's image, so a run that needs them decodes media in the media stage first. No model, no
 * configuration: every parameter is a documented constant of the code (QUALITY.md, HASHING.md).
 */
public final class ImageNodeProvider implements NodeProvider {
  /** The contract file of the image signals, shipped in this module's jar. */
  public static final String CONTRACTS_RESOURCE = "/contracts/image-signals.v1.json";

  /** The contracts of these image signals. */
  public static List<SignalContract> contracts() {
    return ContractRegistry.fromResource(ImageNodeProvider.class, CONTRACTS_RESOURCE);
  }

  @Override
  public String name() {
    return "image-signals";
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return List.of();
  }

  @Override
  public List<NodeDeclaration> declare(Config config) {
    List<SignalContract> contracts = contracts();
    return List.of(
        declaration(ImageQualityNode.NODE_NAME, Set.of(ImageQualityNode.IMAGE_QUALITY), contracts, ImageQualityNode::new),
        declaration(ImageHashNode.NODE_NAME, Set.of(ImageHashNode.IMAGE_PHASH, ImageHashNode.IMAGE_DHASH), contracts,
            ImageHashNode::new));
  }

  private static NodeDeclaration declaration(String node, Set<SignalSpec> produces, List<SignalContract> all,
      NodeDeclaration.NodeFactory factory) {
    List<SignalContract> own = all.stream().filter(c -> produces.contains(c.spec())).toList();
    if (own.size() != produces.size()) {
      throw new IllegalStateException(CONTRACTS_RESOURCE + " must declare each of " + produces + " exactly once");
    }
    return new NodeDeclaration(node, Set.of(), produces, own, factory).readingImage();
  }
}
