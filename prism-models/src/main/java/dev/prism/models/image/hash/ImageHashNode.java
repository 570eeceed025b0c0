package dev.prism.models.image.hash;

import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.graph.Node;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.models.image.ItemImage;
import java.util.Map;
import java.util.Set;

/**
 * {@code image_phash@1} and {@code image_dhash@1} ({@link PerceptualHash}) of the item's image, from
 * one luma plane; an item without an image fails both, alone.
 */
public final class ImageHashNode implements Node {
  public static final String NODE_NAME = "image_phash";
  public static final SignalSpec IMAGE_PHASH = new SignalSpec("image_phash", 1);
  public static final SignalSpec IMAGE_DHASH = new SignalSpec("image_dhash", 1);

  private final Provenance provenance = Provenance.ofCode("prism/image_phash", "1", Map.of(
      "phash", PerceptualHash.PHASH_SIZE + "x" + PerceptualHash.PHASH_SIZE + " box, DCT-II " + PerceptualHash.PHASH_LOW
          + "x" + PerceptualHash.PHASH_LOW + " incl. DC, median",
      "dhash", PerceptualHash.DHASH_WIDTH + "x" + PerceptualHash.DHASH_HEIGHT + " box, left < right"));

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
    return Set.of(IMAGE_PHASH, IMAGE_DHASH);
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public int maxBatchSize() {
    return 16;
  }

  @Override
  public Map<SignalSpec, Column> compute(Batch batch) {
    Column phash = new Column(batch.size());
    Column dhash = new Column(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      switch (ItemImage.of(batch.items().get(i).image())) {
        case ItemImage.Present p -> {
          PerceptualHash.Hashes h = PerceptualHash.both(p.image().pixels());
          phash.set(i, new SignalValue.Hash(PerceptualHash.hex(h.phash())));
          dhash.set(i, new SignalValue.Hash(PerceptualHash.hex(h.dhash())));
        }
        case ItemImage.Missing m -> {
          phash.fail(i, m.reason());
          dhash.fail(i, m.reason());
        }
      }
    }
    return Map.of(IMAGE_PHASH, phash, IMAGE_DHASH, dhash);
  }
}
