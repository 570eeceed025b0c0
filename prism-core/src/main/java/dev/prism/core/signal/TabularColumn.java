package dev.prism.core.signal;

import java.util.List;

/**
 * One column of a value's tabular form, independent of the table format (the Parquet sink and the
 * Spark runner map it to their own types).
 *
 * @param suffix appended to the signal's column name ({@code ""}: the signal's column itself)
 * @param kind the cell type
 * @param fields struct field names, only for {@link Kind#DOUBLE_STRUCT}
 */
public record TabularColumn(String suffix, Kind kind, List<String> fields) {

  /** Cell types every table format Prism writes can hold. */
  public enum Kind {
    /** A double; cell {@code Double}. */
    DOUBLE,
    /** A 64-bit integer; cell {@code Long}. */
    LONG,
    /** A UTF-8 string; cell {@code String}. */
    STRING,
    /** A list of floats (embeddings); cell {@code float[]}. */
    FLOAT_LIST,
    /** A struct of named doubles; cell {@code double[]} in {@code fields} order. */
    DOUBLE_STRUCT
  }

  public TabularColumn {
    fields = fields == null ? List.of() : List.copyOf(fields);
    if (kind == Kind.DOUBLE_STRUCT && fields.isEmpty()) {
      throw new IllegalArgumentException("a struct column needs field names");
    }
  }

  public static TabularColumn of(String suffix, Kind kind) {
    return new TabularColumn(suffix, kind, List.of());
  }
}
