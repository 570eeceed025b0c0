package dev.prism.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.core.io.SignalJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prism score} end to end, with the real models, on small files with deliberate faults. */
class ScoreCommandTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldErr = System.err;
    StringWriter picoErr = new StringWriter();
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      var cl = Prism.commandLine();
      cl.setErr(new PrintWriter(picoErr, true));
      int code = cl.execute(args);
      return new Run(code, "", err.toString(StandardCharsets.UTF_8) + picoErr);
    } finally {
      System.setErr(oldErr);
    }
  }

  @Test
  void malformedCsvRowsAreReportedWithLineNumbersAndSkipped() throws Exception {
    Path in = dir.resolve("in.csv");
    Files.writeString(in, """
        COMMENT_ID,AUTHOR,CONTENT
        a1,ann,"Check out my channel, please subscribe!"
        a2,bob,"this line has "a stray quote" inside",x
        ,carl,no id here
        a3,dora,"multi
        line comment"
        a4,ed,too,many,fields
        a5,fay,Great song
        """);
    Path out = dir.resolve("out.jsonl");
    Run r = run("score", "--input", in.toString(), "--output", out.toString(), "--id-column", "COMMENT_ID",
        "--text-column", "CONTENT", "--signals", "lang@1,text_stats");
    assertThat(r.code()).as(r.err()).isEqualTo(3);
    assertThat(r.err()).contains(in + ":3: unexpected character 'a' after a closing quote (row skipped)")
        .contains(in + ":4: empty id in column 'COMMENT_ID' (row skipped)")
        .contains(in + ":7: 5 fields, header has 3 (row skipped)");
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(3);
    JsonNode first = SignalJson.MAPPER.readTree(lines.get(0));
    assertThat(first.get("id").asText()).isEqualTo("a1");
    assertThat(first.at("/signals/text_stats@1/exclamation_count").asDouble()).isEqualTo(1.0);
    assertThat(SignalJson.MAPPER.readTree(lines.get(1)).at("/signals/text_stats@1/line_count").asDouble()).isEqualTo(2.0);
    JsonNode meta = SignalJson.MAPPER.readTree(dir.resolve("out.jsonl.meta.json").toFile());
    assertThat(meta.get("items_scored").asInt()).isEqualTo(3);
    assertThat(meta.get("malformed_rows").asInt()).isEqualTo(3);
    assertThat(meta.at("/provenance/lang@1/model_id").asText()).isEqualTo("apache/opennlp-langdetect-183");
  }

  @Test
  void resumeSkipsDoneItemsAndRepairsATornLine() throws Exception {
    Path in = dir.resolve("in.jsonl");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      sb.append("{\"id\":\"i").append(i).append("\",\"text\":\"comment number ").append(i).append("\"}\n");
    }
    sb.append("{not json}\n");
    Files.writeString(in, sb.toString());
    Path out = dir.resolve("out.jsonl");
    // a previous run (same signals) wrote i0..i3 and died in the middle of i4's line
    Files.writeString(out, """
        {"id":"i0","signals":{"text_stats@1":{"char_count":16.0}}}
        {"id":"i1","signals":{"text_stats@1":{"char_count":16.0}}}
        {"id":"i2","signals":{"text_stats@1":{"char_count":16.0}}}
        {"id":"i3","signals":{"text_stats@1":{"char_count":16.0}}}
        {"id":"i4","sig""");
    Run r = run("score", "-i", in.toString(), "-o", out.toString(), "--signals", "text_stats");
    assertThat(r.code()).isEqualTo(3); // the malformed JSON line
    assertThat(r.err()).contains("resuming").contains(in + ":11: malformed JSON");
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(10);
    assertThat(lines.stream().map(l -> l.replaceAll("^\\{\"id\":\"(i\\d)\".*", "$1")).toList())
        .containsExactly("i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9");
    // a second run has nothing left to do, and fail mode refuses to touch the output
    assertThat(run("score", "-i", in.toString(), "-o", out.toString(), "--signals", "text_stats").err())
        .contains("10 items already scored");
    Run refused = run("score", "-i", in.toString(), "-o", out.toString(), "--on-existing", "fail");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("exists and --on-existing is fail");
  }

  /**
   * Regression (issue 9): a row of 3,000 digits overflowed the stack in text_stats and ended the
   * whole run with exit 1; a long "a.a.a." row did the same in the link pattern. Now every row is
   * scored, the hostile ones included, and the run exits 0.
   */
  @Test
  void hostileRowsInTheMiddleAreScoredWithTheOthers() throws Exception {
    Path in = dir.resolve("hostile.jsonl");
    List<String> texts = List.of("first comment", "nice song", "1".repeat(3_000), "call me maybe",
        "a.".repeat(10_000), "a".repeat(20_000), "last one, check bit.ly/x");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < texts.size(); i++) {
      sb.append("{\"id\":\"r").append(i).append("\",\"text\":\"").append(texts.get(i)).append("\"}\n");
    }
    Files.writeString(in, sb.toString());
    Path out = dir.resolve("hostile.out.jsonl");
    Run r = run("score", "-i", in.toString(), "-o", out.toString(), "--signals", "text_stats,lang@1,lang@2");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("7 items scored").contains("0 items with signal errors");
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(7);
    JsonNode digits = SignalJson.MAPPER.readTree(lines.get(2));
    assertThat(digits.get("id").asText()).isEqualTo("r2");
    assertThat(digits.at("/signals/text_stats@1/phone_like_count").asDouble()).isEqualTo(1.0);
    JsonNode dots = SignalJson.MAPPER.readTree(lines.get(4));
    assertThat(dots.at("/signals/text_stats@1/url_count").asDouble()).isEqualTo(0.0);
    assertThat(dots.at("/signals/text_stats@1/char_count").asDouble()).isEqualTo(20_000.0);
    JsonNode last = SignalJson.MAPPER.readTree(lines.get(6));
    assertThat(last.at("/signals/text_stats@1/url_count").asDouble()).isEqualTo(1.0);
    for (String line : lines) {
      assertThat(SignalJson.MAPPER.readTree(line).at("/signals/lang@1/label").isMissingNode()).as(line).isFalse();
    }
  }

  @Test
  void writesTypedParquet() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.writeString(in, """
        {"id":"x","text":"Please subscribe to my channel http://bit.ly/x"}
        {"id":"y","title":"Wow","description":"Ce clip est vraiment magnifique, je l'adore."}
        """);
    Path out = dir.resolve("out.parquet");
    // the text signals by name: the default (every served signal) now includes the image signals,
    // which fail on items without an image
    Run r = run("score", "-i", in.toString(), "-o", out.toString(), "--signals", "lang@1,lang@2,text_embedding,text_stats");
    assertThat(r.code()).as(r.err()).isZero();
    try (ParquetFileReader f = ParquetFileReader.open(new LocalInputFile(out))) {
      assertThat(f.getRecordCount()).isEqualTo(2);
      assertThat(f.getFileMetaData().getSchema().getFields().stream().map(org.apache.parquet.schema.Type::getName).toList())
          .containsExactly("id", "lang_v1", "lang_v1_confidence", "lang_v2", "lang_v2_confidence", "text_embedding_v1",
              "text_stats_v1", "errors");
      assertThat(f.getFileMetaData().getKeyValueMetaData().get("prism.provenance")).contains("all-MiniLM-L6-v2");
    }
    // Read back through parquet's own record assembly (LocalInputFile: no Hadoop FileSystem/UGI involved).
    try (ParquetFileReader f = ParquetFileReader.open(new LocalInputFile(out))) {
      org.apache.parquet.schema.MessageType schema = f.getFileMetaData().getSchema();
      org.apache.parquet.column.page.PageReadStore rows = f.readNextRowGroup();
      var recordReader = new org.apache.parquet.io.ColumnIOFactory().getColumnIO(schema)
          .getRecordReader(rows, new org.apache.parquet.example.data.simple.convert.GroupRecordConverter(schema));
      Group x = recordReader.read();
      assertThat(x.getString("id", 0)).isEqualTo("x");
      assertThat(x.getGroup("text_embedding_v1", 0).getFieldRepetitionCount("list")).isEqualTo(384);
      assertThat(x.getGroup("text_stats_v1", 0).getDouble("url_count", 0)).isEqualTo(1.0);
      Group y = recordReader.read();
      assertThat(y.getString("lang_v1", 0)).isEqualTo("fra");
      assertThat(y.getString("lang_v2", 0)).isEqualTo("fra");
    }
  }

  @Test
  void unknownSignalAndMissingColumnsAreErrors() throws Exception {
    Path in = dir.resolve("in.csv");
    Files.writeString(in, "a,b\n1,2\n");
    Run r = run("score", "-i", in.toString(), "-o", dir.resolve("o.jsonl").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains(":1: no id column 'id' in header [a, b] (use --id-column)");
    Run s = run("score", "-i", in.toString(), "-o", dir.resolve("o.jsonl").toString(), "--signals", "sentiment");
    assertThat(s.code()).isEqualTo(1);
    assertThat(s.err()).contains("unknown signal 'sentiment'");
  }
}
