package dev.prism.store.label;

import java.util.Objects;

/** The producer of a label: its kind and its name (annotator id, labeling function name or model version). */
public record LabelSource(SourceKind kind, String name) {
  public LabelSource {
    Objects.requireNonNull(kind, "source kind must not be null");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("label source name must not be blank (kind " + kind + ")");
    }
  }

  public static LabelSource human(String annotator) {
    return new LabelSource(SourceKind.HUMAN, annotator);
  }

  public static LabelSource labelingFunction(String name) {
    return new LabelSource(SourceKind.LABELING_FUNCTION, name);
  }

  public static LabelSource model(String version) {
    return new LabelSource(SourceKind.MODEL, version);
  }

  @Override
  public String toString() {
    return kind + ":" + name;
  }
}
