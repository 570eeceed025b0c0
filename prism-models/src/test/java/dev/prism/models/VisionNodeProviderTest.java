package dev.prism.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prism.core.config.Config;
import dev.prism.core.config.ConfigKey;
import dev.prism.core.graph.NodeDeclaration;
import dev.prism.core.graph.NodeProvider;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.ValueType;
import dev.prism.models.vision.NsfwNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VisionNodeProviderTest {

  static Config config(String encoders) {
    List<ConfigKey<?>> keys = new ArrayList<>(ModelsConfig.KEYS);
    keys.addAll(new VisionNodeProvider().configKeys());
    return Config.load(keys, null, Map.of(), Map.of(VisionNodeProvider.IMAGE_ENCODERS.name(), encoders));
  }

  @Test
  void registeredAndDeclaresImageReadingNodesWithContracts() {
    assertTrue(ServiceLoader.load(NodeProvider.class).stream().anyMatch(p -> p.type() == VisionNodeProvider.class),
        "VisionNodeProvider is in META-INF/services");
    List<NodeDeclaration> decls = new VisionNodeProvider().declare(config(""));
    assertEquals(1, decls.size());
    NodeDeclaration d = decls.get(0);
    assertEquals(NsfwNode.NODE_NAME, d.name());
    assertTrue(d.readsImage());
    assertEquals(Set.of(new SignalSpec("nsfw", 1), new SignalSpec("image_embedding", 1)), d.produces());
    assertEquals(2, d.contracts().size());
    d.contracts().forEach(c -> assertEquals(NsfwNode.NODE_NAME, c.producer()));
    ValueType.FeaturesType nsfw = (ValueType.FeaturesType) d.contracts().stream()
        .filter(c -> c.spec().name().equals("nsfw")).findFirst().orElseThrow().type();
    assertEquals(NsfwNode.CLASSES, nsfw.names());
    ValueType.EmbeddingType emb = (ValueType.EmbeddingType) d.contracts().stream()
        .filter(c -> c.spec().name().equals("image_embedding")).findFirst().orElseThrow().type();
    assertEquals(NsfwNode.EMBEDDING_DIM, emb.dim());
  }

  @Test
  void imageEncodersKeyAddsOneNodePerSpec() {
    List<NodeDeclaration> decls = new VisionNodeProvider().declare(config("../examples/image-encoder/nsfwjs-backbone.json"));
    assertEquals(2, decls.size());
    assertEquals("nsfwjs_backbone_encoder", decls.get(1).name());
    assertTrue(decls.get(1).readsImage());
    assertEquals(Set.of(new SignalSpec("nsfwjs_backbone_embedding", 1)), decls.get(1).produces());
  }

  @Test
  void missingSpecFileNamesTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new VisionNodeProvider().declare(config("no/such/spec.json")));
    assertTrue(e.getMessage().startsWith("config graph.image_encoders: image encoder spec no/such/spec.json: file not found"), e.getMessage());
  }
}
