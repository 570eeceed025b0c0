package dev.prism.cli.learn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.cli.Prism;
import dev.prism.cli.support.ExitCodes;
import dev.prism.learn.report.Predictions;
import dev.prism.learn.report.PredictionsFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code prism train}, {@code prism eval} and the {@code labels} group on small files. */
class LearnCommandsTest {

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Prism.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Result(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void theLabelsGroupHoldsTheStoreAndTheLearnSubcommands() {
    CommandLine prism = Prism.commandLine();
    assertThat(prism.getSubcommands()).containsKeys("train", "eval", "labels");
    assertThat(prism.getSubcommands().get("labels").getSubcommands())
        .containsOnlyKeys("errors", "sample", "import", "export", "agreement", "tasks");
  }

  @Test
  void badFilesGiveOnePreciseLineAndExitCode1(@TempDir Path dir) throws Exception {
    Result missing = run("train", "--snapshot", dir.resolve("nope.jsonl").toString(), "--out", dir.resolve("a.json").toString(),
        "--signal", "spam@1", "--owner", "o", "--description", "d", "--label-source", "s");
    assertThat(missing.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(missing.err().strip()).isEqualTo("prism train: no such file: " + dir.resolve("nope.jsonl"));

    Path snap = dir.resolve("s.jsonl");
    Files.writeString(snap, "{\"id\":\"a\",\"features\":{\"x@1\":[1,2]},\"label\":1}\n{\"id\":\"b\",\"features\":{\"x@1\":[1,2,3]},\"label\":0}\n");
    Result shape = run("train", "--snapshot", snap.toString(), "--out", dir.resolve("a.json").toString(),
        "--signal", "spam@1", "--owner", "o", "--description", "d", "--label-source", "s");
    assertThat(shape.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(shape.err().strip()).endsWith("item 'b': input signal x@1 has dimension 3 but the head was trained on 2")
        .startsWith("prism train: ");

    Result badSignal = run("train", "--snapshot", snap.toString(), "--out", dir.resolve("a.json").toString(),
        "--signal", "spam", "--owner", "o", "--description", "d", "--label-source", "s");
    assertThat(badSignal.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(badSignal.err()).contains("expected name@major, got: spam");

    Result noSnapshot = run("eval", "--artifact", dir.resolve("a.json").toString(), "--out-dir", dir.toString());
    assertThat(noSnapshot.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(noSnapshot.err().strip()).isEqualTo("prism eval: --artifact needs --snapshot to score");

    Path preds = dir.resolve("p.jsonl");
    Files.writeString(preds, "{\"id\":\"a\",\"score\":0.3,\"label\":1}\n{\"id\":\"b\",\"score\":1.5,\"label\":0}\n");
    Result badScore = run("eval", "--predictions", preds.toString(), "--out-dir", dir.toString());
    assertThat(badScore.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(badScore.err().strip()).isEqualTo("prism eval: " + preds + ":2: 'score' must be a number in [0, 1], got 1.5");
  }

  @Test
  void evaluatesAndComparesPredictionFiles(@TempDir Path dir) throws Exception {
    Random r = new Random(8);
    int n = 300;
    List<String> ids = new ArrayList<>();
    int[] y = new int[n];
    double[] a = new double[n];
    double[] b = new double[n];
    List<Map<String, String>> meta = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("c" + i);
      y[i] = r.nextInt(2);
      double sign = y[i] == 1 ? 1 : -1;
      a[i] = 1 / (1 + Math.exp(-(1.0 * sign + r.nextGaussian())));
      b[i] = 1 / (1 + Math.exp(-(3.0 * sign + r.nextGaussian())));
      meta.add(Map.of("source", i % 3 == 0 ? "web" : "app"));
    }
    Path pa = dir.resolve("a.jsonl");
    Path pb = dir.resolve("b.jsonl");
    PredictionsFile.write(pa, new Predictions("a", ids, a, y, null, meta));
    PredictionsFile.write(pb, new Predictions("b", ids, b, y, null, meta));
    Result res = run("eval", "--predictions", pa.toString(), "--compare", pb.toString(), "--slice", "source",
        "--out-dir", dir.resolve("rep").toString(), "--bootstrap", "300", "--target-precision", "0.9");
    assertThat(res.code()).as(res.err()).isZero();
    JsonNode rep = new ObjectMapper().readTree(dir.resolve("rep/report.json").toFile());
    assertThat(rep.path("bootstrap").path("resamples").asInt()).isEqualTo(300);
    assertThat(rep.path("slices").path("source").path("rows").get(0).path("value").asText()).isEqualTo("app");
    assertThat(rep.path("slices").path("source").path("rows").get(0).path("n").asInt()).isEqualTo(200);
    JsonNode auc = rep.path("comparison").path("differences").path("roc_auc"); // a − b: b is the better model
    assertThat(auc.path("this_minus_other").asDouble()).isNegative();
    assertThat(auc.path("ci_high").asDouble()).isNegative();
    assertThat(res.out()).contains("roc_auc diff -");
  }
}
