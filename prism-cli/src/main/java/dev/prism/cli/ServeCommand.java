package dev.prism.cli;

import dev.prism.core.config.Config;
import dev.prism.core.graph.SignalGraph;
import dev.prism.runtime.graph.GraphAssembly;
import dev.prism.server.PrismServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve the signal API over HTTP until interrupted.",
        "POST /v1/signals; GET /v1/contracts, /healthz, /metrics, /openapi.json.",
        "Bind address, port, batching and limits: server.* keys (see `prism config`), e.g. --set server.port=9000.",
        "API tokens (prism tokens create) are checked when --db names the metadata database that holds them; "
            + "--set server.auth.read=token then makes reading need one.",
        "With --db the model registry (prism models) is served under /v1/models; moving aliases needs a write token.",
        "HTTPS: --set server.tls.keystore=FILE.p12, with PRISM_SERVER_TLS_KEYSTORE_PASSWORD in the environment.",
        "Served values are logged for `prism monitor` with --set monitor.log.dir=DIR (a sampled share, "
            + "monitor.log.sample_rate; see MONITORING.md).",
        "Trained heads are served next to the built-in signals with",
        "  --set graph.heads=models/spam-youtube.v1.json"})
final class ServeCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Option(names = "--db", paramLabel = "URL",
      description = "metadata database holding API tokens and the audit log (as for `prism tokens`); without it "
          + "no token is valid, so only open routes answer")
  String db;

  @Option(names = "--artifacts", paramLabel = "DIR", defaultValue = dev.prism.registry.FileArtifactStore.DEFAULT_ROOT,
      description = "with --db: the model registry's artifact store, served under /v1/models (default: ${DEFAULT-VALUE})")
  java.nio.file.Path artifacts;

  @Option(names = "--webhook", paramLabel = "URL",
      description = "with --db: POST each registry change to URL, signed with $"
          + dev.prism.cli.registry.RegistryOptions.WEBHOOK_SECRET_ENV + " (repeatable)")
  java.util.List<java.net.URI> webhooks = new java.util.ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Config cfg = config.load();
    PrometheusMeterRegistry registry = PrismServer.newRegistry();
    SignalGraph graph = GraphAssembly.build(cfg, PrismServer.graphListener(registry));
    dev.prism.store.db.MetadataDb metadata = db == null ? null : dev.prism.store.db.MetadataDb.open(db);
    dev.prism.store.auth.ApiTokenStore tokens = metadata == null ? null : new dev.prism.store.auth.ApiTokenStore(metadata);
    PrismServer server;
    dev.prism.monitor.log.ServedSignalLog servedLog = null;
    try {
      // the registry first: a bad --webhook fails before the server has started any thread
      dev.prism.registry.ModelRegistry models = metadata == null ? null
          : dev.prism.cli.registry.RegistryOptions.serverRegistry(metadata, artifacts, webhooks);
      server = new PrismServer(graph, cfg, registry, tokens, tokens);
      if (models != null) {
        server.models(models);
      }
      servedLog = servedLog(cfg, registry);
      if (servedLog != null) {
        server.onServed(servedLog::served);
      }
      server.start();
    } catch (RuntimeException e) {
      if (servedLog != null) {
        servedLog.close();
      }
      graph.close();
      if (metadata != null) {
        metadata.close();
      }
      throw e;
    }
    String scheme = cfg.get(dev.prism.server.ServerConfig.TLS_KEYSTORE).isBlank() ? "http" : "https";
    System.err.println("prism: serving " + graph.served() + " at " + scheme + "://" + cfg.get(dev.prism.server.ServerConfig.HOST)
        + ":" + server.port() + " (Ctrl-C to stop)");
    CountDownLatch stopped = new CountDownLatch(1);
    dev.prism.monitor.log.ServedSignalLog logToClose = servedLog;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      if (logToClose != null) {
        logToClose.close(); // commits the open log files: they become visible
      }
      graph.close();
      if (metadata != null) {
        metadata.close();
      }
      stopped.countDown();
    }, "prism-shutdown"));
    stopped.await();
    return Prism.EXIT_OK;
  }

  /** The served-signal log monitor.log.* configures (prism monitor reads it), or null when monitor.log.dir is empty. */
  private static dev.prism.monitor.log.ServedSignalLog servedLog(Config cfg, PrometheusMeterRegistry registry) {
    dev.prism.monitor.log.ServedSignalLog.Settings s = dev.prism.monitor.MonitorConfig.logSettings(cfg);
    if (s == null) {
      return null;
    }
    try {
      System.err.println("prism: logging " + s.sampleRate() + " of served items to " + s.dir());
      return new dev.prism.monitor.log.ServedSignalLog(s, java.time.Clock.systemUTC(), registry);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("monitor.log.dir " + s.dir() + ": " + e.getMessage(), e);
    }
  }
}
