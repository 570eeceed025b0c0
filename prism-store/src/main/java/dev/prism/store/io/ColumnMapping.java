package dev.prism.store.io;

import dev.prism.store.label.SourceKind;
import java.util.Objects;

/**
 * Which CSV columns (or JSONL fields) hold what.
 *
 * @param itemColumn the item id (required)
 * @param labelColumn the label value, one of the task's label set (required)
 * @param annotatorColumn the source name: annotator id, LF name or model version. Required unless
 *     {@code fixedSourceName} is given, in which case it is used only if present
 * @param confidenceColumn confidence in [0, 1], empty for none; null to ignore
 * @param timeColumn when the label was made: ISO-8601 instant ({@code 2024-05-01T10:00:00Z}),
 *     ISO offset date-time, or epoch milliseconds; empty means the import time; null to ignore
 * @param sourceKindColumn HUMAN / LABELING_FUNCTION (LF) / MODEL per row; null to use {@code defaultKind}
 * @param optionalColumnsRequired when true, a named confidence / time / source-kind column missing
 *     from the header is an error (the user asked for it); when false it is silently unused
 *     (the defaults name columns that Prism's own export writes)
 * @param defaultKind the source kind of rows without a source-kind column or value
 * @param fixedSourceName the source name for files without an annotator column, or null
 */
public record ColumnMapping(
    String itemColumn,
    String labelColumn,
    String annotatorColumn,
    String confidenceColumn,
    String timeColumn,
    String sourceKindColumn,
    boolean optionalColumnsRequired,
    SourceKind defaultKind,
    String fixedSourceName) {

  public static final String ITEM = "item_id";
  public static final String LABEL = "label";
  public static final String ANNOTATOR = "annotator";
  public static final String SOURCE_KIND = "source_kind";
  public static final String CONFIDENCE = "confidence";
  public static final String CREATED_AT = "created_at";

  /**
   * The default mapping: {@code item_id, label, annotator} required, {@code source_kind,
   * confidence, created_at} used when present. It reads what {@link LabelExporter} writes.
   */
  public static final ColumnMapping DEFAULT =
      new ColumnMapping(ITEM, LABEL, ANNOTATOR, CONFIDENCE, CREATED_AT, SOURCE_KIND, false, SourceKind.HUMAN, null);

  public ColumnMapping {
    requireName(itemColumn, "item column");
    requireName(labelColumn, "label column");
    requireName(annotatorColumn, "annotator column");
    Objects.requireNonNull(defaultKind, "default source kind");
    if (fixedSourceName != null && fixedSourceName.isBlank()) {
      throw new IllegalArgumentException("fixed source name must not be blank when given");
    }
  }

  private static void requireName(String name, String what) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(what + " name must not be blank");
    }
  }
}
