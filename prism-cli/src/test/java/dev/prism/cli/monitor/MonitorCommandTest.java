package dev.prism.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.cli.MonitorCommand;
import dev.prism.cli.Prism;
import dev.prism.core.graph.ItemResult;
import dev.prism.core.io.SignalJson;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalRecord;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.monitor.DriftEvents;
import dev.prism.monitor.log.ServedSignalLog;
import dev.prism.registry.WebhookDispatcher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code prism monitor} and {@code prism prevalence} end to end: log written by the real writer, files, exit codes, webhooks. */
class MonitorCommandTest {
  static final SignalSpec SPAM = new SignalSpec("spam", 1);
  static final SignalSpec LANG = new SignalSpec("lang", 1);
  static final Provenance HEAD = new Provenance("spam-youtube", "1", "abc", "test", Map.of());

  @TempDir
  Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = Prism.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  /** spam ~ u^power, lang from the given English share. */
  static List<ItemResult> traffic(String prefix, int n, double power, double english, long seed) {
    Random r = new Random(seed);
    List<ItemResult> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = prefix + i;
      Map<SignalSpec, SignalRecord> v = new java.util.LinkedHashMap<>();
      v.put(SPAM, new SignalRecord(id, SPAM, new SignalValue.Probability(Math.pow(r.nextDouble(), power)), HEAD));
      v.put(LANG, new SignalRecord(id, LANG, new SignalValue.Label(r.nextDouble() < english ? "eng" : "fra", 0.9),
          Provenance.ofCode("lang", "1", Map.of())));
      out.add(new ItemResult(id, v, Map.of()));
    }
    return out;
  }

  static void log(Path logDir, Instant at, List<ItemResult> results) throws Exception {
    try (ServedSignalLog log = new ServedSignalLog(new ServedSignalLog.Settings(logDir, 1.0, 100_000, 64L << 20, Duration.ofHours(1)),
        Clock.fixed(at, ZoneOffset.UTC), new SimpleMeterRegistry())) {
      log.served(results, 4_000_000);
    }
  }

  /** The traffic as a `prism score` JSONL output. */
  static void scoreOutput(Path file, List<ItemResult> results) throws Exception {
    StringBuilder b = new StringBuilder();
    for (ItemResult r : results) {
      var o = SignalJson.MAPPER.createObjectNode();
      o.put("id", r.itemId());
      var sig = o.putObject("signals");
      r.values().forEach((s, rec) -> SignalJson.putValue(sig, s.toString(), rec.value()));
      b.append(o).append('\n');
    }
    Files.writeString(file, b.toString());
  }

  @Test
  void quietWindowExitsZeroAndAShiftedOneExitsThreeWithEvents() throws Exception {
    Instant now = Instant.now();
    Path ref = dir.resolve("scored.jsonl");
    scoreOutput(ref, traffic("r", 600, 2, 0.8, 1));
    Path quiet = dir.resolve("quiet");
    log(quiet, now.minus(Duration.ofMinutes(20)), traffic("q", 600, 2, 0.8, 2));
    Run ok = run("monitor", "--db", "jdbc:sqlite:" + dir.resolve("events.db"), "--window-log", quiet.toString(), "--from", "-1h", "--reference", ref.toString(),
        "--out", dir.resolve("quiet.json").toString());
    assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).contains("no threshold breached").contains("spam@1");
    JsonNode qj = SignalJson.MAPPER.readTree(dir.resolve("quiet.json").toFile());
    assertThat(qj.get("breached").asBoolean()).isFalse();
    assertThat(qj.get("events")).isEmpty();

    Path shifted = dir.resolve("shifted");
    // spam scores pushed up (u^0.5 instead of u^2) and French from 20 % to 50 %
    log(shifted, now.minus(Duration.ofMinutes(20)), traffic("s", 600, 0.5, 0.5, 3));
    Path json = dir.resolve("drift.json");
    Path html = dir.resolve("drift.html");
    Run breach = run("monitor", "--db", "jdbc:sqlite:" + dir.resolve("events.db"), "--window-log", shifted.toString(), "--from", "-1h", "--reference", ref.toString(),
        "--out", json.toString(), "--html", html.toString(), "--set", "monitor.thresholds=lang.share_change=0.5");
    assertThat(breach.code()).as(breach.out() + breach.err()).isEqualTo(3);
    assertThat(breach.out()).contains("spam@1 psi = ").contains("threshold(s) breached");
    JsonNode j = SignalJson.MAPPER.readTree(json.toFile());
    assertThat(j.get("breached").asBoolean()).isTrue();
    List<String> breached = new ArrayList<>();
    j.get("breaches").forEach(b -> breached.add(b.get("series").asText() + "." + b.get("statistic").asText()));
    assertThat(breached).contains("spam@1.psi", "spam@1.ks", "spam@1.js");
    // the per-signal override raised lang's share threshold to 0.5: its 0.3 change is not a breach
    assertThat(breached).noneMatch(b -> b.startsWith("lang@1"));
    List<String> types = new ArrayList<>();
    j.get("events").forEach(e -> {
      // the registry's envelope: the signal's registry name, the contract in the evidence
      types.add(e.get("type").asText() + ":" + e.get("signal").asText() + ":" + e.get("data").get("signal_spec").asText());
      assertThat(e.get("data").get("breaches").get(0).get("threshold").asDouble()).isPositive();
    });
    assertThat(types).containsExactly(DriftEvents.DRIFT + ":spam:spam@1", DriftEvents.RETRAIN + ":spam:spam@1");
    String page = Files.readString(html);
    assertThat(page).startsWith("<!DOCTYPE html>").contains("<svg").contains("spam@1: CDF").contains("lang@1: class shares")
        .contains("threshold(s) breached").doesNotContain("<script");
  }

  @Test
  void aParquetScoreOutputReadsAsTheSameReferenceAsItsJsonl() throws Exception {
    Path in = dir.resolve("comments.jsonl");
    StringBuilder b = new StringBuilder();
    List<dev.prism.core.data.YoutubeSpamCollection.Comment> comments =
        dev.prism.core.data.YoutubeSpamCollection.load(dev.prism.core.data.YoutubeSpamCollection.find());
    for (int i = 0; i < 150; i++) {
      var o = SignalJson.MAPPER.createObjectNode();
      o.put("id", comments.get(i).uniqueId()).put("text", comments.get(i).content());
      b.append(o).append('\n');
    }
    Files.writeString(in, b.toString());
    Path jsonl = dir.resolve("ref.jsonl");
    Path parquet = dir.resolve("ref.parquet");
    for (Path out : List.of(jsonl, parquet)) {
      Run s = run("score", "-i", in.toString(), "-o", out.toString(), "--signals", "lang@1,text_stats", "--no-progress");
      assertThat(s.code()).as(s.err()).isZero();
    }
    var fromJsonl = dev.prism.monitor.log.JsonlSignals.read(jsonl, x -> true);
    var fromParquet = dev.prism.monitor.log.ParquetSignals.read(parquet, x -> true);
    assertThat(fromParquet.items()).isEqualTo(150);
    assertThat(fromParquet.rows()).hasSize(300).isEqualTo(fromJsonl.rows());
    // and prism monitor takes it: the window is the same comments served (logged), so nothing drifts
    Path logDir = dir.resolve("log");
    List<ItemResult> served = new ArrayList<>();
    for (var row : fromJsonl.rows()) {
      if (row.signal().equals("lang@1") && row.value() instanceof dev.prism.monitor.log.LoggedValue.Category c) {
        served.add(new ItemResult(row.itemId(), Map.of(LANG, new SignalRecord(row.itemId(), LANG,
            new SignalValue.Label(c.label(), c.confidence()), Provenance.ofCode("lang", "1", Map.of()))), Map.of()));
      }
    }
    log(logDir, Instant.now().minus(Duration.ofMinutes(5)), served);
    Run m = run("monitor", "--db", "jdbc:sqlite:" + dir.resolve("events.db"), "--window-log", logDir.toString(), "--reference", parquet.toString(), "--signals", "lang");
    assertThat(m.code()).as(m.out() + m.err()).isZero();
    assertThat(m.out()).contains("reference: 150 rows from " + parquet).contains("lang@1").contains("no threshold breached");
  }

  @Test
  void anUnreadableLogFileIsSkippedNamedAndTheRestIsChecked() throws Exception {
    Instant now = Instant.now();
    Path ref = dir.resolve("scored.jsonl");
    scoreOutput(ref, traffic("r", 600, 2, 0.8, 1));
    Path logDir = dir.resolve("log");
    log(logDir, now.minus(Duration.ofMinutes(20)), traffic("q", 600, 2, 0.8, 2));
    Path good;
    try (var files = Files.walk(logDir)) {
      good = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Path bad = good.resolveSibling("part-torn.parquet");
    Files.write(bad, new byte[] {'P', 'A', 'R', '1', 0, 1, 2}); // a torn copy: magic, no footer
    Run r = run("monitor", "--db", "jdbc:sqlite:" + dir.resolve("events.db"), "--window-log", logDir.toString(), "--from", "-1h",
        "--reference", ref.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3); // completed over less than the window held
    assertThat(r.err()).contains("skipped served-signal log file " + bad).contains("1 unreadable log file(s) skipped")
        .doesNotContain("LocalInputFile@");
    assertThat(r.out()).contains("spam@1").contains("no threshold breached");
  }

  @Test
  void reportsAndSamplesNeverOverwriteTheirInputs() throws Exception {
    Path ref = dir.resolve("scored.jsonl");
    scoreOutput(ref, traffic("r", 200, 2, 0.8, 1));
    String before = Files.readString(ref);
    Run m = run("monitor", "--db", "jdbc:sqlite:" + dir.resolve("events.db"), "--window-log", dir.toString(),
        "--reference", ref.toString(), "--out", ref.toString());
    assertThat(m.code()).isEqualTo(1);
    assertThat(m.err()).contains("is the input file");
    Run p = run("prevalence", "sample", "--scores", ref.toString(), "--signal", "spam@1", "--task", "t", "--labels", "ham,spam",
        "--positive", "spam", "-n", "20", "--design", dir.resolve("d.json").toString(), "--batch", ref.toString(),
        "--db", "jdbc:sqlite:" + dir.resolve("events.db"));
    assertThat(p.code()).isEqualTo(1);
    assertThat(p.err()).contains("is the input file");
    assertThat(Files.readString(ref)).isEqualTo(before);
  }

  @Test
  void referenceCanBeAnEarlierWindowOfTheLog() throws Exception {
    Instant now = Instant.now();
    Path logDir = dir.resolve("log");
    log(logDir, now.minus(Duration.ofHours(25)).plusSeconds(60), traffic("a", 500, 2, 0.8, 4));
    log(logDir, now.minus(Duration.ofMinutes(10)), traffic("b", 500, 2, 0.4, 5));
    Run r = run("monitor", "--db", "jdbc:sqlite:" + dir.resolve("events.db"), "--window-log", logDir.toString(), "--from", "-1h", "--reference-log", logDir.toString(),
        "--reference-from", "-25h", "--reference-to", "-24h", "--signals", "lang");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
    assertThat(r.out()).contains("lang@1").contains("share_change").doesNotContain("spam@1");
    Run empty = run("monitor", "--db", "jdbc:sqlite:" + dir.resolve("events.db"), "--window-log", logDir.toString(), "--from", "-3h", "--to", "-2h", "--reference-log",
        logDir.toString(), "--reference-from", "-25h", "--reference-to", "-24h");
    assertThat(empty.code()).isEqualTo(1);
    assertThat(empty.err()).contains("holds no logged rows");
    Run both = run("monitor", "--db", "jdbc:sqlite:" + dir.resolve("events.db"), "--window-log", logDir.toString(), "--reference", "x.jsonl", "--reference-log", logDir.toString());
    assertThat(both.code()).isEqualTo(1);
    assertThat(both.err()).contains("exactly one reference");
  }

  @Test
  void eventsAreRecordedInTheRegistryAndDeliveredSignedToWebhooks() throws Exception {
    List<String[]> got = new CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      got.add(new String[] {ex.getRequestHeaders().getFirst(WebhookDispatcher.EVENT_TYPE_HEADER),
          ex.getRequestHeaders().getFirst(WebhookDispatcher.SIGNATURE_HEADER), new String(body, StandardCharsets.UTF_8)});
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    receiver.start();
    try {
      Instant at = Instant.parse("2026-11-26T12:00:00Z");
      var payload = SignalJson.MAPPER.createObjectNode().put("id", "e1").put("type", DriftEvents.DRIFT).put("signal", "spam@1");
      payload.putObject("data").put("reference", "ref.jsonl").putArray("breaches").addObject().put("statistic", "psi").put("value", 0.4);
      List<DriftEvents.Event> events = List.of(new DriftEvents.Event("e1", DriftEvents.DRIFT, "spam@1", "cli:test", at, payload.toString()));
      String secret = "monitor-webhook-secret-0123456789";
      String db = "jdbc:sqlite:" + dir.resolve("meta.db");
      MonitorCommand.Recorded rec = MonitorCommand.record(events,
          List.of(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")), secret, db);
      assertThat(rec.delivered()).isEqualTo(1);
      // recorded in the registry's event table, under the signal's registry name, with the evidence
      assertThat(rec.events()).singleElement().satisfies(e -> {
        assertThat(e.type()).isEqualTo(DriftEvents.DRIFT);
        assertThat(e.signal()).isEqualTo("spam");
      });
      Run listed = run("models", "events", "--db", db);
      assertThat(listed.code()).as(listed.err()).isZero();
      assertThat(listed.out()).contains(DriftEvents.DRIFT).contains("spam");
      String body = rec.events().get(0).payloadJson();
      assertThat(SignalJson.MAPPER.readTree(body).get("data").get("signal_spec").asText()).isEqualTo("spam@1");
      assertThat(SignalJson.MAPPER.readTree(body).get("data").get("breaches").get(0).get("value").asDouble()).isEqualTo(0.4);
      assertThat(got).singleElement().satisfies(g -> {
        assertThat(g[0]).isEqualTo(DriftEvents.DRIFT);
        assertThat(g[2]).isEqualTo(body);
        String t = g[1].replaceFirst("^t=(\\d+),v1=.*$", "$1");
        assertThat(g[1]).endsWith("v1=" + WebhookDispatcher.sign(secret.getBytes(StandardCharsets.UTF_8), Long.parseLong(t),
            body.getBytes(StandardCharsets.UTF_8)));
      });
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  void prevalenceSampleLabelImportAndEstimate() throws Exception {
    Random r = new Random(8);
    StringBuilder scored = new StringBuilder();
    Map<String, Boolean> truth = new java.util.HashMap<>();
    int positives = 0;
    for (int i = 0; i < 3000; i++) {
      boolean y = r.nextDouble() < 0.1;
      double p = 1 / (1 + Math.exp(-((y ? 2.0 : -1.0) + r.nextGaussian())));
      truth.put("c" + i, y);
      positives += y ? 1 : 0;
      scored.append("{\"id\":\"c").append(i).append("\",\"signals\":{\"spam@1\":").append(p).append("}}\n");
    }
    Path scores = dir.resolve("scored.jsonl");
    Files.writeString(scores, scored.toString());
    String db = "jdbc:sqlite:" + dir.resolve("meta.db");
    Path design = dir.resolve("design.json");
    Path batch = dir.resolve("to-label.csv");
    Run s = run("prevalence", "sample", "--scores", scores.toString(), "--signal", "spam@1", "--task", "spam-prevalence",
        "--labels", "ham,spam", "--positive", "spam", "-n", "250", "--db", db, "--design", design.toString(), "--batch",
        batch.toString());
    assertThat(s.code()).as(s.out() + s.err()).isZero();
    assertThat(s.out()).contains("3000 scored items").contains("stratum 4");
    // the annotator: fills in the truth
    List<String> lines = Files.readAllLines(batch);
    assertThat(lines.get(0)).isEqualTo("item_id,stratum,score,label,annotator");
    assertThat(lines).hasSize(251);
    StringBuilder labelled = new StringBuilder(lines.get(0)).append('\n');
    for (String l : lines.subList(1, lines.size())) {
      String id = l.substring(0, l.indexOf(','));
      labelled.append(l, 0, l.length() - 2).append(',').append(truth.get(id) ? "spam" : "ham").append(",ann1\n");
    }
    Path filled = dir.resolve("labelled.csv");
    Files.writeString(filled, labelled.toString());
    Run imp = run("labels", "import", "--task", "spam-prevalence", "--format", "csv", "--db", db, filled.toString());
    assertThat(imp.code()).as(imp.out() + imp.err()).isZero();
    Path est = dir.resolve("estimate.json");
    Run e = run("prevalence", "estimate", "--design", design.toString(), "--db", db, "--out", est.toString());
    assertThat(e.code()).as(e.out() + e.err()).isZero();
    assertThat(e.out()).contains("prevalence of spam by spam@1").contains("250 labelled items");
    JsonNode j = SignalJson.MAPPER.readTree(est.toFile());
    double truePrevalence = positives / 3000.0;
    assertThat(j.get("ci_lower").asDouble()).isLessThanOrEqualTo(truePrevalence);
    assertThat(j.get("ci_upper").asDouble()).isGreaterThanOrEqualTo(truePrevalence);
    assertThat(j.get("interval").asText()).isEqualTo("wilson_effective_n");
  }
}
