package dev.prism.learn.data;

import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a training snapshot: an item's input signal values, its labels and metadata.
 *
 * @param label the hard label as written (a class name, or a class index in decimal)
 * @param softLabel a label model's class distribution, when present
 * @param meta free metadata (slice fields, source, author…); values as strings
 */
public record SnapshotItem(
    String id, String text, Map<SignalSpec, SignalValue> features, Optional<String> label, Optional<double[]> softLabel,
    Map<String, String> meta, Split split) {

  public SnapshotItem {
    Objects.requireNonNull(id, "id");
    text = text == null ? "" : text;
    features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
    label = label == null ? Optional.empty() : label;
    softLabel = softLabel == null ? Optional.empty() : softLabel.map(double[]::clone);
    meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta == null ? Map.of() : meta));
    split = split == null ? Split.TRAIN : split;
  }

  public boolean hasLabel() {
    return label.isPresent() || softLabel.isPresent();
  }
}
