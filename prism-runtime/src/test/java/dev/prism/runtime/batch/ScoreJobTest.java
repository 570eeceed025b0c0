package dev.prism.runtime.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.config.Config;
import dev.prism.core.graph.GraphListener;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.item.ContentItem;
import dev.prism.core.item.MediaRef;
import dev.prism.runtime.config.PrismConfig;
import dev.prism.runtime.graph.GraphAssembly;
import dev.prism.runtime.item.ItemMapping;
import dev.prism.runtime.media.MediaConfig;
import dev.prism.runtime.media.MediaResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-to-file job with the real text providers: what it refuses, and media failures per item. */
class ScoreJobTest {
  @TempDir Path dir;

  static ScoreJob.Request request(Path in, Path out) {
    return new ScoreJob.Request(in, null, out, null, null, ItemMapping.defaults(), List.of("text_stats"), 16);
  }

  @Test
  void refusesToWriteOverItsInputOrIntoADirectory() throws Exception {
    Path in = dir.resolve("items.jsonl");
    Files.writeString(in, "{\"id\": \"1\", \"text\": \"hello\"}\n");
    assertThatThrownBy(() -> ScoreJob.formats(request(in, in))).hasMessageContaining("is the input file");
    Path csv = dir.resolve("items.csv");
    Files.writeString(csv, "id,text\n1,hello\n");
    assertThatThrownBy(() -> ScoreJob.formats(request(csv, csv))).hasMessageContaining("is the input file"); // not "format of .csv"
    assertThatThrownBy(() -> ScoreJob.formats(request(in, dir.resolve("./items.jsonl"))))
        .hasMessageContaining("is the input file");
    assertThatThrownBy(() -> ScoreJob.formats(request(dir, dir.resolve("o.jsonl")))).hasMessageContaining("is a directory");
    Files.createDirectories(dir.resolve("out.jsonl"));
    assertThatThrownBy(() -> ScoreJob.formats(request(in, dir.resolve("out.jsonl")))).hasMessageContaining("is a directory");
    assertThat(Files.readString(in)).isEqualTo("{\"id\": \"1\", \"text\": \"hello\"}\n");
  }

  /** A node that reads the decoded image (declared readingImage) and reports its width. */
  static final class ImageWidthNode implements dev.prism.core.graph.Node {
    static final dev.prism.core.signal.SignalSpec WIDTH = new dev.prism.core.signal.SignalSpec("image_width", 1);

    @Override public String name() { return "image_width"; }
    @Override public java.util.Set<dev.prism.core.signal.SignalSpec> consumes() { return java.util.Set.of(); }
    @Override public java.util.Set<dev.prism.core.signal.SignalSpec> produces() { return java.util.Set.of(WIDTH); }
    @Override public dev.prism.core.signal.Provenance provenance() {
      return dev.prism.core.signal.Provenance.ofCode("image_width", "1", java.util.Map.of());
    }

    @Override
    public java.util.Map<dev.prism.core.signal.SignalSpec, dev.prism.core.graph.Column> compute(dev.prism.core.graph.Batch batch) {
      dev.prism.core.graph.Column c = new dev.prism.core.graph.Column(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        switch (batch.items().get(i).image()) {
          case MediaRef.Decoded d -> c.set(i, new dev.prism.core.signal.SignalValue.Score(d.image().width()));
          case MediaRef.Unavailable u -> c.fail(i, "image " + u.describe());
          default -> c.fail(i, "no decoded image: " + batch.items().get(i).image().describe());
        }
      }
      return java.util.Map.of(WIDTH, c);
    }

    static SignalGraph graph() {
      dev.prism.core.signal.ContractRegistry reg = new dev.prism.core.signal.ContractRegistry(List.of(
          new dev.prism.core.signal.SignalContract(WIDTH, new dev.prism.core.signal.ValueType.ScoreType(0, 1e9),
              "image_width", "test", "width of the decoded image", "", "", "")));
      return SignalGraph.lazy(List.of(new dev.prism.core.graph.NodeDeclaration("image_width", java.util.Set.of(),
          java.util.Set.of(WIDTH), List.of(), ImageWidthNode::new).readingImage()), reg, GraphListener.NONE);
    }
  }

