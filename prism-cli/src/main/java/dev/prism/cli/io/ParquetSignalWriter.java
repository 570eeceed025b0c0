package dev.prism.cli.io;

import dev.prism.core.graph.ItemResult;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalRecord;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
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
 * Parquet output, one row per item, typed columns derived from the signals' contracts so that
 * Spark/DuckDB/pandas read them without parsing JSON:
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
public final class ParquetSignalWriter implements SignalWriter {
  private final List<SignalSpec> specs;
  private final Map<SignalSpec, SignalContract> contracts;
  private final SimpleGroupFactory factory;
  private final ParquetWriter<Group> writer;
  private final Path tmp;
  private final Path target;

  public ParquetSignalWriter(Path target, List<SignalSpec> specs, Map<SignalSpec, SignalContract> contracts,
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
      String c = column(s);
      switch (contracts.get(s).type()) {
        case ValueType.EmbeddingType e -> fields.add(Types.optionalList()
            .requiredElement(PrimitiveTypeName.FLOAT).named(c));
        case ValueType.ProbabilityType p -> fields.add(Types.optional(PrimitiveTypeName.DOUBLE).named(c));
        case ValueType.ScoreType x -> fields.add(Types.optional(PrimitiveTypeName.DOUBLE).named(c));
        case ValueType.LabelSetType l -> {
          fields.add(Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c));
          fields.add(Types.optional(PrimitiveTypeName.DOUBLE).named(c + "_confidence"));
        }
        case ValueType.FeaturesType f -> {
          Types.GroupBuilder<org.apache.parquet.schema.GroupType> g = Types.optionalGroup();
          for (String n : f.names()) {
            g = g.optional(PrimitiveTypeName.DOUBLE).named(n);
          }
          fields.add(g.named(c));
        }
        case ValueType.HashType h -> fields.add(Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c));
        case ValueType.TextType t -> fields.add(Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c));
      }
    }
    fields.add(Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("errors"));
    return new MessageType("prism_signals", fields);
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
        String c = column(s);
        switch (rec.value()) {
          case SignalValue.Embedding e -> {
            Group list = g.addGroup(c);
            for (float x : e.vector()) {
              list.addGroup("list").append("element", x);
            }
          }
          case SignalValue.Probability p -> g.append(c, p.p());
          case SignalValue.Score x -> g.append(c, x.value());
          case SignalValue.Label l -> {
            g.append(c, l.label());
            g.append(c + "_confidence", l.confidence());
          }
          case SignalValue.Features f -> {
            Group fg = g.addGroup(c);
            f.values().forEach(fg::append);
          }
          case SignalValue.Hash h -> g.append(c, h.hex());
          case SignalValue.Text t -> g.append(c, t.text());
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

  @Override
  public void close() throws IOException {
    writer.close();
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
