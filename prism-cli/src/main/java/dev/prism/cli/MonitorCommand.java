package dev.prism.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.cli.monitor.TimeArg;
import dev.prism.cli.registry.RegistryOptions;
import dev.prism.cli.support.ExitCodes;
import dev.prism.core.config.Config;
import dev.prism.core.io.SignalJson;
import dev.prism.monitor.DriftEvents;
import dev.prism.monitor.MonitorConfig;
import dev.prism.monitor.drift.Check;
import dev.prism.monitor.drift.DriftAnalyzer;
import dev.prism.monitor.drift.MonitorReport;
import dev.prism.monitor.drift.SignalDrift;
import dev.prism.monitor.drift.SignalSample;
import dev.prism.monitor.log.JsonlSignals;
import dev.prism.monitor.log.ServedLogReader;
import dev.prism.monitor.log.ServedRow;
import dev.prism.monitor.report.MonitorHtml;
import dev.prism.monitor.report.MonitorJson;
import dev.prism.registry.FileArtifactStore;
import dev.prism.registry.ModelRegistry;
import dev.prism.registry.RegistryEvent;
import dev.prism.registry.WebhookDeliveries;
import dev.prism.registry.WebhookDispatcher;
import dev.prism.store.db.MetadataDb;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code prism monitor}: drift of a window of the served-signal log against a reference. In this
 * package (not {@code cli.monitor}) because it shares {@link ConfigOptions} with the other commands.
 */
@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = {"Compares a window of served signals (the served-signal log that `prism serve` writes with "
        + "monitor.log.dir) with a reference: a `prism score` output (JSONL or Parquet), a training snapshot, or an "
        + "earlier window of the log.",
        "Scalars and probabilities: PSI, Kolmogorov-Smirnov, Jensen-Shannon, Wasserstein; labels: class shares and "
            + "a chi-squared test; embeddings: mean shift and a domain-classifier AUC; every signal: coverage, error "
            + "rate and latency. Thresholds are monitor.* keys, per signal in monitor.thresholds (see `prism config`).",
        "Exit 0 when no threshold is breached, 3 when one is or an unreadable log file was skipped "
            + "(each breached signal also fires a monitor.drift and a retrain.requested event: recorded in --db's event table and sent to --webhook; nothing is retrained), "
            + "1 on an error.",
        "",
        "The last hour against a `prism score` output, and against the same hour yesterday:",
        "  prism monitor --window-log logs/served --reference scored.jsonl",
        "",
        "  prism monitor --window-log logs/served --reference-log logs/served",
        "      --reference-from -25h --reference-to -24h --html drift.html"})
