package dev.prism.runtime.value;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.graph.GraphListener;
import dev.prism.core.graph.Node;
import dev.prism.core.graph.NodeDeclaration;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.io.SignalJson;
import dev.prism.core.signal.ContractRegistry;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalSpec;
import dev.prism.runtime.batch.ScoreJob;
import dev.prism.runtime.item.ItemMapping;
import dev.prism.runtime.media.MediaConfig;
import dev.prism.runtime.media.MediaResolver;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adding a value kind is one class and a registration: {@link PointCodec} (registered in this
 * module's test resources) is parsed from a contract file, produced by a node, validated, and
 * scored to JSONL and Parquet without any other code knowing about it.
 */
class ValueKindExtensionTest {
  static final SignalSpec CENTRE = new SignalSpec("text_centre", 1);

  @TempDir Path dir;

  /** Maps a text to a point: x = letters / length, y = digits / length (hand-checkable). */
  static final class CentreNode implements Node {
    @Override public String name() { return "centre_node"; }
    @Override public Set<SignalSpec> consumes() { return Set.of(); }
    @Override public Set<SignalSpec> produces() { return Set.of(CENTRE); }
    @Override public Provenance provenance() { return Provenance.ofCode("test/centre", "1", Map.of()); }

    @Override
    public Map<SignalSpec, Column> compute(Batch batch) {
      Column c = new Column(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        String t = batch.items().get(i).text();
        if (t.isEmpty()) {
          c.set(i, new PointCodec.Point(-1, -1)); // outside the contract's box: must be withheld
          continue;
        }
        long letters = t.chars().filter(Character::isLetter).count();
        long digits = t.chars().filter(Character::isDigit).count();
        c.set(i, new PointCodec.Point((double) letters / t.length(), (double) digits / t.length()));
      }
      return Map.of(CENTRE, c);
    }
  }

  static SignalGraph graph() throws Exception {
    String contractJson = """
        {"format_version": 1, "contracts": [{"name": "text_centre", "major": 1,
          "type": {"kind": "point", "extent": 1.0}, "producer": "centre_node", "owner": "test",
          "description": "letter and digit shares of the text"}]}""";
    List<SignalContract> contracts = ContractRegistry.parse(
        new ByteArrayInputStream(contractJson.getBytes(StandardCharsets.UTF_8)), "point.json");
    assertThat(contracts.getFirst().type()).isEqualTo(new PointCodec.PointType(1.0));
    return SignalGraph.lazy(List.of(new NodeDeclaration("centre_node", Set.of(), Set.of(CENTRE), contracts, CentreNode::new)),
        new ContractRegistry(contracts), GraphListener.NONE);
  }

  @Test
  void aNewValueKindScoresToJsonlAndParquet() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.writeString(in, """
        {"id": "a", "text": "ab12"}
        {"id": "b", "text": "abcd"}
        {"id": "c", "text": ""}
        """);
    try (SignalGraph graph = graph(); MediaResolver media = new MediaResolver(MediaConfig.inlineOnly())) {
      ScoreJob job = new ScoreJob(graph, media);
      Path jsonl = dir.resolve("out.jsonl");
      ScoreJob.Result r = job.run(new ScoreJob.Request(in, null, jsonl, null, null, ItemMapping.defaults(), List.of(), 10),
          new ScoreJob.Listener() {});
      assertThat(r.summary().scored()).isEqualTo(3);
      assertThat(r.summary().itemsWithErrors()).isEqualTo(1); // c's point violates the contract
      List<String> lines = Files.readAllLines(jsonl);
      JsonNode a = SignalJson.MAPPER.readTree(lines.get(0));
      assertThat(a.at("/signals/text_centre@1/x").asDouble()).isEqualTo(0.5);
      assertThat(a.at("/signals/text_centre@1/y").asDouble()).isEqualTo(0.5);
      JsonNode c = SignalJson.MAPPER.readTree(lines.get(2));
      assertThat(c.at("/errors/text_centre@1").asText()).contains("outside [0, 1.0]^2");
      JsonNode meta = SignalJson.MAPPER.readTree(r.metaFile().toFile());
      assertThat(meta.at("/contracts/0/type/kind").asText()).isEqualTo("point");
      assertThat(meta.at("/contracts/0/type/extent").asDouble()).isEqualTo(1.0);

      Path parquet = dir.resolve("out.parquet");
      job.run(new ScoreJob.Request(in, null, parquet, null, null, ItemMapping.defaults(), List.of(), 2),
          new ScoreJob.Listener() {});
      try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(parquet))) {
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        assertThat(schema.containsField("text_centre_v1_x")).isTrue();
        assertThat(schema.containsField("text_centre_v1_y")).isTrue();
        var pages = reader.readNextRowGroup();
        RecordReader<Group> rr = new ColumnIOFactory().getColumnIO(schema)
            .getRecordReader(pages, new GroupRecordConverter(schema));
        Group g0 = rr.read();
        assertThat(g0.getString("id", 0)).isEqualTo("a");
        assertThat(g0.getDouble("text_centre_v1_x", 0)).isEqualTo(0.5);
        Group g1 = rr.read();
        assertThat(g1.getDouble("text_centre_v1_x", 0)).isEqualTo(1.0);
        assertThat(g1.getDouble("text_centre_v1_y", 0)).isEqualTo(0.0);
        Group g2 = rr.read();
        assertThat(g2.getFieldRepetitionCount("text_centre_v1_x")).isZero();
        assertThat(g2.getString("errors", 0)).contains("text_centre@1");
      }
    }
  }
}
