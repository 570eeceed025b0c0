package dev.prism.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.core.io.SignalJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, on a slice of the real data: server up, items scored over HTTP, report printed. */
class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void demoScoresCommentsThroughTheServerWithTheBundledSpamHead() throws Exception {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    List<String> lines = Files.readAllLines(repo.resolve("datasets/youtube_spam_collection/Youtube05-Shakira.csv"));
    // header + the first 60 physical lines: every record there is on one line in this file
    Files.write(dir.resolve("Youtube05-Shakira.csv"), lines.subList(0, 61));
    Path out = dir.resolve("signals.jsonl");
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    String prevHome = System.getProperty("prism.home");
    int code;
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      System.setProperty("prism.home", repo.toString());
      code = Prism.commandLine().execute("demo", "--data", dir.toString(), "--output", out.toString(), "--clients", "3");
    } finally {
      System.setOut(old);
      if (prevHome == null) {
        System.clearProperty("prism.home");
      } else {
        System.setProperty("prism.home", prevHome);
      }
    }
    String printed = buf.toString(StandardCharsets.UTF_8);
    assertThat(code).as(printed).isZero();
    assertThat(printed).contains("Scored 60 items").contains("lang@1 (OpenNLP)").contains("lang@2 (Lingua, short text)").contains("5-NN spam accuracy");
    List<String> results = Files.readAllLines(out);
    assertThat(results).hasSize(60);
    JsonNode first = SignalJson.MAPPER.readTree(results.get(0)).get("signals");
    assertThat(first.get("text_embedding@1").size()).isEqualTo(384);
    assertThat(first.has("lang@1")).isTrue();
    assertThat(first.has("lang@2")).isTrue(); // both majors served side by side
    assertThat(first.has("text_stats@1")).isTrue();
    double spam = first.get("spam@1").asDouble();
    assertThat(spam).isBetween(0.0, 1.0);
  }
}
