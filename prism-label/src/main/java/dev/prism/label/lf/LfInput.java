package dev.prism.label.lf;

import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import java.util.Map;

/** One item as labeling functions see it: the item and its computed signals. */
public record LfInput(ContentItem item, Map<SignalSpec, SignalValue> signals) {
  public LfInput {
    if (item == null) {
      throw new IllegalArgumentException("LfInput.item must not be null");
    }
    signals = signals == null ? Map.of() : Map.copyOf(signals);
  }

  public static LfInput ofText(String id, String text) {
    return new LfInput(ContentItem.ofText(id, text), Map.of());
  }
}
