package dev.prism.monitor.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Score outputs and snapshots as reference rows; a bad line is reported with its place and skipped. */
class JsonlSignalsTest {
  @TempDir
  Path dir;

  @Test
  void readsScoreOutputAndSnapshotLinesByShapeAndKeepsGoingPastBadLines() throws Exception {
    Path f = dir.resolve("ref.jsonl");
    Files.writeString(f, """
        {"id":"a","signals":{"spam@1":0.25,"lang@1":{"label":"eng","confidence":0.9},"text_embedding@1":[0.5,-1.0]}}
        {"id":"b","signals":{"spam@1":0.75},"errors":{"lang@1":"no letters"}}
        {"id":"c","features":{"text_stats@1":{"char_count":12.0,"url_count":1.0}},"label":"spam"}
        {"id":"d","signals":{"spam@1":true}}
        not json at all

        {"signals":{"spam@1":0.1}}
        """);
    JsonlSignals.Read r = JsonlSignals.read(f, s -> true);
    assertThat(r.items()).isEqualTo(3);
    assertThat(r.badLines()).isEqualTo(3);
    assertThat(r.problems()).hasSize(3);
    assertThat(r.problems().get(0)).startsWith(f + ":4: ").contains("spam@1");
    assertThat(r.problems().get(1)).startsWith(f + ":5: ");
    assertThat(r.problems().get(2)).startsWith(f + ":7: ").contains("no \"id\"");
    assertThat(r.rows()).extracting(ServedRow::itemId, ServedRow::signal, ServedRow::kind, ServedRow::value).containsExactly(
        org.assertj.core.groups.Tuple.tuple("a", "spam@1", "score", new LoggedValue.Scalar(0.25)),
        org.assertj.core.groups.Tuple.tuple("a", "lang@1", "label", new LoggedValue.Category("eng", 0.9)),
        org.assertj.core.groups.Tuple.tuple("a", "text_embedding@1", "embedding", new LoggedValue.Vector(new float[] {0.5f, -1f})),
        org.assertj.core.groups.Tuple.tuple("b", "spam@1", "score", new LoggedValue.Scalar(0.75)),
        org.assertj.core.groups.Tuple.tuple("b", "lang@1", "error", new LoggedValue.Failed("no letters")),
        org.assertj.core.groups.Tuple.tuple("c", "text_stats@1", "features",
            new LoggedValue.Named(Map.of("char_count", 12.0, "url_count", 1.0))));
    // the signal filter applies to values and errors alike
    assertThat(JsonlSignals.read(f, s -> s.equals("lang@1")).rows()).extracting(ServedRow::itemId).containsExactly("a", "b");
  }
}