  /** A real 5x4 PNG written by the JDK. */
  static byte[] png() throws java.io.IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(5, 4, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", out);
    return out.toByteArray();
  }

  Path mediaInput(Path root) throws Exception {
    byte[] png = png();
    Files.write(root.resolve("ok.png"), png);
    Files.write(root.resolve("cut.png"), java.util.Arrays.copyOf(png, png.length / 2));
    Path in = dir.resolve("items.jsonl");
    Files.writeString(in, """
        {"id": "1", "text": "has a good image", "image": {"path": "ok.png"}}
        {"id": "2", "text": "names a file outside the roots", "image": {"path": "../../etc/passwd"}}
        {"id": "3", "text": "no image"}
        {"id": "4", "text": "a cut file", "image": {"path": "cut.png"}}
        """);
    return in;
  }

  @Test
  void aFailedImageFailsOnlyItsItemsImageAndIsReportedWithItsLine() throws Exception {
    Path root = Files.createDirectories(dir.resolve("media"));
    Path in = mediaInput(root);
    Config cfg = Config.load(PrismConfig.allKeys(List.of()), null, java.util.Map.of(),
        java.util.Map.of(MediaConfig.ROOTS.name(), root.toString()));
    List<String> events = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    try (SignalGraph g = ImageWidthNode.graph(); MediaResolver media = MediaResolver.create(cfg)) {
      ScoreJob.Request req = new ScoreJob.Request(in, null, dir.resolve("out.jsonl"), null, null, ItemMapping.defaults(),
          List.of("image_width"), 16);
      BatchRunner.Summary s = new ScoreJob(g, media).run(req, new ScoreJob.Listener() {
        @Override
        public void mediaUnavailable(long line, ContentItem item, MediaRef.Unavailable why) {
          events.add(line + ":" + item.id() + ":" + why.reason());
        }

        @Override
        public void itemFailed(dev.prism.core.graph.ItemResult r) {
          failed.add(r.itemId());
        }
      }).summary();
      assertThat(s.scored()).isEqualTo(4);
      assertThat(s.mediaErrors()).isEqualTo(2);
      assertThat(events).hasSize(2);
      assertThat(events.get(0)).isEqualTo("2:2:outside the configured media roots (media.path.roots)");
      assertThat(events.get(1)).startsWith("4:4:truncated PNG: the file ends after ");
      assertThat(failed).containsExactly("2", "3", "4");
      List<String> lines = Files.readAllLines(dir.resolve("out.jsonl"));
      assertThat(lines).hasSize(4);
      assertThat(lines.get(0)).contains("\"image_width@1\":5.0"); // decoded on the media stage, read by the node
    }
  }

  @Test
  void withTheDefaultSignalsAnItemWithoutAnImageGetsNoImageSignalsAndNoErrorsForThem() throws Exception {
    Path root = Files.createDirectories(dir.resolve("media"));
    Path in = mediaInput(root);
    Config cfg = Config.load(PrismConfig.allKeys(List.of()), null, java.util.Map.of(),
        java.util.Map.of(MediaConfig.ROOTS.name(), root.toString()));
    List<String> failed = new ArrayList<>();
    try (SignalGraph g = ImageWidthNode.graph(); MediaResolver media = MediaResolver.create(cfg)) {
      assertThat(g.imageSignals()).containsExactly(ImageWidthNode.WIDTH);
      ScoreJob.Request req = new ScoreJob.Request(in, null, dir.resolve("out.jsonl"), null, null, ItemMapping.defaults(),
          List.of(), 16); // no signals named: the default set
      BatchRunner.Summary s = new ScoreJob(g, media).run(req, new ScoreJob.Listener() {
        @Override
        public void itemFailed(dev.prism.core.graph.ItemResult r) {
          failed.add(r.itemId());
        }
      }).summary();
      assertThat(s.scored()).isEqualTo(4);
      // item 3 has no image: not an error under the defaults; 2 and 4 named images that failed, and say so
      assertThat(failed).containsExactly("2", "4");
      List<String> lines = Files.readAllLines(dir.resolve("out.jsonl"));
      assertThat(lines.get(2)).contains("\"id\":\"3\"").doesNotContain("image_width").doesNotContain("error");
    }
  }

