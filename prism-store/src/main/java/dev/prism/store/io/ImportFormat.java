package dev.prism.store.io;

import java.util.Objects;

/** The label file formats Prism imports. */
public sealed interface ImportFormat {

  /** Short name for messages and reports: csv, jsonl, wrench. */
  String name();

  /** A CSV file with a header row; columns per {@code mapping}. */
  record Csv(ColumnMapping mapping, char delimiter) implements ImportFormat {
    public static final char DEFAULT_DELIMITER = ',';

    public Csv {
      Objects.requireNonNull(mapping, "mapping");
    }

    public Csv(ColumnMapping mapping) {
      this(mapping, DEFAULT_DELIMITER);
    }

    @Override
    public String name() {
      return "csv";
    }
  }

  /** One JSON object per line; fields per {@code mapping}. */
  record Jsonl(ColumnMapping mapping) implements ImportFormat {
    public Jsonl {
      Objects.requireNonNull(mapping, "mapping");
    }

    @Override
    public String name() {
      return "jsonl";
    }
  }

  /**
   * A WRENCH benchmark split: {@code {id: {"data": {...}, "label": int, "weak_labels": [int…]}}}.
   * {@code label} becomes a HUMAN label from source {@code goldSource}; weak label {@code j} a
   * LABELING_FUNCTION label from {@code lf_<j>}; -1 (abstain) is skipped. Ints index the label set.
   */
  record Wrench(String goldSource) implements ImportFormat {
    /** The source name of WRENCH's ground-truth labels. */
    public static final String DEFAULT_GOLD_SOURCE = "wrench";
    /** Prefix of the labeling function source names; the suffix is the 0-based column in weak_labels. */
    public static final String LF_PREFIX = "lf_";

    public Wrench {
      if (goldSource == null || goldSource.isBlank()) {
        throw new IllegalArgumentException("WRENCH gold source name must not be blank");
      }
    }

    public Wrench() {
      this(DEFAULT_GOLD_SOURCE);
    }

    @Override
    public String name() {
      return "wrench";
    }
  }
}