public final class MonitorCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Option(names = "--window-log", paramLabel = "DIR", description = "the served-signal log to read the window from (default: monitor.log.dir)")
  Path windowLog;

  @Option(names = "--from", paramLabel = "TIME", defaultValue = "-1h",
      description = "window start: now, an ISO-8601 instant or a time before now like -2h (default: ${DEFAULT-VALUE})")
  String from;

  @Option(names = "--to", paramLabel = "TIME", defaultValue = "now", description = "window end, exclusive (default: ${DEFAULT-VALUE})")
  String to;

  @Option(names = "--reference", paramLabel = "FILE",
      description = "reference: a `prism score` output (JSONL or .parquet) or a training snapshot (JSONL)")
  Path reference;

  @Option(names = "--reference-log", paramLabel = "DIR", description = "reference: a window of this served-signal log")
  Path referenceLog;

  @Option(names = "--reference-from", paramLabel = "TIME", description = "with --reference-log: its window start")
  String referenceFrom;

  @Option(names = "--reference-to", paramLabel = "TIME", description = "with --reference-log: its window end, exclusive")
  String referenceTo;

  @Option(names = "--signals", split = ",", paramLabel = "SIGNAL",
      description = "only these signals (name or name@major; default: every signal on either side)")
  List<String> signals;

  @Option(names = "--out", paramLabel = "FILE", description = "write the report (and the events fired) as JSON")
  Path out;

  @Option(names = "--html", paramLabel = "FILE", description = "write the report as HTML with plots")
  Path html;

  @Option(names = "--webhook", paramLabel = "URL",
      description = "POST each event to URL, signed with HMAC-SHA256 of $" + RegistryOptions.WEBHOOK_SECRET_ENV
          + " (repeatable; retried with backoff, as for `prism models`)")
  List<URI> webhooks = new ArrayList<>();

  @Option(names = "--db", paramLabel = "URL", defaultValue = MetadataDb.DEFAULT_URL,
      description = "metadata database the events of a breach are recorded in (the registry's event table: "
          + "`prism models events` lists them, `--redeliver` resends them) with each webhook delivery (default: ${DEFAULT-VALUE})")
  String db;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Config cfg = config.load();
    Instant now = Instant.now();
    String secret = System.getenv(RegistryOptions.WEBHOOK_SECRET_ENV);
    if (!webhooks.isEmpty() && (secret == null || secret.isBlank())) {
      throw new IllegalArgumentException("--webhook needs the signing secret in $" + RegistryOptions.WEBHOOK_SECRET_ENV);
    }
    Path logDir = windowLog != null ? windowLog : cfg.get(MonitorConfig.LOG_DIR).isBlank() ? null
        : Path.of(cfg.get(MonitorConfig.LOG_DIR));
    if (logDir == null) {
      throw new IllegalArgumentException("no window: give --window-log DIR or set monitor.log.dir");
    }
    if ((reference == null) == (referenceLog == null)) {
      throw new IllegalArgumentException("give exactly one reference: --reference FILE or --reference-log DIR");
    }
    for (Path written : new Path[] {out, html}) { // written after the reference is read: over it, they would replace it
      if (written != null && reference != null) {
        dev.prism.runtime.batch.ScoreJob.refuseOutputThatIsInput(reference, written);
      }
    }
    Predicate<String> want = wanted();
    Instant wFrom = TimeArg.parse("--from", from, now);
    Instant wTo = TimeArg.parse("--to", to, now);
    if (!wFrom.isBefore(wTo)) {
      throw new IllegalArgumentException("--from " + wFrom + " is not before --to " + wTo);
    }
    List<String> unreadable = new ArrayList<>();
    java.util.function.Consumer<String> skip = u -> {
      unreadable.add(u);
      err.println("prism monitor: skipped " + u);
      err.flush();
    };
    List<ServedRow> windowRows = ServedLogReader.read(logDir, want, wFrom, wTo, skip);
    String windowName = logDir + " [" + wFrom + ", " + wTo + ")";
    List<ServedRow> refRows;
    String refName;
    if (reference != null) {
      if (!Files.isRegularFile(reference)) {
        throw new IllegalArgumentException("no such file: " + reference);
      }
      JsonlSignals.Read r = reference.getFileName().toString().endsWith(".parquet")
          ? dev.prism.monitor.log.ParquetSignals.read(reference, want) : JsonlSignals.read(reference, want);
      r.problems().forEach(err::println);
      if (r.badLines() > r.problems().size()) {
        err.println("… and " + (r.badLines() - r.problems().size()) + " more bad lines in " + reference);
      }
      refRows = r.rows();
      refName = reference.toString();
    } else {
      if (referenceFrom == null || referenceTo == null) {
        throw new IllegalArgumentException("--reference-log needs --reference-from and --reference-to");
      }
      Instant rFrom = TimeArg.parse("--reference-from", referenceFrom, now);
      Instant rTo = TimeArg.parse("--reference-to", referenceTo, now);
      if (!rFrom.isBefore(rTo)) {
        throw new IllegalArgumentException("--reference-from " + rFrom + " is not before --reference-to " + rTo);
      }
      refRows = ServedLogReader.read(referenceLog, want, rFrom, rTo, skip);
      refName = referenceLog + " [" + rFrom + ", " + rTo + ")";
    }
    if (windowRows.isEmpty()) {
      throw new IllegalArgumentException("the window " + windowName + " holds no logged rows"
          + (signals == null ? "" : " of " + signals));
    }
    if (refRows.isEmpty()) {
      throw new IllegalArgumentException("the reference " + refName + " holds no rows" + (signals == null ? "" : " of " + signals));
    }
    if (!unreadable.isEmpty()) {
      err.println("prism monitor: " + unreadable.size() + " unreadable log file(s) skipped; the statistics below are over the rest");
    }
    o.println("reference: " + refRows.size() + " rows from " + refName);
    o.println("window:    " + windowRows.size() + " rows from " + windowName);
    o.flush();
    DriftAnalyzer analyzer = new DriftAnalyzer(MonitorConfig.thresholds(cfg), cfg.get(MonitorConfig.BINS), cfg.get(MonitorConfig.SEED),
        cfg.get(MonitorConfig.EMBEDDING_MAX_ITEMS));
    MonitorReport report = analyzer.compare(refName, SignalSample.of(refRows), windowName, SignalSample.of(windowRows), now);
    print(o, report);
    // a breach is recorded in the registry's event table (and sent to the webhooks) before any file is written,
    // so the events in --out are the recorded ones, ids included
    Recorded recorded = record(DriftEvents.of(report, RegistryOptions.actor(), now), webhooks, secret, db);
    if (!recorded.events().isEmpty()) {
      o.println("events: " + recorded.events().size() + " recorded in " + db
          + (webhooks.isEmpty() ? "" : ", " + recorded.delivered() + " of " + recorded.events().size() * webhooks.size()
              + " webhook deliveries taken"));
    }
    if (out != null) {
      ObjectNode j = MonitorJson.of(report);
      ArrayNode ev = j.putArray("events");
      for (RegistryEvent e : recorded.events()) {
        ev.add(SignalJson.MAPPER.readTree(e.payloadJson()));
      }
      Files.writeString(out, SignalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(j) + "\n", StandardCharsets.UTF_8);
      o.println("wrote " + out);
    }
    if (html != null) {
      Files.writeString(html, MonitorHtml.render(report), StandardCharsets.UTF_8);
      o.println("wrote " + html);
    }
    o.flush();
    // 3 also when log files were skipped: the check ran, over less than the window held
    return report.breached() || !unreadable.isEmpty() ? ExitCodes.PARTIAL : ExitCodes.OK;
  }

  private Predicate<String> wanted() {
    if (signals == null || signals.isEmpty()) {
      return s -> true;
    }
    List<String> w = signals.stream().map(String::strip).toList();
    return s -> w.contains(s) || w.contains(s.contains("@") ? s.substring(0, s.indexOf('@')) : s);
  }

  /** What {@link #record} did: the events as the registry stored them, and how many webhook deliveries were taken. */
  public record Recorded(List<RegistryEvent> events, int delivered) {}

  /**
   * Records each event in the registry's event table of {@code db} ({@code ModelRegistry.publish}: the same
   * table, envelope and ids as registry and rollout events, so {@code prism models events --redeliver} can
   * resend one a receiver missed) and sends it to each webhook with the registry's dispatcher (signature,
   * retries, a delivery record), synchronously: a command line must not exit before its deliveries end.
   */
  public static Recorded record(List<DriftEvents.Event> events, List<URI> urls, String secret, String db) {
    if (events.isEmpty()) {
      return new Recorded(List.of(), 0);
    }
    List<WebhookDispatcher.Webhook> hooks = new ArrayList<>();
    urls.forEach(u -> hooks.add(new WebhookDispatcher.Webhook(u, secret.getBytes(StandardCharsets.UTF_8))));
    try (MetadataDb metadata = MetadataDb.open(db)) {
      List<RegistryEvent> published = new ArrayList<>();
      // the artifact store is never touched by publish; the default root keeps the registry's usual shape
      ModelRegistry registry = new ModelRegistry(metadata, new FileArtifactStore(Path.of(FileArtifactStore.DEFAULT_ROOT)),
          Clock.systemUTC(), published::add);
      for (DriftEvents.Event e : events) {
        JsonNode envelope = SignalJson.MAPPER.readTree(e.payloadJson());
        java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("signal_spec", e.signal()); // the registry names signals without their contract major
        data.putAll(SignalJson.MAPPER.convertValue(envelope.get("data"),
            new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>>() {}));
        String name = e.signal().contains("@") ? e.signal().substring(0, e.signal().indexOf('@')) : e.signal();
        registry.publish(e.type(), name, e.actor(), data);
      }
      int delivered = 0;
      if (!hooks.isEmpty()) {
        WebhookDispatcher d = new WebhookDispatcher(hooks, WebhookDispatcher.RetryPolicy.DEFAULT,
            new WebhookDeliveries(metadata, Clock.systemUTC()), HttpClient.newHttpClient(), Clock.systemUTC());
        for (RegistryEvent re : published) {
          for (WebhookDispatcher.Webhook w : d.webhooks()) {
            delivered += d.deliver(re, w) ? 1 : 0;
          }
        }
      }
      return new Recorded(List.copyOf(published), delivered);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("drift event is not JSON: " + e.getMessage(), e);
    }
  }

  private static void print(PrintWriter o, MonitorReport r) {
    for (SignalDrift s : r.signals()) {
      o.printf(Locale.ROOT, "%-24s %-11s rows %d vs %d, coverage %.4f vs %.4f: %s%n", s.signal(), s.kind(), s.referenceRows(),
          s.windowRows(), s.referenceCoverage(), s.windowCoverage(), s.breached() ? "BREACH" : "ok");
      for (Check c : s.checks()) {
        if (c.breached()) {
          o.printf(Locale.ROOT, "  %s %s = %.4f >= %s%s%n", c.series(), c.statistic().key(), c.value(), fmt(c.threshold()),
              Double.isFinite(c.pValue()) ? String.format(Locale.ROOT, " (p = %.3g)", c.pValue()) : "");
        }
      }
    }
    r.notes().forEach(n -> o.println("note: " + n));
    o.println(r.breached() ? r.breaches().size() + " threshold(s) breached" : "no threshold breached");
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
