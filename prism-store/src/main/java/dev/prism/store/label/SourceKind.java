package dev.prism.store.label;

import java.util.Locale;

/** Who produced a label. Stored by name in the {@code label.source_kind} column. */
public enum SourceKind {
  /** A person; the source name is the annotator id. */
  HUMAN,
  /** A labeling function (weak supervision); the source name is the function's name. */
  LABELING_FUNCTION,
  /** A model's prediction; the source name is the model version. */
  MODEL;

  /** Parses a kind by name, case-insensitively; {@code lf} is accepted for LABELING_FUNCTION. */
  public static SourceKind parse(String text) {
    String t = text == null ? "" : text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    if (t.equals("LF")) {
      return LABELING_FUNCTION;
    }
    for (SourceKind k : values()) {
      if (k.name().equals(t)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown source kind '" + text + "': expected HUMAN, LABELING_FUNCTION (or LF) or MODEL");
  }
}
