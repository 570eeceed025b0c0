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
  void threeClassHeadIsTrainedCalibratedAndEvaluatedWithAConfusionMatrix(@TempDir Path dir) throws Exception {
    // Three well-separated Gaussian clusters in 2-d (centres 4 apart, sd 1): the Bayes error is
    // about 3 %, so a softmax head must exceed 90 % and every class must be found.
    java.util.SplittableRandom r = new java.util.SplittableRandom(7);
    double[][] centre = {{0, 0}, {4, 0}, {0, 4}};
    StringBuilder sb = new StringBuilder();
    String[] splits = {"train", "valid", "test"};
    int[] sizes = {300, 90, 150};
    int id = 0;
    for (int s = 0; s < 3; s++) {
      for (int i = 0; i < sizes[s]; i++) {
        int y = i % 3;
        double a = centre[y][0] + gauss(r);
        double b = centre[y][1] + gauss(r);
        sb.append(String.format(java.util.Locale.ROOT,
            "{\"id\":\"%d\",\"split\":\"%s\",\"features\":{\"x@1\":[%.6f,%.6f]},\"label\":%d}%n",
            id++, splits[s], a, b, y));
      }
    }
    Path snap = dir.resolve("three.jsonl");
    Files.writeString(snap, sb.toString());
    Path artifact = dir.resolve("three.json");
    Result train = run("train", "--snapshot", snap.toString(), "--out", artifact.toString(), "--signal", "kind@1",
        "--owner", "o", "--description", "d", "--label-source", "gold", "--classes", "a,b,c", "--inputs", "x@1",
        "--calibration", "platt");
    assertThat(train.code()).as(train.err()).isZero();
    Path out = dir.resolve("eval");
    Result eval = run("eval", "--artifact", artifact.toString(), "--snapshot", snap.toString(), "--split", "test",
        "--out-dir", out.toString());
    assertThat(eval.code()).as(eval.err()).isZero();
    assertThat(eval.out()).contains("(150 items, 3 classes)").contains("confusion matrix");
    com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(out.resolve("report.json").toFile());
    com.fasterxml.jackson.databind.JsonNode res = null;
    for (java.util.Iterator<String> it = j.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (f.startsWith("kind_head@")) {
        res = j.get(f);
      }
    }
    assertThat(res).as(j.toString()).isNotNull();
    assertThat(res.get("accuracy").asDouble()).isGreaterThan(0.9);
    int total = 0;
    for (int g = 0; g < 3; g++) {
      int row = 0;
      for (com.fasterxml.jackson.databind.JsonNode x : res.get("confusion_gold_by_predicted").get(g)) {
        row += x.asInt();
      }
      assertThat(row).isEqualTo(res.get("support").get(g).asInt()).isEqualTo(50);
      total += row;
      assertThat(res.get("recall").get(g).asDouble()).isGreaterThan(0.8);
    }
    assertThat(total).isEqualTo(150);
    assertThat(Files.readString(out.resolve("report.html"))).contains("<table").contains("gold \\ predicted");
  }

  private static double gauss(java.util.SplittableRandom r) {
    // Box-Muller: one standard normal from two uniforms.
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
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
