package dev.prism.store.label;

import java.time.Instant;
import java.util.Objects;

/**
 * One label: {@code source} says {@code item} is {@code value} for {@code task}.
 *
 * @param confidence the source's confidence in [0, 1], or null when it gave none (typical of people)
 * @param createdAt when the label was made; stored with millisecond precision
 */
public record Label(String task, String itemId, String value, LabelSource source, Double confidence, Instant createdAt) {
  public Label {
    if (task == null || task.isBlank()) {
      throw new IllegalArgumentException("label task must not be blank");
    }
    if (itemId == null || itemId.isBlank()) {
      throw new IllegalArgumentException("label item id must not be blank (task '" + task + "')");
    }
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("label value must not be blank (task '" + task + "', item '" + itemId + "')");
    }
    Objects.requireNonNull(source, "label source must not be null");
    if (confidence != null && !(confidence >= 0.0 && confidence <= 1.0)) {
      throw new IllegalArgumentException("label confidence must be in [0, 1], got " + confidence
          + " (task '" + task + "', item '" + itemId + "')");
    }
    Objects.requireNonNull(createdAt, "label createdAt must not be null");
  }
}
