package dev.prism.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.cli.support.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * One error style for every command: a failing command of each former module (label, learn,
 * store) and of prism-cli itself prints exactly one line {@code prism <command>: <message>} and
 * exits 1; a bad command line exits 2 with a pointer to --help; a bug still shows its stack trace.
 */
class CliErrorsTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static Run run(String... args) {
    return run(Prism.commandLine(), args);
  }

  @Test
  void expectedFailuresOfEveryModulePrintOneLineNamingTheCommand() throws Exception {
    Path csv = dir.resolve("items.csv");
    Files.writeString(csv, "text\nhello\n");
    Path notADatabase = dir.resolve("garbage.db");
    Files.writeString(notADatabase, "this is not a SQLite database, it is a text file that is long enough to have a header\n"
        .repeat(20));
    Path badSnapshot = dir.resolve("snapshot.jsonl");
    Files.writeString(badSnapshot, "{\"id\": \"a\", \"features\": \n");

    // prism-label: a missing LF file
    assertThat(assertOneLine(run("lf", "analyze", "--lfs", dir.resolve("no-lfs.json").toString(), "--input", csv.toString()),
        "prism lf analyze: ")).isEqualTo("prism lf analyze: " + dir.resolve("no-lfs.json") + ": cannot read LF file: no such file");
    // prism-label: a label data error names file, line and item
    Path wrench = Files.createDirectory(dir.resolve("wrench"));
    Files.writeString(wrench.resolve("train.json"), "{\"a\": {\"label\": 0, \"weak_labels\": [0]},\n"
        + "\"b\": {\"label\": 0, \"weak_labels\": [0, 1]}}");
    assertThat(assertOneLine(run("labelmodel", "fit", "--wrench", wrench.toString()), "prism labelmodel fit: "))
        .startsWith("prism labelmodel fit: " + wrench.resolve("train.json") + ":2 (item b): has 2 weak labels but item a has 1");
    // prism-learn: a malformed snapshot
    assertThat(assertOneLine(run("train", "--snapshot", badSnapshot.toString(), "--out", dir.resolve("a.json").toString(),
        "--signal", "spam@1", "--owner", "o", "--description", "d", "--label-source", "s"), "prism train: "))
        .contains(badSnapshot.toString());
    // prism-learn: a missing file
    assertThat(assertOneLine(run("labels", "errors", "--snapshot", dir.resolve("none.jsonl").toString(), "--out",
        dir.resolve("issues.csv").toString()), "prism labels errors: "))
        .isEqualTo("prism labels errors: no such file: " + dir.resolve("none.jsonl"));
    // prism-store: a database error (the file is not a SQLite database)
    assertThat(assertOneLine(run("labels", "tasks", "--db", "jdbc:sqlite:" + notADatabase), "prism labels tasks: "))
        .contains(notADatabase.toString());
    // prism-store: an unknown task
    assertThat(assertOneLine(run("labels", "export", "--db", "jdbc:sqlite:" + dir.resolve("ok.db"), "--task", "spam",
        "--format", "csv", "--output", dir.resolve("o.csv").toString()), "prism labels export: "))
        .contains("no labeling task 'spam'");
    // prism-cli's own commands
    assertThat(assertOneLine(run("score", "-i", dir.resolve("none.csv").toString(), "-o", dir.resolve("o.jsonl").toString()),
        "prism score: ")).contains("none.csv");
  }

  /** Asserts exit code 1 and exactly one stderr line with that prefix and a message; returns the line. */
  private static String assertOneLine(Run r, String prefix) {
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.ERROR);
    assertThat(r.err().lines().toList()).as(r.err()).singleElement().asString().startsWith(prefix).hasSizeGreaterThan(prefix.length());
    return r.err().strip();
  }

  @Test
  void badCommandLinesExitTwoWithTheMessageAndAPointerToHelp() {
    Run missing = run("labels", "import", "--format", "csv", "x.csv");
    assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err().lines().toList()).containsExactly(
        "prism labels import: Missing required option: '--task=NAME'",
        "Try 'prism labels import --help' for more information.");

    Run typo = run("labels", "tsks");
    assertThat(typo.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(typo.err()).startsWith("prism labels: Unmatched argument at index 1: 'tsks'").contains("tasks")
        .endsWith("Try 'prism labels --help' for more information." + System.lineSeparator());

    for (String group : new String[] {"lf", "labelmodel", "labels"}) {
      Run none = run(group);
      assertThat(none.code()).as(group).isEqualTo(ExitCodes.USAGE);
      assertThat(none.err()).as(group).startsWith("prism " + group + ": missing subcommand: ");
    }
    assertThat(run("lf").err()).startsWith("prism lf: missing subcommand: analyze" + System.lineSeparator());

    Run badValue = run("labelmodel", "synth", "--n", "many");
    assertThat(badValue.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badValue.err()).startsWith("prism labelmodel synth: Invalid value for option '--n': 'many' is not an int");
  }

  /** A command whose code has a bug, to see how the handler treats the unexpected. */
  @CommandLine.Command(name = "broken")
  static final class Broken implements Callable<Integer> {
    @Override
    public Integer call() {
      Object missing = null;
      return missing.hashCode();
    }
  }

  @Test
  void aBugStillShowsItsStackTrace() {
    CommandLine prism = Prism.commandLine();
    prism.addSubcommand(new Broken());
    Run r = run(prism, "broken");
    assertThat(r.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(r.err()).startsWith("prism broken: unexpected error (a bug in prism; the stack trace follows)")
        .contains("java.lang.NullPointerException").contains("at dev.prism.cli.CliErrorsTest$Broken.call(");
  }
}
