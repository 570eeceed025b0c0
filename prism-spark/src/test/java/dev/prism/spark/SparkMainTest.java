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
}
