package dev.prism.cli.label;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.cli.Prism;
import dev.prism.cli.support.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code prism labelmodel} and {@code prism lf} on the real WRENCH YouTube data and small files. */
class LabelCommandsTest {
  private static final String WRENCH_YOUTUBE = "../datasets/wrench_youtube";
  private static final String YOUTUBE_LFS = "../prism-label/src/main/resources/lfs/youtube_spam_lfs.json";


  @TempDir
  Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine root = Prism.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    root.setOut(new PrintWriter(out));
    root.setErr(new PrintWriter(err));
    int code = root.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void labelmodelFitWritesReportWithEveryModelAndBaseline() throws IOException {
    Path report = dir.resolve("report.json");
    Path proba = dir.resolve("proba.jsonl");
    Run r = run("labelmodel", "fit", "--wrench", WRENCH_YOUTUBE, "--report", report.toString(),
        "--train-proba", proba.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("generative").contains("test");
    JsonNode j = new ObjectMapper().readTree(report.toFile());
    for (String m : new String[] {"mv", "ds", "generative", "metal", "flyingsquid"}) {
      assertThat(j.get("models").get(m).get("test").get("items").asInt()).isEqualTo(250);
      assertThat(j.get("models").get(m).get("valid").get("items").asInt()).isEqualTo(120);
    }
    assertThat(j.get("baseline_mv")).isEqualTo(j.get("models").get("mv"));
    assertThat(j.get("models").get("generative").get("test").get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.86);
    assertThat(Files.readAllLines(proba)).hasSize(1686);
  }

  @Test
  void labelmodelFitOnBadDatasetExitsNonZeroNamingTheFile() throws IOException {
    Files.writeString(dir.resolve("train.json"), "{\"a\": {\"label\": 0, \"weak_labels\": [0]},\n"
        + "\"b\": {\"label\": 0, \"weak_labels\": [0, 1]}}");
    Run r = run("labelmodel", "fit", "--wrench", dir.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(r.err().lines().toList()).singleElement().asString().startsWith("prism labelmodel fit: "
        + dir.resolve("train.json") + ":2 (item b): has 2 weak labels but item a has 1");
  }

  /** Writes a synthetic split in WRENCH format (no label.json: k comes from the data). */
  private static void writeWrench(Path file, dev.prism.label.synth.SyntheticLabels s) throws IOException {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < s.labels().n(); i++) {
      sb.append(i == 0 ? "" : ",\n").append('"').append(i).append("\": {\"data\": {\"text\": \"t").append(i)
          .append("\"}, \"label\": ").append(s.trueLabels()[i]).append(", \"weak_labels\": ")
          .append(java.util.Arrays.toString(s.labels().row(i))).append('}');
    }
    Files.writeString(file, sb.append('}').toString());
  }

  @Test
  void selectOnValidReadsTestOnceForTheChosenModel() throws IOException {
    Path report = dir.resolve("select.json");
    Run r = run("labelmodel", "fit", "--wrench", WRENCH_YOUTUBE, "--select-on", "valid", "--report",
        report.toString());
    assertThat(r.code()).as(r.err()).isZero();
    String out = r.out();
    int chosen = out.indexOf("selected: ");
    assertThat(chosen).isPositive();
    // Nothing scored on test is printed while candidates are compared.
    assertThat(out.substring(0, chosen).lines().filter(l -> l.startsWith("test"))).isEmpty();
    assertThat(out.lines().filter(l -> l.startsWith("test (read once"))).hasSize(1);
    assertThat(out).contains("metric: accuracy");
    JsonNode j = new ObjectMapper().readTree(report.toFile());
    assertThat(j.get("candidates").size()).isGreaterThan(30);
    for (JsonNode c : j.get("candidates")) {
      assertThat(c.has("valid_accuracy")).isTrue();
      assertThat(c.toString()).doesNotContain("test");
    }
    // Snorkel's spam tutorial LabelModel reaches 86.0 % on this test split.
    assertThat(j.get("selected").get("test").get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.86);
    assertThat(j.get("selected").get("test").get("per_class").get("SPAM").get("support").asInt()).isEqualTo(118);
  }

  @Test
  void labelmodelFitRunsOnAMultiClassWrenchDataset() throws IOException {
    writeWrench(dir.resolve("train.json"), dev.prism.label.synth.SyntheticLabels.generate(3000, 12, 3, 1));
    writeWrench(dir.resolve("valid.json"), dev.prism.label.synth.SyntheticLabels.generate(300, 12, 3, 1));
    writeWrench(dir.resolve("test.json"), dev.prism.label.synth.SyntheticLabels.generate(300, 12, 3, 1));
    Path report = dir.resolve("r.json");
    Run r = run("labelmodel", "fit", "--wrench", dir.toString(), "--report", report.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(report.toFile());
    assertThat(j.get("classes")).hasSize(3);
    // Same generator seed, so valid/test share train's LF parameters (and are its first 300 rows; the
    // models never see labels): they must beat chance (1/3) clearly.
    assertThat(j.get("models").get("generative").get("test").get("accuracy").asDouble()).isGreaterThan(0.6);
    assertThat(j.get("models").get("ds").get("test").get("accuracy").asDouble()).isGreaterThan(0.6);
  }

  @Test
  void unknownModelAndTiePolicyAreRejected() {
    Run r = run("labelmodel", "fit", "--wrench", WRENCH_YOUTUBE, "--model", "snorkel");
    assertThat(r.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(r.err().strip()).isEqualTo("prism labelmodel fit: --model must be one of [mv, wmv, ds, generative, metal, flyingsquid] or all, got 'snorkel'");
    r = run("labelmodel", "fit", "--wrench", WRENCH_YOUTUBE, "--tie-break", "coin");
    assertThat(r.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(r.err().strip()).isEqualTo("prism labelmodel fit: --tie-break must be hash, fit_majority, prior, random or abstain, got 'coin'");
  }

  @Test
  void lfAnalyzeCsvWithLabels() throws IOException {
    Path csv = dir.resolve("items.csv");
    Files.writeString(csv, "id,text,label\n1,\"check it out, subscribe\",SPAM\n2,nice song,HAM\n");
    Path json = dir.resolve("a.json");
    Run r = run("lf", "analyze", "--lfs", YOUTUBE_LFS, "--input", csv.toString(),
        "--text-column", "text", "--label-column", "label", "--id-column", "id", "--json", json.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("keyword_subscribe").contains("2 items");
    JsonNode j = new ObjectMapper().readTree(json.toFile());
    assertThat(j.get("lfs").get(1).get("name").asText()).isEqualTo("keyword_subscribe");
    assertThat(j.get("lfs").get(1).get("coverage").asDouble()).isEqualTo(0.5);
    assertThat(j.get("lfs").get(1).get("empirical_accuracy").asDouble()).isEqualTo(1.0);
  }

  @Test
  void lfAnalyzeUnknownLabelNamesFileAndLine() throws IOException {
    Path csv = dir.resolve("items.csv");
    Files.writeString(csv, "text,label\nhello,HAM\nbye,EGGS\n");
    Run r = run("lf", "analyze", "--lfs", YOUTUBE_LFS, "--input", csv.toString(),
        "--label-column", "label");
    assertThat(r.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(r.err().strip()).isEqualTo("prism lf analyze: " + csv + ":3 (item 1): unknown label value 'EGGS'"
        + " (expected one of [HAM, SPAM] or an index 0..1)");
  }

  @Test
  void lfAnalyzeJsonlWithSignals() throws IOException {
    Path lfs = dir.resolve("lfs.json");
    Files.writeString(lfs, "{\"labels\": [\"HAM\", \"SPAM\"], \"lfs\": [{\"name\": \"url\", \"type\": \"threshold\", "
        + "\"signal\": \"text_stats\", \"feature\": \"url_count\", \"op\": \">\", \"value\": 0, \"label\": \"SPAM\"}]}");
    Path jsonl = dir.resolve("items.jsonl");
    Files.writeString(jsonl, "{\"id\": \"a\", \"text\": \"x\", \"signals\": {\"text_stats@1\": {\"url_count\": 1}}}\n"
        + "{\"id\": \"b\", \"text\": \"y\", \"signals\": {\"text_stats\": {\"url_count\": 0}}}\n");
    Run r = run("lf", "analyze", "--lfs", lfs.toString(), "--input", jsonl.toString(), "--id-column", "id");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("url\\s+SPAM\\s+0\\.500");
  }

  @Test
  void synthRecoversAccuracies() {
    Run r = run("labelmodel", "synth", "--n", "20000", "--m", "20", "--seed", "3");
    assertThat(r.code()).as(r.err()).isZero();
    String line = r.out().lines().filter(l -> l.startsWith("max |recovered")).findFirst().orElseThrow();
    double err = Double.parseDouble(line.replaceAll(".*= ([0-9.]+).*", "$1"));
    assertThat(err).isLessThan(0.03);
  }
}
