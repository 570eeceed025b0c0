package dev.prism.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's refusals, decided before a Spark session starts. */
class SparkMainTest {
  @TempDir Path dir;

  private String run(String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(SparkMain.execute(args)).isEqualTo(1);
    } finally {
      System.setErr(old);
    }
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anOutputThatIsOrHoldsTheInputIsRefusedAndTheInputKept() throws Exception {
    Path in = dir.resolve("items.csv");
    Files.writeString(in, "id,text\n1,hello\n");
    assertThat(run("score", "-i", in.toString(), "-o", in.toString())).contains("is the input file; choose another output");
    // the default --on-existing overwrite deletes the output directory before Spark reads the input
    assertThat(run("score", "-i", in.toString(), "-o", dir.toString())).contains("contains the input");
    assertThat(Files.readString(in)).isEqualTo("id,text\n1,hello\n");
  }

  @Test
  void dedupAndSnapshotRefuseAnOutputOverAnyOfTheirInputs() throws Exception {
    Path in = dir.resolve("items.csv");
    Files.writeString(in, "id,text\n1,hello\n");
    Path labels = dir.resolve("labels.jsonl");
    String label = "{\"item_id\":\"1\",\"label\":\"spam\",\"annotator\":\"a\",\"source_kind\":\"HUMAN\","
        + "\"confidence\":1,\"created_at\":\"2026-01-01T00:00:00Z\"}\n";
    Files.writeString(labels, label);
    assertThat(run("dedup", "-i", in.toString(), "-o", in.toString(), "--signal", "text_simhash@1"))
        .contains("is the input file; choose another output");
    assertThat(run("dedup", "-i", in.toString(), "-o", dir.toString(), "--signal", "text_simhash@1"))
        .contains("is or contains the input");
    // the snapshot used to truncate whichever input it was pointed at, after Spark had read it
    assertThat(run("snapshot", "--items", in.toString(), "--signals-from", dir.resolve("scores").toString(),
        "--labels", labels.toString(), "-o", labels.toString())).contains("is the input file");
    assertThat(run("snapshot", "--items", in.toString(), "--signals-from", dir.resolve("scores").toString(),
        "--labels", labels.toString(), "-o", in.toString())).contains("is the input file");
    assertThat(Files.readString(in)).isEqualTo("id,text\n1,hello\n");
    assertThat(Files.readString(labels)).isEqualTo(label);
  }
}