  @Test
  void aTextOnlyRunNeitherReadsNorDecodesMedia() throws Exception {
    Path root = Files.createDirectories(dir.resolve("media"));
    Path in = mediaInput(root);
    Config cfg = Config.load(PrismConfig.allKeys(List.of()), null, java.util.Map.of(),
        java.util.Map.of(MediaConfig.ROOTS.name(), root.toString()));
    try (SignalGraph g = GraphAssembly.build(cfg, GraphListener.NONE); MediaResolver media = MediaResolver.create(cfg)) {
      assertThat(g.readsImages(java.util.Set.of(g.contracts().resolve(dev.prism.core.signal.SignalRef.parse("text_stats")))))
          .isFalse();
      BatchRunner.Summary s = new ScoreJob(g, media).run(request(in, dir.resolve("out.jsonl")), new ScoreJob.Listener() {})
          .summary();
      assertThat(s.scored()).isEqualTo(4);
      assertThat(s.mediaErrors()).isZero(); // the path outside the roots and the cut file are never touched
      assertThat(s.clean()).isTrue();
    }
  }

  /** A deterministic node that overflows the stack on texts starting with "deep" (real recursion). */
  static final class DeepNode implements dev.prism.core.graph.Node {
    static final dev.prism.core.signal.SignalSpec DEPTH = new dev.prism.core.signal.SignalSpec("depth", 1);

    @Override public String name() { return "deep"; }
    @Override public java.util.Set<dev.prism.core.signal.SignalSpec> consumes() { return java.util.Set.of(); }
    @Override public java.util.Set<dev.prism.core.signal.SignalSpec> produces() { return java.util.Set.of(DEPTH); }
    @Override public dev.prism.core.signal.Provenance provenance() {
      return dev.prism.core.signal.Provenance.ofCode("deep", "1", java.util.Map.of());
    }

    @Override
    public java.util.Map<dev.prism.core.signal.SignalSpec, dev.prism.core.graph.Column> compute(dev.prism.core.graph.Batch batch) {
      dev.prism.core.graph.Column c = new dev.prism.core.graph.Column(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        String t = batch.items().get(i).text();
        c.set(i, new dev.prism.core.signal.SignalValue.Score(t.startsWith("deep") ? recurse(0) : t.length()));
      }
      return java.util.Map.of(DEPTH, c);
    }

    private static int recurse(int depth) {
      return recurse(depth + 1) + 1;
    }
  }

