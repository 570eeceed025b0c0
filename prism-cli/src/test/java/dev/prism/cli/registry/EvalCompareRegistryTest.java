package dev.prism.cli.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.cli.Prism;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code prism train --register} and {@code prism eval --compare toy@production}: the comparison
 * model comes from the registry.
 */
class EvalCompareRegistryTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    CommandLine cl = Prism.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Result(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void aRegistryReferenceIsResolvedToItsArtifact() throws Exception {
    // two overlapping Gaussian classes in 2-d (centres 2 apart, sd 1), seeded
    SplittableRandom r = new SplittableRandom(11);
    StringBuilder sb = new StringBuilder();
    String[] splits = {"train", "valid", "test"};
    int[] sizes = {200, 60, 100};
    int id = 0;
    for (int s = 0; s < 3; s++) {
      for (int i = 0; i < sizes[s]; i++) {
        int y = i % 2;
        sb.append(String.format(Locale.ROOT, "{\"id\":\"%d\",\"split\":\"%s\",\"features\":{\"x@1\":[%.6f,%.6f]},\"label\":%d}%n",
            id++, splits[s], 2.0 * y + gauss(r), gauss(r), y));
      }
    }
    Path snap = dir.resolve("toy.jsonl");
    Files.writeString(snap, sb.toString());
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    String db = "jdbc:sqlite:" + dir.resolve("prism.db");
    String store = dir.resolve("artifacts").toString();
    Result ta = run("train", "--snapshot", snap.toString(), "--out", a.toString(), "--signal", "toy@1", "--owner", "o",
        "--description", "d", "--label-source", "gold", "--classes", "neg,pos", "--inputs", "x@1", "--l2", "0.01");
    assertThat(ta.code()).as(ta.err()).isZero();
    assertThat(ta.out()).doesNotContain("registered");
    // b is trained and registered in one step: prism train --register
    Result tb = run("train", "--snapshot", snap.toString(), "--out", b.toString(), "--signal", "toy@1", "--owner", "o",
        "--description", "d", "--label-source", "gold", "--classes", "neg,pos", "--inputs", "x@1", "--l2", "30",
        "--register", "--registry-db", db, "--registry-artifacts", store);
    assertThat(tb.code()).as(tb.err()).isZero();
    assertThat(tb.out()).contains("registered toy@v1");
    assertThat(run("models", "register", b.toString(), "--db", db, "--artifacts", store).out())
        .contains("already registered as toy@v1");
    assertThat(run("models", "alias", "toy@v1", "production", "--reason", "r", "--db", db, "--artifacts", store).code()).isZero();

    Path out = dir.resolve("eval");
    Result eval = run("eval", "--artifact", a.toString(), "--snapshot", snap.toString(), "--out-dir", out.toString(),
        "--compare", "toy@production", "--registry-db", db, "--registry-artifacts", store);
    assertThat(eval.code()).as(eval.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    String bSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(b)));
    assertThat(report.at("/context/compare_artifact_sha256").asText()).isEqualTo(bSha);
    assertThat(report.at("/context/compare_artifact").asText()).isEqualTo("toy@production = toy@v1");
    assertThat(report.path("comparison").isObject()).isTrue();

    Result unknown = run("eval", "--artifact", a.toString(), "--snapshot", snap.toString(), "--out-dir", out.toString(),
        "--compare", "toy@canary", "--registry-db", db, "--registry-artifacts", store);
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("no alias 'canary' on signal toy");
  }

  private static double gauss(SplittableRandom r) {
    // Box-Muller
    double u = 1.0 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
