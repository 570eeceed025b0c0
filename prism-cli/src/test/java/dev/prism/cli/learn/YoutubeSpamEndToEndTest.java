package dev.prism.cli.learn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.cli.Prism;
import dev.prism.core.io.CsvReader;
import dev.prism.learn.artifact.ArtifactFormat;
import dev.prism.learn.artifact.HeadArtifact;
import dev.prism.learn.data.Snapshot;
import dev.prism.learn.data.SnapshotItem;
import dev.prism.learn.data.Split;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The whole path on real data through the CLI: YouTube comments → snapshot → train (gold labels,
 * weak labels, MLP) → eval report with slices and a comparison → label errors → next batch to label.
 * The report lands in target/youtube-report/ for a human to look at.
 */
class YoutubeSpamEndToEndTest {
  @TempDir
  static Path dir;

  static Path snapshot;
  static List<SnapshotItem> items;

  @BeforeAll
  static void writeSnapshot() throws Exception {
    items = YoutubeData.load();
    snapshot = dir.resolve("youtube.jsonl");
    Snapshot.write(snapshot, items);
  }

  static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Prism.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    System.out.print(out);
    assertThat(code).as("exit code; stderr: %s", err).isZero();
    return out.toString();
  }

  static String[] train(Path out, String labels, String labelSource, String... extra) {
    List<String> a = new ArrayList<>(List.of("train", "--snapshot", snapshot.toString(), "--out", out.toString(), "--signal", "spam@1",
        "--owner", "integrity", "--description", "Probability that a YouTube comment is spam.", "--label-source", labelSource,
        "--labels", labels, "--calibration", "platt"));
    a.addAll(List.of(extra));
    return a.toArray(new String[0]);
  }

  @Test
  void trainEvaluateCompareOnTheSnorkelSplit() throws Exception {
    Path gold = dir.resolve("gold.json");
    Path weak = dir.resolve("weak.json");
    Path mlp = dir.resolve("mlp.json");
    run(train(gold, "hard", "YouTube Spam Collection gold labels"));
    run(train(weak, "soft_argmax", "majority vote of the 10 Snorkel tutorial LFs (WRENCH votes)"));
    run(train(mlp, "hard", "YouTube Spam Collection gold labels", "--head", "mlp", "--hidden", "32",
        "--batch-size", "32", "--patience", "5", "--name", "spam_mlp_head"));

    HeadArtifact g = ArtifactFormat.read(gold).artifact();
    HeadArtifact w = ArtifactFormat.read(weak).artifact();
    HeadArtifact m = ArtifactFormat.read(mlp).artifact();
    double goldAcc = g.provenance().metrics().get("test").get("accuracy");
    double weakAcc = w.provenance().metrics().get("test").get("accuracy");
    double mlpAcc = m.provenance().metrics().get("test").get("accuracy");
    System.out.printf("YouTube test accuracy: logistic gold %.4f, logistic weak (MV argmax) %.4f, mlp gold %.4f%n", goldAcc, weakAcc, mlpAcc);
    // Snorkel tutorial: 94.4 % for logistic regression on n-gram counts trained on label-model output
    assertThat(goldAcc).isGreaterThanOrEqualTo(0.93);
    assertThat(weakAcc).isGreaterThanOrEqualTo(0.90);
    assertThat(mlpAcc).isGreaterThanOrEqualTo(0.90);
    assertThat(g.provenance().metrics().get("test").get("roc_auc")).isGreaterThan(0.95);
    assertThat(g.provenance().trainItems()).isEqualTo(1586);
    assertThat(w.provenance().trainItems()).isLessThan(1586); // items without votes or with tied votes are left out
    assertThat(g.provenance().trainingDataSha256()).isNotEqualTo(w.provenance().trainingDataSha256());
    assertThat(g.model().layout().width()).isEqualTo(YoutubeData.DIM + 4);

    Path reportDir = Path.of("target", "youtube-report");
    String out = run("eval", "--artifact", gold.toString(), "--snapshot", snapshot.toString(), "--split", "test",
        "--out-dir", reportDir.toString(), "--slice", "has_url", "--slice", "length", "--target-precision", "0.95",
        "--compare", mlp.toString(), "--title", "spam@1 on the YouTube test split (Snorkel split)",
        "--write-predictions", dir.resolve("gold-test.jsonl").toString());
    assertThat(out).contains("vs spam_mlp_head@");
    JsonNode rep = new ObjectMapper().readTree(reportDir.resolve("report.json").toFile());
    assertThat(rep.path("data").path("n").asInt()).isEqualTo(250);
    assertThat(rep.path("metrics").path("accuracy").path("value").asDouble()).isEqualTo(goldAcc);
    assertThat(rep.path("metrics").path("accuracy").path("ci_low").asDouble()).isLessThan(goldAcc);
    assertThat(rep.path("slices").path("has_url").path("rows").size()).isEqualTo(2);
    assertThat(rep.path("comparison").path("flipped_count").asInt()).isEqualTo(rep.path("comparison").path("flipped").size());
    assertThat(rep.path("target_precision").path("at").path("precision").asDouble()).isGreaterThanOrEqualTo(0.95);
    // the written predictions evaluate to the same numbers without the artifact
    assertThat(Files.readAllLines(dir.resolve("gold-test.jsonl"))).hasSize(250);
    run("eval", "--predictions", dir.resolve("gold-test.jsonl").toString(), "--out-dir", dir.resolve("from-preds").toString());
    JsonNode again = new ObjectMapper().readTree(dir.resolve("from-preds/report.json").toFile());
    assertThat(again.path("metrics")).isEqualTo(rep.path("metrics"));
    String html = Files.readString(reportDir.resolve("report.html"));
    assertThat(html).contains("<svg").doesNotContain("<script");
  }

  @Test
  void findsLabelErrorsPlantedInRealDataAndSamplesABatch() throws Exception {
    // flip 30 gold train labels (seeded) and ask confident learning to find them
    Random r = new Random(31);
    List<SnapshotItem> train = items.stream().filter(i -> i.split() == Split.TRAIN).toList();
    Set<String> flipped = new HashSet<>();
    while (flipped.size() < 30) {
      flipped.add(train.get(r.nextInt(train.size())).id());
    }
    List<SnapshotItem> noisy = new ArrayList<>();
    for (SnapshotItem i : items) {
      if (flipped.contains(i.id())) {
        String l = i.label().orElseThrow().equals("1") ? "0" : "1";
        noisy.add(new SnapshotItem(i.id(), i.text(), i.features(), Optional.of(l), i.softLabel(), i.meta(), i.split()));
      } else {
        noisy.add(i);
      }
    }
    Path noisySnap = dir.resolve("noisy.jsonl");
    Snapshot.write(noisySnap, noisy);
    Path issues = dir.resolve("issues.csv");
    run("labels", "errors", "--snapshot", noisySnap.toString(), "--split", "train", "--out", issues.toString());
    List<String> lines = Files.readAllLines(issues);
    assertThat(lines.get(0)).isEqualTo("rank,id,text,given_label,suggested_label,self_confidence,margin,reason");
    Set<String> flagged = new HashSet<>();
    List<List<String>> rows = new ArrayList<>();
    try (CsvReader csv = new CsvReader(Files.newBufferedReader(issues))) {
      for (CsvReader.Row row = csv.next(); row != null; row = csv.next()) {
        rows.add(row.fields());
      }
    }
    for (List<String> row : rows.subList(1, rows.size())) {
      flagged.add(row.get(1));
    }
    long found = flagged.stream().filter(flipped::contains).count();
    System.out.printf("YouTube planted label errors: %d flagged, %d of 30 flips found%n", flagged.size(), found);
    assertThat(found).as("planted flips found").isGreaterThanOrEqualTo(24);
    // the top of the ranking is enriched in planted flips: they are 30 of 1,586 items (1.9 %)
    long top = rows.subList(1, 31).stream().filter(row -> flipped.contains(row.get(1))).count();
    System.out.printf("YouTube planted label errors: %d of the top 30 issues are planted flips%n", top);
    assertThat(top).isGreaterThanOrEqualTo(12);

    Path gold = dir.resolve("gold-sample.json");
    run(train(gold, "hard", "gold"));
    Path batch = dir.resolve("batch.jsonl");
    run("labels", "sample", "--artifact", gold.toString(), "--snapshot", snapshot.toString(), "--candidates", "test",
        "-n", "20", "--out", batch.toString());
    List<String> picked = Files.readAllLines(batch);
    assertThat(picked).hasSize(20);
    JsonNode first = new ObjectMapper().readTree(picked.get(0));
    assertThat(first.path("order").asInt()).isEqualTo(1);
    assertThat(first.path("reason").asText()).contains("most uncertain");
    assertThat(first.path("text").asText()).isNotEmpty();
    // uncertain: every chosen item's score is far from 0 and 1 compared to a typical test item
    double meanUncertainty = picked.stream().mapToDouble(l -> {
      try {
        return new ObjectMapper().readTree(l).path("uncertainty").asDouble();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).average().orElseThrow();
    assertThat(meanUncertainty).isGreaterThan(0.3);
  }
}
