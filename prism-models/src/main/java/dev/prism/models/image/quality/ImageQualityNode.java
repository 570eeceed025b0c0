package dev.prism.models.image.quality;

import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.graph.Node;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.models.image.ItemImage;
import java.util.Map;
import java.util.Set;

/** {@code image_quality@1}: {@link ImageQuality} of the item's image; an item without one fails alone. */
public final class ImageQualityNode implements Node {
  public static final String NODE_NAME = "image_quality";
  public static final SignalSpec IMAGE_QUALITY = new SignalSpec("image_quality", 1);

  private final Provenance provenance = Provenance.ofCode("prism/image_quality", "1", Map.of(
      "sharpness_long_side", Integer.toString(ImageQuality.SHARPNESS_LONG_SIDE),
      "highlight_luma", Integer.toString(ImageQuality.HIGHLIGHT_LUMA),
      "shadow_luma", Integer.toString(ImageQuality.SHADOW_LUMA)));

  @Override
  public String name() {
    return NODE_NAME;
  }

  @Override
  public Set<SignalSpec> consumes() {
    return Set.of();
  }

  @Override
  public Set<SignalSpec> produces() {
    return Set.of(IMAGE_QUALITY);
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  /** Per-image work is a few passes over the pixels; batching buys nothing, small batches bound memory. */
  @Override
  public int maxBatchSize() {
    return 16;
  }

  @Override
  public Map<SignalSpec, Column> compute(Batch batch) {
    Column c = new Column(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      switch (ItemImage.of(batch.items().get(i).image())) {
        case ItemImage.Present p -> c.set(i, new SignalValue.Features(ImageQuality.of(p.image()).toFeatures()));
        case ItemImage.Missing m -> c.fail(i, m.reason());
      }
    }
    return Map.of(IMAGE_QUALITY, c);
  }
}
