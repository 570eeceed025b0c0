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
        "  --set graph.heads=models/spam-youtube.v1.json",
        "With --db, rollout.signals serves heads through the registry's production alias instead: swapped without a "
            + "restart when the alias moves, rolled out with shadow, canary and guardrails (prism rollout; /v1/rollouts):",
        "  --db jdbc:sqlite:.prism/prism.db --set rollout.signals=spam"})
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
    boolean routed = !dev.prism.rollout.RolloutConfig.signals(cfg).isEmpty();
    if (routed && db == null) {
      throw new IllegalArgumentException("config " + dev.prism.rollout.RolloutConfig.SIGNALS.name()
          + " serves signals through the model registry, which needs --db URL");
    }
    dev.prism.store.db.MetadataDb metadata = db == null ? null : dev.prism.store.db.MetadataDb.open(db);
    dev.prism.store.auth.ApiTokenStore tokens = metadata == null ? null : new dev.prism.store.auth.ApiTokenStore(metadata);
    PrismServer server;
    dev.prism.monitor.log.ServedSignalLog servedLog = null;
    SignalGraph graph = null;
    dev.prism.rollout.RolloutController rollouts = null;
    try {
      // the registry first: a bad --webhook fails before the server has started any thread
      dev.prism.registry.ModelRegistry models = metadata == null ? null
          : dev.prism.cli.registry.RegistryOptions.serverRegistry(metadata, artifacts, webhooks);
      java.util.List<dev.prism.core.graph.NodeProvider> providers = new java.util.ArrayList<>(GraphAssembly.discoverProviders());
      if (models != null) {
        // signals of rollout.signals are declared from their production versions (loaded and checked here)
        rollouts = new dev.prism.rollout.RolloutController(new dev.prism.rollout.Rollouts(metadata, models,
            java.time.Clock.systemUTC()), cfg, registry, java.time.Clock.systemUTC());
        providers.add(rollouts.nodeProvider());
      }
      graph = GraphAssembly.build(providers, cfg, PrismServer.graphListener(registry));
      server = new PrismServer(graph, cfg, registry, tokens, tokens);
      if (models != null) {
        server.models(models).rollouts(rollouts);
      }
      servedLog = servedLog(cfg, registry);
      if (servedLog != null) {
        server.onServed(servedLog::served);
      }
      server.start();
      if (rollouts != null) {
        rollouts.start();
      }
    } catch (RuntimeException e) {
      if (servedLog != null) {
        servedLog.close();
      }
      if (rollouts != null) {
        rollouts.close();
      }
      if (graph != null) {
        graph.close();
      }
      if (metadata != null) {
        metadata.close();
      }
      throw e;
    }
    SignalGraph served = graph;
    dev.prism.rollout.RolloutController controller = rollouts;
    String scheme = cfg.get(dev.prism.server.ServerConfig.TLS_KEYSTORE).isBlank() ? "http" : "https";
    System.err.println("prism: serving " + served.served() + " at " + scheme + "://" + cfg.get(dev.prism.server.ServerConfig.HOST)
        + ":" + server.port() + " (Ctrl-C to stop)");
    CountDownLatch stopped = new CountDownLatch(1);
    dev.prism.monitor.log.ServedSignalLog logToClose = servedLog;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (controller != null) {
        controller.close();
      }
      server.close();
      if (logToClose != null) {
        logToClose.close(); // commits the open log files: they become visible
      }
      served.close();
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
