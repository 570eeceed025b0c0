package dev.prism.monitor.log;

import dev.prism.core.io.SignalJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads a {@code prism score} Parquet output (prism-runtime's ParquetSink layout: {@code id}, one
 * column per signal named {@code name_vMAJOR} — plus {@code name_vMAJOR_confidence} for a label —
 * and an {@code errors} JSON column) as log rows, so it can be the reference of
 * {@code prism monitor}. The kind follows the column type: a number is a scalar, a string with a
 * confidence column a label (without one: text or hash, logged as present), a list an embedding, a
 * struct a features value.
 */
public final class ParquetSignals {
  private static final Pattern SIGNAL_COLUMN = Pattern.compile("([a-z][a-z0-9_]*)_v(\\d+)");

  private ParquetSignals() {}

  public static JsonlSignals.Read read(Path file, Predicate<String> wantSignal) throws IOException {
    List<ServedRow> rows = new ArrayList<>();
    long items = 0;
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
      MessageType schema = r.getFileMetaData().getSchema();
      if (!schema.containsField("id")) {
        throw new IllegalArgumentException(file + ": no 'id' column: not a prism score Parquet output");
      }
      Map<String, String> signals = new LinkedHashMap<>(); // column -> name@major
      for (Type t : schema.getFields()) {
        Matcher m = SIGNAL_COLUMN.matcher(t.getName());
        if (m.matches()) {
          signals.put(t.getName(), m.group(1) + "@" + m.group(2));
        }
      }
      PageReadStore page;
      while ((page = r.readNextRowGroup()) != null) {
        RecordReader<Group> rr = new ColumnIOFactory().getColumnIO(schema).getRecordReader(page, new GroupRecordConverter(schema));
        for (long i = 0; i < page.getRowCount(); i++) {
          Group g = rr.read();
          String id = g.getString("id", 0);
          items++;
          for (Map.Entry<String, String> e : signals.entrySet()) {
            String col = e.getKey();
            String signal = e.getValue();
            if (!wantSignal.test(signal) || g.getFieldRepetitionCount(col) == 0) {
              continue;
            }
            rows.add(row(g, schema, col, id, signal));
          }
          if (schema.containsField("errors") && g.getFieldRepetitionCount("errors") > 0) {
            SignalJson.MAPPER.readTree(g.getString("errors", 0)).properties().forEach(err -> {
              if (wantSignal.test(err.getKey())) {
                rows.add(new ServedRow(id, err.getKey(), "error", "", "", "", 0, Double.NaN,
                    new LoggedValue.Failed(err.getValue().asText())));
              }
            });
          }
        }
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": not a readable prism score Parquet output: " + e.getMessage(), e);
    }
    return new JsonlSignals.Read(rows, items, 0, List.of());
  }

  private static ServedRow row(Group g, MessageType schema, String col, String id, String signal) {
    Type t = schema.getType(col);
    String kind;
    LoggedValue v;
    if (t.isPrimitive()) {
      switch (t.asPrimitiveType().getPrimitiveTypeName()) {
        case DOUBLE -> {
          kind = "score";
          v = new LoggedValue.Scalar(g.getDouble(col, 0));
        }
        case INT64 -> {
          kind = "score";
          v = new LoggedValue.Scalar(g.getLong(col, 0));
        }
        default -> {
          String conf = col + "_confidence";
          if (schema.containsField(conf)) {
            kind = "label";
            v = new LoggedValue.Category(g.getString(col, 0),
                g.getFieldRepetitionCount(conf) > 0 ? g.getDouble(conf, 0) : Double.NaN);
          } else {
            kind = "text";
            v = new LoggedValue.Present();
          }
        }
      }
    } else if (t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
      Group list = g.getGroup(col, 0);
      int n = list.getFieldRepetitionCount("list");
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = list.getGroup("list", i).getFloat("element", 0);
      }
      kind = "embedding";
      v = new LoggedValue.Vector(x);
    } else {
      GroupType gt = t.asGroupType();
      Group s = g.getGroup(col, 0);
      Map<String, Double> m = new LinkedHashMap<>();
      for (Type f : gt.getFields()) {
        if (s.getFieldRepetitionCount(f.getName()) > 0) {
          m.put(f.getName(), s.getDouble(f.getName(), 0));
        }
      }
      kind = "features";
      v = new LoggedValue.Named(m);
    }
    return new ServedRow(id, signal, kind, "", "", "", 0, Double.NaN, v);
  }
}
