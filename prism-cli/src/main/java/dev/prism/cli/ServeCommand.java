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

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve the signal API over HTTP until interrupted.",
        "POST /v1/signals; GET /v1/contracts, /healthz, /metrics, /openapi.json.",
        "Bind address, port, batching and limits: server.* keys (see `prism config`), e.g. --set server.port=9000.",
        "Trained heads are served next to the built-in signals with",
        "  --set graph.heads=models/spam-youtube.v1.json"})
final class ServeCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Override
  public Integer call() throws Exception {
    Config cfg = config.load();
    PrometheusMeterRegistry registry = PrismServer.newRegistry();
    SignalGraph graph = GraphAssembly.build(cfg, PrismServer.graphListener(registry));
    PrismServer server = new PrismServer(graph, cfg, registry).start();
    System.err.println("prism: serving " + graph.served() + " at http://" + cfg.get(dev.prism.server.ServerConfig.HOST)
        + ":" + server.port() + " (Ctrl-C to stop)");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      graph.close();
      stopped.countDown();
    }, "prism-shutdown"));
    stopped.await();
    return Prism.EXIT_OK;
  }
}