  @Test
  void aRowThatOverflowsANodesStackFailsAloneAndTheRunGoesOn() throws Exception {
    Path in = dir.resolve("items.jsonl");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 7; i++) {
      sb.append("{\"id\": \"r").append(i).append("\", \"text\": \"").append(i == 3 ? "deep" : "row " + i).append("\"}\n");
    }
    Files.writeString(in, sb.toString());
    dev.prism.core.signal.ContractRegistry reg = new dev.prism.core.signal.ContractRegistry(List.of(
        new dev.prism.core.signal.SignalContract(DeepNode.DEPTH, new dev.prism.core.signal.ValueType.ScoreType(0, 1e9),
            "deep", "test", "text length, or a stack overflow", "", "", "")));
    Config cfg = Config.load(PrismConfig.allKeys(List.of()), null, java.util.Map.of(), java.util.Map.of());
    List<String> failed = new ArrayList<>();
    try (SignalGraph g = new SignalGraph(List.of(new DeepNode()), reg); MediaResolver media = new MediaResolver(MediaConfig.from(cfg))) {
      ScoreJob.Request req = new ScoreJob.Request(in, null, dir.resolve("out.jsonl"), null, null, ItemMapping.defaults(),
          List.of("depth"), 16);
      BatchRunner.Summary s = new ScoreJob(g, media).run(req, new ScoreJob.Listener() {
        @Override
        public void itemFailed(dev.prism.core.graph.ItemResult r) {
          failed.add(r.itemId() + ": " + r.errors().values());
        }
      }).summary();
      assertThat(s.scored()).isEqualTo(7);
      assertThat(s.itemsWithErrors()).isEqualTo(1);
      assertThat(s.clean()).isFalse(); // prism score exits 3
      assertThat(failed).containsExactly("r3: [node deep failed on this item: StackOverflowError]");
      List<String> lines = Files.readAllLines(dir.resolve("out.jsonl"));
      assertThat(lines).hasSize(7);
      assertThat(lines.get(6)).contains("\"depth@1\":5.0");
    }
  }

  @Test
  void resumeRefusesAnOutputWrittenForOtherSignalsOrByAnotherProgramAndLeavesItAlone() throws Exception {
    Path in = dir.resolve("items.jsonl");
    Files.writeString(in, "{\"id\": \"1\", \"text\": \"hello\"}\n{\"id\": \"2\", \"text\": \"world\"}\n");
    // 1. A previous run asked for another signal: resuming would skip both items and the file would
    //    never get text_stats for them.
    Path other = dir.resolve("other-signals.jsonl");
    String otherRun = "{\"id\":\"1\",\"signals\":{\"lang@2\":{\"label\":\"eng\",\"confidence\":0.9}}}\n";
    Files.writeString(other, otherRun);
    // 2. Not a Prism output at all (another item file, last line without a newline): resuming would
    //    take its ids as done, cut its last line and append to it.
    Path notOurs = dir.resolve("not-ours.jsonl");
    String items = "{\"id\": \"1\", \"text\": \"someone else's data\"}\n{\"id\": \"2\", \"text\": \"last line\"}";
    Files.writeString(notOurs, items);
    Config cfg = Config.load(PrismConfig.allKeys(List.of()), null, java.util.Map.of(), java.util.Map.of());
    try (SignalGraph g = GraphAssembly.build(cfg, GraphListener.NONE); MediaResolver media = new MediaResolver(MediaConfig.from(cfg))) {
      ScoreJob job = new ScoreJob(g, media);
      assertThatThrownBy(() -> job.run(request(in, other), new ScoreJob.Listener() {}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(other + ":1:").hasMessageContaining("[lang@2]").hasMessageContaining("[text_stats@1]")
          .hasMessageContaining("--on-existing overwrite");
      assertThat(Files.readString(other)).isEqualTo(otherRun);
      assertThatThrownBy(() -> job.run(request(in, notOurs), new ScoreJob.Listener() {}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(notOurs + ":1:").hasMessageContaining("not a prism score output");
      assertThat(Files.readString(notOurs)).isEqualTo(items);
      assertThat(g.builtNodeNames()).as("a refused resume loads no model").isEmpty();

      // A torn last line of a real output is still cut and its item scored again.
      Path torn = dir.resolve("torn.jsonl");
      job.run(request(in, torn), new ScoreJob.Listener() {});
      List<String> full = Files.readAllLines(torn);
      Files.writeString(torn, full.get(0) + "\n" + full.get(1).substring(0, 20));
      BatchRunner.Summary s = job.run(request(in, torn), new ScoreJob.Listener() {}).summary();
      assertThat(s.skippedAlreadyDone()).isEqualTo(1);
      assertThat(s.scored()).isEqualTo(1);
      assertThat(Files.readAllLines(torn)).isEqualTo(full);
      // ... also when the tear splits a multi-byte character
      Path in2 = dir.resolve("items2.jsonl");
      Files.writeString(in2, "{\"id\": \"1\", \"text\": \"hello\"}\n{\"id\": \"\u00e92\", \"text\": \"caf\u00e9\"}\n");
      Path torn2 = dir.resolve("torn2.jsonl");
      job.run(request(in2, torn2), new ScoreJob.Listener() {});
      byte[] whole = Files.readAllBytes(torn2);
      int cut = Files.readAllLines(torn2).get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1 + "{\"id\":\"".length() + 1;
      Files.write(torn2, java.util.Arrays.copyOf(whole, cut)); // ends inside the two bytes of the id's 'é'
      s = job.run(request(in2, torn2), new ScoreJob.Listener() {}).summary();
      assertThat(s.skippedAlreadyDone()).isEqualTo(1);
      assertThat(Files.readAllBytes(torn2)).isEqualTo(whole);
    }
  }
}
