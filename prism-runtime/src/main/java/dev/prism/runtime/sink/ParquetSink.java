package dev.prism.runtime.sink;

import dev.prism.core.graph.ItemResult;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalRecord;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.core.signal.TabularColumn;
import dev.prism.core.signal.ValueCodec;
import dev.prism.core.signal.ValueCodecs;
import dev.prism.core.signal.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Parquet output, one row per item, typed columns derived from the signals' contracts (through each
 * value kind's {@link ValueCodec#columns}) so that Spark/DuckDB/pandas read them without parsing
 * JSON. For the built-in kinds:
 *
 * <ul>
 *   <li>{@code id}: string
 *   <li>embedding {@code name_vN}: list&lt;float&gt;
 *   <li>probability / score {@code name_vN}: double
 *   <li>label: {@code name_vN} string and {@code name_vN_confidence} double
 *   <li>features {@code name_vN}: struct of doubles, one field per feature name
 *   <li>hash / text {@code name_vN}: string
 *   <li>{@code errors}: JSON object string, null when every requested signal was computed
 * </ul>
 *
 * A column is null for an item whose signal failed. Provenance and contracts go into the file's
 * key/value metadata ({@code prism.provenance}, {@code prism.contracts}). The file is written
 * under a temporary name and renamed when complete, so a reader never sees a half-written file.
 */
public final class ParquetSink implements SignalSink {
  private static final ValueCodecs CODECS = ValueCodecs.standard();

  private final List<SignalSpec> specs;
  private final Map<SignalSpec, SignalContract> contracts;
  private final SimpleGroupFactory factory;
  private final ParquetWriter<Group> writer;
  private final Path tmp;
  private final Path target;
  private boolean committed;

  public ParquetSink(Path target, List<SignalSpec> specs, Map<SignalSpec, SignalContract> contracts,
      Map<String, String> fileMetadata) throws IOException {
    this.specs = List.copyOf(specs);
    this.contracts = Map.copyOf(contracts);
    this.target = target;
    this.tmp = target.resolveSibling(target.getFileName() + ".inprogress");
    MessageType schema = schema(specs, contracts);
    this.factory = new SimpleGroupFactory(schema);
    this.writer = ExampleParquetWriter.builder(new LocalOutputFile(tmp))
        .withType(schema)
        .withExtraMetaData(fileMetadata)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .build();
  }

  public static String column(SignalSpec s) {
    return s.name() + "_v" + s.major();
  }

  static MessageType schema(List<SignalSpec> specs, Map<SignalSpec, SignalContract> contracts) {
    List<Type> fields = new ArrayList<>();
    fields.add(Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("id"));
    for (SignalSpec s : specs) {
      ValueType type = contracts.get(s).type();
      for (TabularColumn col : CODECS.forType(type).columns(type)) {
        fields.add(parquetType(column(s) + col.suffix(), col));
      }
    }
    fields.add(Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("errors"));
    return new MessageType("prism_signals", fields);
  }

  /** The Parquet form of a tabular column; every kind a codec can declare has one. */
  static Type parquetType(String name, TabularColumn col) {
    return switch (col.kind()) {
      case DOUBLE -> Types.optional(PrimitiveTypeName.DOUBLE).named(name);
      case LONG -> Types.optional(PrimitiveTypeName.INT64).named(name);
      case STRING -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
      case FLOAT_LIST -> Types.optionalList().requiredElement(PrimitiveTypeName.FLOAT).named(name);
      case DOUBLE_STRUCT -> {
        Types.GroupBuilder<org.apache.parquet.schema.GroupType> g = Types.optionalGroup();
        for (String f : col.fields()) {
          g = g.optional(PrimitiveTypeName.DOUBLE).named(f);
        }
        yield g.named(name);
      }
    };
  }

  @Override
  public void write(List<ItemResult> results) throws IOException {
    for (ItemResult r : results) {
      Group g = factory.newGroup();
      g.append("id", r.itemId());
      for (SignalSpec s : specs) {
        SignalRecord rec = r.values().get(s);
        if (rec == null) {
          continue;
        }
        ValueType type = contracts.get(s).type();
        ValueCodec<SignalValue, ValueType> codec = CODECS.forType(type);
        List<TabularColumn> cols = codec.columns(type);
        List<Object> cells = codec.cells(rec.value(), type);
        for (int k = 0; k < cols.size(); k++) {
          append(g, column(s) + cols.get(k).suffix(), cols.get(k), cells.get(k));
        }
      }
      if (!r.errors().isEmpty()) {
        var o = dev.prism.core.io.SignalJson.MAPPER.createObjectNode();
        r.errors().forEach((s, why) -> o.put(s.toString(), why));
        g.append("errors", o.toString());
      }
      writer.write(g);
    }
  }

  private static void append(Group g, String name, TabularColumn col, Object cell) {
    if (cell == null) {
      return;
    }
    switch (col.kind()) {
      case DOUBLE -> g.append(name, (Double) cell);
      case LONG -> g.append(name, (Long) cell);
      case STRING -> g.append(name, (String) cell);
      case FLOAT_LIST -> {
        Group list = g.addGroup(name);
        for (float x : (float[]) cell) {
          list.addGroup("list").append("element", x);
        }
      }
      case DOUBLE_STRUCT -> {
        Group fg = g.addGroup(name);
        double[] v = (double[]) cell;
        for (int j = 0; j < v.length; j++) {
          fg.append(col.fields().get(j), v[j]);
        }
      }
    }
  }

  @Override
  public void commit() {
    committed = true;
  }

  /**
   * Closes the file; it replaces the target only after {@link #commit}, so a run that failed
   * halfway leaves the previous output (if any) untouched and no partial file behind.
   */
  @Override
  public void close() throws IOException {
    writer.close();
    if (committed) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } else {
      Files.deleteIfExists(tmp);
    }
  }
}
