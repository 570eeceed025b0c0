package dev.prism.core.graph;

import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalSpec;
import java.util.Map;
import java.util.Set;

/**
 * A unit of the signal graph: an encoder (heavy, pretrained) or a head (light, learned) or a
 * deterministic feature extractor. Declares what it consumes and produces; computes a whole batch
 * at once.
 *
 * <p>Implementations must be safe to call from several threads at once (the server runs batches
 * concurrently) and release native resources in {@link #close()}.
 */
public interface Node extends AutoCloseable {

  /** Stable node id, used in provenance, metrics and error messages. */
  String name();

  Set<SignalSpec> consumes();

  Set<SignalSpec> produces();

  /** Provenance attached to every value this node produces. */
  Provenance provenance();

  /**
   * Computes every produced signal for the batch. The returned map holds one column per produced
   * spec, each of {@code batch.size()}; failed positions carry a reason. Throwing fails the whole
   * batch for this node (and is reported per item), so reserve it for real faults.
   */
  Map<SignalSpec, Column> compute(Batch batch);

  /** Largest batch this node handles efficiently; runners split larger ones. */
  default int maxBatchSize() {
    return 64;
  }

  @Override
  default void close() {}
}
