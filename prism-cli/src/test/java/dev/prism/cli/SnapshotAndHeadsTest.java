package dev.prism.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.config.Config;
import dev.prism.core.graph.GraphListener;
import dev.prism.core.graph.ItemResult;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.io.SignalJson;
import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.learn.serve.HeadNodeProvider;
import dev.prism.runtime.graph.GraphAssembly;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The weak-supervision path in the CLI, end to end with the real MiniLM encoder: WRENCH items and a
 * label model's soft labels → {@code prism snapshot} → {@code prism train} → the artifact served
 * through {@code graph.heads} in the same graph as the built-in signals.
 */
class SnapshotAndHeadsTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldErr = System.err;
    StringWriter picoOut = new StringWriter();
    StringWriter picoErr = new StringWriter();
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      var cl = Prism.commandLine();
      cl.setOut(new PrintWriter(picoOut, true));
      cl.setErr(new PrintWriter(picoErr, true));
      int code = cl.execute(args);
      return new Run(code, picoOut.toString(), err.toString(StandardCharsets.UTF_8) + picoErr);
    } finally {
      System.setErr(oldErr);
    }
  }

  static final List<String> SPAM = List.of(
      "Check out my channel and subscribe!! http://bit.ly/free-gift",
      "SUBSCRIBE to my channel for free iphone giveaway www.win-now.com",
      "Please visit my website http://cheap-followers.net and get 1000 followers",
      "Hey guys check out my new video on my channel, please subscribe and like!",
      "Make money fast from home, click here http://easy-cash.biz",
      "follow me on twitter and instagram for free giftcards!!! http://bit.ly/gc",
      "Subscribe to my channel please, I post music covers every day http://youtu.be/x",
      "CHECK OUT MY CHANNEL!!! free followers at www.likes4u.com");
  static final List<String> HAM = List.of(
      "I love this song, it brings back so many memories",
      "Her voice is beautiful, best song of the year",
      "This melody is stuck in my head all day",
      "The dance in this video is amazing",
      "Still listening to this in 2015, what a classic",
      "My favourite song ever, the lyrics are so deep",
      "The guitar solo at the end gives me chills",
      "Such a great music video, the colours are stunning");

  /** A WRENCH split: items alternate spam/ham from the lists, starting at {@code from}. */
  static void writeSplit(Path file, int from, int n) throws Exception {
    ObjectNode root = SignalJson.MAPPER.createObjectNode();
    for (int i = 0; i < n; i++) {
      int label = i % 2 == 0 ? 1 : 0;
      String text = (label == 1 ? SPAM : HAM).get((from + i / 2) % SPAM.size());
      ObjectNode item = root.putObject(Integer.toString(i));
      item.put("label", label);
      ArrayNode wl = item.putArray("weak_labels");
      wl.add(label == 1 ? 1 : -1).add(label == 0 ? 0 : -1);
      item.putObject("data").put("text", text);
    }
    Files.writeString(file, SignalJson.MAPPER.writeValueAsString(root));
  }

  Path wrench() throws Exception {
    Path w = dir.resolve("wrench");
    Files.createDirectories(w);
    Files.writeString(w.resolve("label.json"), "{\"0\": \"HAM\", \"1\": \"SPAM\"}");
    writeSplit(w.resolve("train.json"), 0, 12);
    writeSplit(w.resolve("valid.json"), 6, 4);
    writeSplit(w.resolve("test.json"), 2, 4);
    return w;
  }

  /** Soft labels as a label model would write them (--train-proba): confident, one of them wrong-ish. */
  Path softLabels(int n) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      double p = i % 2 == 0 ? 0.9 : 0.1;
      if (i == 3) {
        p = 0.5;
      }
      sb.append("{\"id\":\"").append(i).append("\",\"probs\":[").append(1 - p).append(',').append(p).append("]}\n");
    }
    Path f = dir.resolve("proba.jsonl");
    Files.writeString(f, sb);
    return f;
  }

  @Test
  void snapshotTrainAndServeASpamHead() throws Exception {
    Path w = wrench();
    Path proba = softLabels(12);
    Path snap = dir.resolve("out/snap.jsonl");
    Run s = run("snapshot", "--wrench", w.toString(), "--soft-labels", proba.toString(), "--out", snap.toString());
    assertThat(s.code()).as(s.err()).isZero();
    assertThat(s.err()).contains("wrote 20 items");

    List<JsonNode> lines = new ArrayList<>();
    for (String l : Files.readAllLines(snap)) {
      lines.add(SignalJson.MAPPER.readTree(l));
    }
    assertThat(lines).hasSize(20);
    JsonNode train0 = lines.get(0);
    assertThat(train0.get("id").asText()).isEqualTo("train:0");
    assertThat(train0.get("split").asText()).isEqualTo("train");
    assertThat(train0.has("label")).as("train's gold label must not be trainable").isFalse();
    assertThat(train0.at("/meta/gold_label").asText()).isEqualTo("1");
    assertThat(train0.at("/soft_label/1").asDouble()).isEqualTo(0.9);
    assertThat(train0.at("/features/text_embedding@1").size()).isEqualTo(384);
    assertThat(train0.at("/features/text_stats@1").size()).isEqualTo(22);
    assertThat(train0.at("/meta/length_bucket").asText()).isEqualTo("051-100");
    assertThat(train0.get("text").asText()).isEqualTo(SPAM.get(0));
    JsonNode valid0 = lines.get(12);
    assertThat(valid0.get("id").asText()).isEqualTo("valid:0");
    assertThat(valid0.get("label").asInt()).isEqualTo(1);
    assertThat(valid0.has("soft_label")).isFalse();
    assertThat(lines.get(19).get("split").asText()).isEqualTo("test");
    // the sidecar: what made the snapshot (docs/reproducibility.md); snapshots default to deterministic compute
    JsonNode meta = SignalJson.MAPPER.readTree(dir.resolve("out/snap.jsonl.meta.json").toFile());
    assertThat(meta.get("snapshot_sha256").asText()).isEqualTo(java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(snap))));
    assertThat(meta.get("items").asInt()).isEqualTo(20);
    assertThat(meta.at("/platform/arch").asText()).isEqualTo(System.getProperty("os.arch"));
    assertThat(meta.at("/signals/text_embedding@1/config/onnx_deterministic").asText()).isEqualTo("true");

    // features are what the serving graph computes for the same text
    try (SignalGraph g = GraphAssembly.build(Config.defaults(ConfigOptions.allKeys()), GraphListener.NONE)) {
      SignalSpec emb = SignalSpec.parse("text_embedding@1");
      float[] v = ((SignalValue.Embedding) g.run(List.of(ContentItem.ofText("x", SPAM.get(0))), Set.of(emb)).get(0)
          .values().get(emb).value()).vector();
      assertThat(train0.at("/features/text_embedding@1/5").floatValue()).isEqualTo(v[5]);
    }

    Path artifact = dir.resolve("spam.json");
    Run t = run("train", "--snapshot", snap.toString(), "--out", artifact.toString(), "--signal", "spam@1",
        "--owner", "integrity", "--description", "spam probability", "--label-source", "test soft labels",
        "--classes", "ham,spam", "--labels", "soft", "--head", "logistic", "--calibration", "none");
    assertThat(t.code()).as(t.err() + t.out()).isZero();
    assertThat(SignalJson.MAPPER.readTree(artifact.toFile()).at("/provenance/train_items").asInt()).isEqualTo(12);

    Config cfg = Config.load(ConfigOptions.allKeys(), null, Map.of(), Map.of(HeadNodeProvider.HEADS.name(), artifact.toString()));
    try (SignalGraph g = GraphAssembly.build(cfg, GraphListener.NONE)) {
      SignalSpec spam = SignalSpec.parse("spam@1");
      assertThat(g.served()).contains(spam, SignalSpec.parse("lang@1"));
      assertThat(g.contracts().get(spam).producer()).isEqualTo("spam_head");
      List<ItemResult> r = g.run(List.of(
          ContentItem.ofText("s", "Subscribe to my channel!!! free gift cards at http://bit.ly/win-big"),
          ContentItem.ofText("h", "What a beautiful song, her voice gives me chills")), Set.of(spam));
      double ps = ((SignalValue.Probability) r.get(0).values().get(spam).value()).p();
      double ph = ((SignalValue.Probability) r.get(1).values().get(spam).value()).p();
      assertThat(ps).isBetween(0.0, 1.0);
      assertThat(ph).isBetween(0.0, 1.0);
      assertThat(ps).as("obvious spam").isGreaterThan(0.5);
      assertThat(ph).as("obvious ham").isLessThan(0.5);
    }
  }

  @Test
  void snapshotErrorsNameTheFileAndItem() throws Exception {
    Path w = wrench();
    Path proba = softLabels(11); // train item 11 has no soft label
    Run r = run("snapshot", "--wrench", w.toString(), "--soft-labels", proba.toString(), "--out", dir.resolve("s.jsonl").toString());
    assertThat(r.code()).isEqualTo(Prism.EXIT_ERROR);
    assertThat(r.err()).contains(proba + ": no soft label for train item '11'");

    Files.writeString(proba, "{\"id\":\"0\",\"probs\":[0.2,0.8]}\n{\"id\":\"1\",\"probs\":[0.7]}\n");
    r = run("snapshot", "--wrench", w.toString(), "--soft-labels", proba.toString(), "--out", dir.resolve("s.jsonl").toString());
    assertThat(r.err()).contains(proba + ":2: item '1': 1 probabilities but the dataset has 2 classes");

    Run m = run("snapshot", "--wrench", dir.resolve("nowhere").toString(), "--out", dir.resolve("s.jsonl").toString());
    assertThat(m.code()).isEqualTo(Prism.EXIT_ERROR);
    assertThat(m.err()).contains("nowhere").contains("not a directory");

    // a label signal has no numeric features for a head: refused before any model loads
    Run l = run("snapshot", "--wrench", w.toString(), "--signals", "lang@1", "--out", dir.resolve("s.jsonl").toString());
    assertThat(l.code()).isEqualTo(Prism.EXIT_ERROR);
    assertThat(l.err()).contains("--signals: lang@1 is a label signal; a snapshot's features are numeric");
  }

  @Test
  void unknownOrCorruptHeadArtifactsFailAtStartUp() throws Exception {
    Path missing = dir.resolve("models/none.json");
    assertThatThrownBy(() -> GraphAssembly.build(heads(missing.toString()), GraphListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("config graph.heads: head artifact " + missing + ": file not found");

    Path corrupt = dir.resolve("corrupt.json");
    Files.writeString(corrupt, "{\"format\": \"prism.head\", \"format_version\": 1, ");
    assertThatThrownBy(() -> GraphAssembly.build(heads(corrupt.toString()), GraphListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("config graph.heads: head artifact " + corrupt + ": not valid JSON");

    Path wrong = dir.resolve("wrong.json");
    Files.writeString(wrong, "{\"format\": \"something.else\"}");
    assertThatThrownBy(() -> GraphAssembly.build(heads(wrong.toString()), GraphListener.NONE))
        .hasMessageContaining("config graph.heads: head artifact " + wrong + ": 'format' is \"something.else\"");

    // the CLI prints the same one line and exits 1 before loading any model
    Run r = run("score", "--input", corrupt.toString(), "--output", dir.resolve("o.jsonl").toString(), "--input-format", "jsonl",
        "--set", "graph.heads=" + missing);
    assertThat(r.code()).isEqualTo(Prism.EXIT_ERROR);
    assertThat(r.err()).contains("prism score: config graph.heads: head artifact " + missing + ": file not found");
    assertThat(ConfigOptions.allKeys()).contains(HeadNodeProvider.HEADS);
  }

  static Config heads(String value) {
    return Config.load(ConfigOptions.allKeys(), null, Map.of(), Map.of(HeadNodeProvider.HEADS.name(), value));
  }
}
