package dev.prism.spark;

import dev.prism.core.graph.ItemResult;
import dev.prism.core.io.SignalJson;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalRecord;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.core.signal.TabularColumn;
import dev.prism.core.signal.ValueCodec;
import dev.prism.core.signal.ValueCodecs;
import dev.prism.core.signal.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark schema of the job's output, built from the same {@link ValueCodec#columns} as
 * {@code prism score}'s Parquet sink (prism-runtime's {@code ParquetSink}), so the two files have
 * the same columns and types: {@code id}, one or more columns per signal ({@code name_vN} plus the
 * codec's suffixes), {@code errors} (JSON object of signal → reason, null when complete). Two
 * columns follow that {@code prism score} does not need, because it reports bad rows on stderr
 * instead of writing them: {@link #ROW_ERROR} and {@link #ROW_SOURCE}.
 */
public final class SparkSchema {
  /** Why the input row could not be read as an item (null for items); the row's signal columns are null. */
  public static final String ROW_ERROR = "row_error";
  /** The input file a bad row came from (null for items). */
  public static final String ROW_SOURCE = "row_source";
  /**
   * When the row's values were computed (the end of its batch). A backfill copies it with the row, so it
   * stays the time of the value, which is what a point-in-time snapshot ({@code --as-of}) filters on.
   */
  public static final String SCORED_AT = "scored_at";

  private static final ValueCodecs CODECS = ValueCodecs.standard();

  private SparkSchema() {}

  /** {@code name_vN}, as in the Parquet sink. */
  public static String column(SignalSpec s) {
    return s.name() + "_v" + s.major();
  }

  /** The output schema for {@code specs} in this order. */
  public static StructType of(List<SignalSpec> specs, Map<SignalSpec, SignalContract> contracts) {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("id", DataTypes.StringType, false));
    for (SignalSpec s : specs) {
      ValueType type = contracts.get(s).type();
      for (TabularColumn col : CODECS.forType(type).columns(type)) {
        fields.add(DataTypes.createStructField(column(s) + col.suffix(), sparkType(col), true));
      }
    }
    fields.add(DataTypes.createStructField("errors", DataTypes.StringType, true));
    fields.add(DataTypes.createStructField(ROW_ERROR, DataTypes.StringType, true));
    fields.add(DataTypes.createStructField(ROW_SOURCE, DataTypes.StringType, true));
    fields.add(DataTypes.createStructField(SCORED_AT, DataTypes.TimestampType, true));
    return DataTypes.createStructType(fields);
  }

  /** The Spark form of a tabular column; the same shapes the Parquet sink writes. */
  static DataType sparkType(TabularColumn col) {
    return switch (col.kind()) {
      case DOUBLE -> DataTypes.DoubleType;
      case LONG -> DataTypes.LongType;
      case STRING -> DataTypes.StringType;
      // the sink writes list<float> with required elements
      case FLOAT_LIST -> DataTypes.createArrayType(DataTypes.FloatType, false);
      case DOUBLE_STRUCT -> {
        List<StructField> fs = new ArrayList<>();
        for (String f : col.fields()) {
          fs.add(DataTypes.createStructField(f, DataTypes.DoubleType, true));
        }
        yield DataTypes.createStructType(fs);
      }
    };
  }

  /** One scored item as a row of {@link #of}'s schema. */
  public static Row row(ItemResult r, List<SignalSpec> specs, Map<SignalSpec, SignalContract> contracts, int width,
      java.sql.Timestamp scoredAt) {
    Object[] cells = new Object[width];
    int i = 0;
    cells[i++] = r.itemId();
    for (SignalSpec s : specs) {
      ValueType type = contracts.get(s).type();
      ValueCodec<SignalValue, ValueType> codec = CODECS.forType(type);
      List<TabularColumn> cols = codec.columns(type);
      SignalRecord rec = r.values().get(s);
      List<Object> values = rec == null ? null : codec.cells(rec.value(), type);
      for (int k = 0; k < cols.size(); k++) {
        cells[i++] = values == null ? null : sparkCell(cols.get(k), values.get(k));
      }
    }
    if (!r.errors().isEmpty()) {
      var o = SignalJson.MAPPER.createObjectNode();
      r.errors().forEach((s, why) -> o.put(s.toString(), why));
      cells[i] = o.toString();
    }
    cells[width - 1] = scoredAt;
    return RowFactory.create(cells);
  }

  /** A row for an input row that is no item: its id when readable, the reason and the file. */
  public static Row badRow(String id, String reason, String source, int width, java.sql.Timestamp scoredAt) {
    Object[] cells = new Object[width];
    cells[0] = id;
    cells[width - 3] = reason;
    cells[width - 2] = source;
    cells[width - 1] = scoredAt;
    return RowFactory.create(cells);
  }

  private static Object sparkCell(TabularColumn col, Object cell) {
    if (cell == null) {
      return null;
    }
    return switch (col.kind()) {
      case DOUBLE, LONG, STRING -> cell;
      // Spark's row encoder takes a Scala Seq for an array column; this one wraps the floats without copying
      case FLOAT_LIST -> new scala.collection.immutable.ArraySeq.ofFloat((float[]) cell);
      case DOUBLE_STRUCT -> {
        double[] d = (double[]) cell;
        Object[] boxed = new Object[d.length];
        for (int j = 0; j < d.length; j++) {
          boxed[j] = d[j];
        }
        yield RowFactory.create(boxed);
      }
    };
  }
}
