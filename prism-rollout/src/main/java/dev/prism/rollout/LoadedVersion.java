package dev.prism.rollout;

import dev.prism.core.signal.Provenance;
import dev.prism.learn.serve.HeadNode;
import dev.prism.registry.ModelVersion;

/**
 * A registry version loaded, checked and ready to serve.
 *
 * @param provenance the head's own provenance plus {@code registry.version} ({@code spam@v2}), which
 *     is what a response says answered an item
 */
public record LoadedVersion(ModelVersion version, HeadNode node, Provenance provenance) {
  public String ref() {
    return version.ref();
  }
}
