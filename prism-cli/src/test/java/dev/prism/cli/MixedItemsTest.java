package dev.prism.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.core.io.SignalJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mixed file (text with an image, text alone, an image that is not one) through {@code prism
 * score}: every item gets its text signals, items with a photograph get the image signals, and the
 * nsfw probabilities equal those of nsfwjs itself (the reference outputs that nsfwjs 4.4.0 produced
 * under Node for the same Kodak photographs, committed with the model conversion).
 */
class MixedItemsTest {
  @TempDir Path dir;

  static final Path KODAK = Path.of("../datasets/kodak24").toAbsolutePath().normalize();
  static final Path NSFWJS_REFERENCE = Path.of("../prism-models/src/test/resources/nsfwjs/reference-kodak.json");

  @Test
  void textAndImageSignalsForMixedItemsFromPrismScore() throws Exception {
    Files.write(dir.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16});
    Path in = dir.resolve("items.jsonl");
    Files.writeString(in, """
        {"id": "pin-1", "text": "Red barn by the lake, autumn colours", "image": {"path": "%1$s/kodim01.png"}}
        {"id": "comment-2", "text": "Check out my channel!!! http://bit.ly/x"}
        {"id": "pin-3", "text": "Lighthouse", "image": {"path": "%1$s/kodim02.png"}}
        {"id": "pin-4", "text": "a cut upload", "image": {"path": "%2$s/broken.jpg"}}
        """.formatted(KODAK, dir));
    Path out = dir.resolve("out.jsonl");
    ScoreCommandTest.Run r = ScoreCommandTest.run("score", "-i", in.toString(), "-o", out.toString(),
        "--set", "media.path.roots=" + KODAK + "," + dir);
    // exit 3: pin-4's image is broken, and says so; the others are complete
    assertThat(r.code()).as(r.err()).isEqualTo(3);
    assertThat(r.err()).contains("pin-4").contains("truncated JPEG");
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(4);
    JsonNode reference = SignalJson.MAPPER.readTree(NSFWJS_REFERENCE.toFile()).get("results");
    for (int i : new int[] {0, 2}) {
      JsonNode item = SignalJson.MAPPER.readTree(lines.get(i));
      JsonNode s = item.get("signals");
      assertThat(item.has("errors")).as(lines.get(i)).isFalse();
      assertThat(s.at("/text_embedding@1").size()).isEqualTo(384);
      assertThat(s.at("/lang@2/label").asText()).isNotEmpty();
      assertThat(s.at("/image_quality@1/width").asDouble()).isEqualTo(768.0);
      assertThat(s.at("/image_phash@1").asText()).hasSize(16);
      assertThat(s.at("/image_embedding@1").size()).isEqualTo(1280);
      JsonNode ref = reference.get(i == 0 ? 0 : 1);
      assertThat(ref.get("image").asText()).isEqualTo(i == 0 ? "kodim01.png" : "kodim02.png");
      for (String c : List.of("drawing", "hentai", "neutral", "porn", "sexy")) {
        assertThat(s.at("/nsfw@1/" + c).asDouble()).as(c)
            .isCloseTo(ref.at("/probabilities/" + c).asDouble(), org.assertj.core.data.Offset.offset(1e-3));
      }
    }
    JsonNode text = SignalJson.MAPPER.readTree(lines.get(1));
    assertThat(text.has("errors")).as("default signals: no image, no image errors").isFalse();
    assertThat(text.get("signals").has("text_stats@1")).isTrue();
    assertThat(text.get("signals").has("nsfw@1")).isFalse();
    JsonNode broken = SignalJson.MAPPER.readTree(lines.get(3));
    assertThat(broken.get("signals").has("text_embedding@1")).as("its text is still scored").isTrue();
    assertThat(broken.at("/errors/nsfw@1").asText()).contains("truncated JPEG");
  }
}
