package dev.prism.cli.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.cli.Prism;
import dev.prism.cli.support.ExitCodes;
import dev.prism.store.auth.ApiTokenStore;
import dev.prism.store.db.MetadataDb;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code prism rollout} on a real SQLite file: the records a serving process then runs. */
class RolloutCommandTest {
  static final Path BUNDLED = Path.of("..", "models", "spam-youtube.v1.json");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  String db;
  String artifacts;

  record Result(int exit, String out, String err) {}

  @BeforeEach
  void setUp() {
    db = "jdbc:sqlite:" + tmp.resolve("prism.db");
    artifacts = tmp.resolve("artifacts").toString();
  }

  Result run(String... args) {
    CommandLine root = Prism.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    root.setOut(new PrintWriter(out, true));
    root.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--db";
    all[args.length + 1] = db;
    all[args.length + 2] = "--artifacts";
    all[args.length + 3] = artifacts;
    int exit = root.execute(all);
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void startStatusPauseResumeAbortAreRecordedAndAudited() throws Exception {
    ObjectNode v2 = (ObjectNode) JSON.readTree(BUNDLED.toFile());
    v2.put("version", "other");
    Path v2File = tmp.resolve("v2.json");
    Files.writeString(v2File, v2.toString());
    assertThat(run("models", "register", BUNDLED.toString()).exit()).isEqualTo(ExitCodes.OK);
    Result noProd = run("rollout", "start", "spam", "--candidate", "v1", "--reason", "x");
    assertThat(noProd.exit()).isNotEqualTo(ExitCodes.OK);
    assertThat(noProd.err()).contains("spam has no production alias");
    assertThat(run("models", "alias", "spam@v1", "production", "--reason", "first").exit()).isEqualTo(ExitCodes.OK);
    assertThat(run("models", "register", v2File.toString()).exit()).isEqualTo(ExitCodes.OK);

    Result badSteps = run("rollout", "start", "spam", "--candidate", "v2", "--steps", "10,5,100", "--reason", "x");
    assertThat(badSteps.exit()).isNotEqualTo(ExitCodes.OK);
    assertThat(badSteps.err()).contains("percentages must increase strictly");

    Result start = run("rollout", "start", "spam", "--candidate", "v2", "--steps", "shadow,5,100", "--min-step-ms", "1000",
        "--min-step-items", "50", "--reason", "retrained");
    assertThat(start.exit()).as(start.err()).isEqualTo(ExitCodes.OK);
    assertThat(start.out()).contains("spam@v2 against production v1, steps shadow,5,100, at least 1000 ms and 50");
    Result status = run("rollout", "status", "spam", "--json");
    JsonNode r = JSON.readTree(status.out().lines().findFirst().orElseThrow());
    String id = r.path("id").asText();
    assertThat(r.path("state").asText()).isEqualTo("running");
    assertThat(r.path("step").asText()).isEqualTo("shadow");
    assertThat(r.path("candidate").asText()).isEqualTo("spam@v2");

    assertThat(run("rollout", "pause", id, "--reason", "weekend").out()).contains("paused");
    Result again = run("rollout", "pause", id, "--reason", "twice");
    assertThat(again.exit()).isNotEqualTo(ExitCodes.OK);
    assertThat(again.err()).contains("is paused, not running");
    assertThat(run("rollout", "resume", id, "--reason", "monday").out()).contains("running");
    assertThat(run("rollout", "abort", id, "--reason", "changed our mind").out()).contains("aborted")
        .contains("outcome     changed our mind");
    assertThat(run("rollout", "status", id).out()).contains(id + "  spam@v2 against v1  aborted");
    assertThat(run("models", "events").out()).contains("rollout.started").contains("rollout.paused")
        .contains("rollout.resumed").contains("rollout.aborted");
    try (MetadataDb m = MetadataDb.open(db)) {
      assertThat(new ApiTokenStore(m).audit(20)).extracting(e -> e.action()).contains("rollout.start", "rollout.pause",
          "rollout.resume", "rollout.abort");
    }
  }
}
