package dev.prism.core.graph;

import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import java.util.List;
import java.util.Map;

/**
 * What a node receives: the items and, for every signal it consumes, a column aligned with them.
 * The graph only passes items whose inputs were all computed, so every input here is present.
 */
public record Batch(List<ContentItem> items, Map<SignalSpec, Column> inputs) {
  public Batch {
    items = List.copyOf(items);
    inputs = Map.copyOf(inputs);
  }

  public int size() {
    return items.size();
  }

  public SignalValue input(SignalSpec spec, int i) {
    Column c = inputs.get(spec);
    if (c == null) {
      throw new IllegalArgumentException("node did not declare " + spec + " as an input");
    }
    return c.get(i);
  }

  public <T extends SignalValue> T input(SignalSpec spec, int i, Class<T> type) {
    return type.cast(input(spec, i));
  }
}
