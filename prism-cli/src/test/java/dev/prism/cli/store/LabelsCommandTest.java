package dev.prism.cli.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.cli.Prism;
import dev.prism.cli.support.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code labels} commands end to end on a SQLite file, as the launcher registers them. */
class LabelsCommandTest {
  private static final Path YOUTUBE_TRAIN = Path.of("..", "datasets", "wrench_youtube", "train.json");

  @TempDir
  Path tmp;

  private String db;

  record Result(int exit, String out, String err) {}

  @BeforeEach
  void setUp() {
    db = "jdbc:sqlite:" + tmp.resolve("cli.db");
  }

  private static Result run(String... args) {
    CommandLine root = Prism.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    root.setOut(new PrintWriter(out, true));
    root.setErr(new PrintWriter(err, true));
    int exit = root.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void csvImportWithBadRowsExitsThreeAndNamesFileAndLine() throws Exception {
    Path csv = tmp.resolve("votes.csv");
    Files.writeString(csv, "item,verdict,rater\nc1,spam,alice\nc2,eggs,alice\nc3,ham,bob\n");
    Result r = run("labels", "import", "--db", db, "--task", "spam", "--labels", "ham,spam", "--create", "--format", "csv",
        "--item-column", "item", "--label-column", "verdict", "--annotator-column", "rater", csv.toString());
    assertThat(r.exit()).isEqualTo(ExitCodes.PARTIAL);
    assertThat(r.err()).contains(csv + ":3: unknown label value 'eggs' for task 'spam'");
    assertThat(r.out()).contains("3 rows read, 2 imported, 1 failed, 2 labels written");

    Result tasks = run("labels", "tasks", "--db", db);
    assertThat(tasks.exit()).isZero();
    assertThat(tasks.out()).containsPattern("spam\\s+ham,spam\\s+2\\s+2\\s+2\\s+0\\s+0");
  }

  @Test
  void anExplicitOptionalColumnMissingFromTheHeaderFailsTheFile() throws Exception {
    Path csv = tmp.resolve("noconf.csv");
    Files.writeString(csv, "item_id,label,annotator\nc1,spam,alice\n");
    Result r = run("labels", "import", "--db", db, "--task", "spam", "--labels", "ham,spam", "--create", "--format", "csv",
        "--confidence-column", "conf", csv.toString());
    assertThat(r.exit()).isEqualTo(ExitCodes.PARTIAL);
    assertThat(r.err()).contains(csv + ":1: missing column 'conf' (header: [item_id, label, annotator])");
    assertThat(r.out()).contains("0 rows read, 0 imported, 0 failed, 0 labels written");
  }

  @Test
  void badArgumentsExitOneWithOnePreciseLine() throws Exception {
    Path csv = tmp.resolve("x.csv");
    Files.writeString(csv, "item_id,label,annotator\nc1,spam,alice\n");
    Result noTask = run("labels", "import", "--db", db, "--task", "spam", "--format", "csv", csv.toString());
    assertThat(noTask.exit()).isEqualTo(ExitCodes.ERROR);
    assertThat(noTask.err()).startsWith("prism labels import: no labeling task 'spam' in ").contains("pass --create --labels");

    Result noLabels = run("labels", "import", "--db", db, "--task", "spam", "--create", "--format", "csv", csv.toString());
    assertThat(noLabels.exit()).isEqualTo(ExitCodes.ERROR);
    assertThat(noLabels.err()).contains("--create needs --labels");

    Result badFormat = run("labels", "import", "--db", db, "--task", "spam", "--labels", "ham,spam", "--create",
        "--format", "xml", csv.toString());
    assertThat(badFormat.err()).contains("unknown --format 'xml'");

    Result missingFile = run("labels", "import", "--db", db, "--task", "spam", "--format", "csv", tmp.resolve("nope.csv").toString());
    assertThat(missingFile.exit()).isEqualTo(ExitCodes.ERROR);
    assertThat(missingFile.err().strip()).isEqualTo("prism labels import: no such file: " + tmp.resolve("nope.csv"));

    Result emptyExport = run("labels", "export", "--db", db, "--task", "nothing", "--format", "csv", "--output",
        tmp.resolve("o.csv").toString());
    assertThat(emptyExport.exit()).isEqualTo(ExitCodes.ERROR);
    assertThat(emptyExport.err()).startsWith("prism labels export: ").contains("no labeling task 'nothing'");
  }

  @Test
  void wrenchImportReadsTheLabelSetBesideTheFileThenExportsAndReportsAgreement() throws Exception {
    Result imp = run("labels", "import", "--db", db, "--task", "youtube", "--create", "--format", "wrench", YOUTUBE_TRAIN.toString());
    assertThat(imp.exit()).as(imp.err()).isZero();
    assertThat(imp.out()).contains("1686 rows read, 1686 imported, 0 failed, 4556 labels written");

    Path out = tmp.resolve("export/youtube.jsonl");
    Result exp = run("labels", "export", "--db", db, "--task", "youtube", "--format", "jsonl", "--output", out.toString());
    assertThat(exp.exit()).isZero();
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(4556);
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertThat(first.get("item_id").asText()).isEqualTo("0");
    assertThat(first.get("source_kind").asText()).isIn("HUMAN", "LABELING_FUNCTION");

    Result agree = run("labels", "agreement", "--db", db, "--task", "youtube");
    assertThat(agree.exit()).isZero();
    assertThat(agree.out()).contains("annotators 1").contains("gold (MAJORITY): 1686 resolved, 0 unresolved");
  }

  @Test
  void agreementWritesJson() throws Exception {
    Path csv = tmp.resolve("three.csv");
    // the hand-calculated example of AgreementContract, as a file
    Files.writeString(csv, """
        item_id,annotator,label
        i1,A,y
        i1,B,y
        i1,C,y
        i2,A,y
        i2,B,y
        i2,C,n
        i3,A,n
        i3,B,n
        i3,C,n
        i4,A,n
        i4,B,y
        i4,C,n
        i5,A,y
        i5,B,y
        i5,C,y
        i6,A,n
        i6,B,n
        """);
    assertThat(run("labels", "import", "--db", db, "--task", "rel", "--labels", "y,n", "--create", "--format", "csv",
        csv.toString()).exit()).isZero();
    Path json = tmp.resolve("agreement.json");
    Result r = run("labels", "agreement", "--db", db, "--task", "rel", "--policy", "UNANIMOUS", "--json", json.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.get("goldPolicy").asText()).isEqualTo("UNANIMOUS");
    assertThat(report.get("fleiss").get("value").asDouble()).isCloseTo(4.0 / 9, within(1e-12));
    assertThat(report.get("krippendorffAlpha").get("value").asDouble()).isCloseTo(5.0 / 9, within(1e-12));
    assertThat(report.get("pairs").get(1).get("kappa").asDouble()).isCloseTo(8.0 / 13, within(1e-12));
    assertThat(report.get("gold").get(1).get("value").isNull()).isTrue();
    assertThat(report.get("goldUnresolved").asInt()).isEqualTo(2);
  }
}
