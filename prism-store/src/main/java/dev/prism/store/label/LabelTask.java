package dev.prism.store.label;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A labeling task: a question asked of every item, answered with one value of an ordered label
 * set. The position of a value in the set is its class index (what label models and WRENCH use).
 */
public record LabelTask(String name, List<String> labelSet, String description, Instant createdAt) {
  public LabelTask {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("labeling task name must not be blank");
    }
    Objects.requireNonNull(labelSet, "label set must not be null");
    if (labelSet.size() < 2) {
      throw new IllegalArgumentException("labeling task '" + name + "' needs at least 2 label values, got " + labelSet);
    }
    var seen = new HashSet<String>();
    for (String v : labelSet) {
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException("labeling task '" + name + "' has a blank label value in " + labelSet);
      }
      if (!v.equals(v.strip())) {
        throw new IllegalArgumentException("label value '" + v + "' of task '" + name + "' has leading or trailing spaces");
      }
      if (!seen.add(v)) {
        throw new IllegalArgumentException("labeling task '" + name + "' lists label value '" + v + "' twice in " + labelSet);
      }
    }
    labelSet = List.copyOf(labelSet);
    description = description == null ? "" : description;
    Objects.requireNonNull(createdAt, "createdAt must not be null");
  }

  /** The class index of {@code value}, or -1 when it is not in the label set. */
  public int indexOf(String value) {
    return labelSet.indexOf(value);
  }

  /** The class index of {@code value}; a value outside the label set is a precise error. */
  public int requireIndex(String value) {
    int i = labelSet.indexOf(value);
    if (i < 0) {
      throw new IllegalArgumentException(unknownValueMessage(value));
    }
    return i;
  }

  /** The message for a value outside the label set, shared by the store and the importers. */
  public String unknownValueMessage(String value) {
    return "unknown label value '" + value + "' for task '" + name + "' (label set " + labelSet + ")";
  }
}
