package dev.prism.store.io;

import java.util.Locale;

/** The label file formats Prism exports. Both carry the columns of {@link ColumnMapping#DEFAULT}. */
public enum ExportFormat {
  CSV,
  JSONL;

  public static ExportFormat parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "csv" -> CSV;
      case "jsonl" -> JSONL;
      default -> throw new IllegalArgumentException("unknown export format '" + name + "': expected csv or jsonl");
    };
  }
}
