package dev.prism.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The commit in {@link CodeVersion} comes from the build, not from the launcher: a plain
 * {@code ./mvnw verify} in a git checkout (a clone or a git worktree) records the checkout's HEAD.
 * The reference is git itself, asked here at test time.
 */
class CodeVersionTest {

  @Test
  void recordsTheCommitOfTheCheckoutItWasBuiltFrom() throws Exception {
    String override = System.getProperty("prism.commit");
    if (override != null) {
      // surefire hands -Dprism.commit=... on to the tests: the build was told which commit to record
      assertThat(CodeVersion.commit()).isEqualTo(override);
      return;
    }
    Path root = projectRoot();
    assumeTrue(root != null && Files.exists(root.resolve(".git")),
        "not built from a git checkout (no .git beside mvnw, e.g. a source tarball): the commit is 'unknown' by design");
    String head = git(root, "rev-parse", "HEAD");
    assumeTrue(head != null && head.matches("[0-9a-f]{40}"), "the git binary is not available to read HEAD");

    assertThat(CodeVersion.get()).doesNotEndWith("+dev").doesNotContain("${");
    assertThat(CodeVersion.commit()).matches("[0-9a-f]{7,40}(-dirty)?");
    String hash = CodeVersion.commit().replace("-dirty", "");
    assertThat(head).as("HEAD of %s", root).startsWith(hash);
  }

  @Test
  void versionPartIsAFilteredMavenVersion() {
    assertThat(CodeVersion.get()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\+.+");
  }

  /** The directory holding mvnw, searched upwards from the module directory surefire runs in. */
  private static Path projectRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("mvnw"))) {
        return p;
      }
    }
    return null;
  }

  private static String git(Path dir, String... args) throws InterruptedException {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "git";
    System.arraycopy(args, 0, cmd, 1, args.length);
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    }
  }
}
