package dev.prism.cli;

import dev.prism.bench.EmbeddingBench;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, subcommands = {IndexBenchCommand.class, ImageBenchCommand.class, SoakBenchCommand.class},
    description = {
        "Benchmark text_embedding@1 on the bundled YouTube comments, every stage in one run so their ratios "
            + "are comparable on a shared machine.",
        "",
        "Stages:",
        "  raw          ONNX Runtime session.run on pre-tokenized, pre-padded batches (the ceiling)",
        "  pipeline     Prism's signal graph in-process (tokenize, batch, run, pool, validate)",
        "  server       POST /v1/signals over HTTP from concurrent clients, at saturation",
        "  langchain4j  AllMiniLmL6V2EmbeddingModel.embedAll, the existing Java peer",
        "  latency      single-item requests: saturated rate (closed loop), then p50/p99 at half of it (open loop)",
        "Writes JSON and Markdown results to --out.",
        "",
        "`prism bench index` benchmarks the near-duplicate index instead, `prism bench soak` soaks the server (see their --help)."})
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR", description = "YouTube Spam Collection CSV directory (default: datasets/youtube_spam_collection).")
  Path data;

  @Option(names = "--passes", defaultValue = "2", description = "Passes over the texts per stage after one warm-up pass (default: ${DEFAULT-VALUE}).")
  int passes;

  @Option(names = "--clients", defaultValue = "16", description = "Concurrent HTTP clients for the saturation stage (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--items-per-request", defaultValue = "16", description = "Items per request in the saturation stage (default: ${DEFAULT-VALUE}).")
  int perRequest;

  @Option(names = "--latency-seconds", defaultValue = "20", description = "Duration of the latency stage (default: ${DEFAULT-VALUE}).")
  int latencySeconds;

  @Option(names = "--langchain4j-items", defaultValue = "0", description = "Texts embedded by the langchain4j peer; 0 = all, the same texts as the other stages (default: ${DEFAULT-VALUE}).")
  int lc4jItems;

  @Option(names = "--variant", defaultValue = "fp32", description = "fp32 or int8 (default: ${DEFAULT-VALUE}).")
  String variant;

  @Option(names = "--stages", split = ",", defaultValue = "raw,pipeline,server,latency,langchain4j",
      description = "Stages to run (default: all: ${DEFAULT-VALUE}). Ratios need both of their stages.")
  Set<String> stages;

  @Option(names = "--out", defaultValue = "bench/results", description = "Directory for results (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path dir = data != null ? data : DemoCommand.home().resolve("datasets/youtube_spam_collection");
    return new EmbeddingBench(new EmbeddingBench.Options(dir, passes, clients, perRequest, latencySeconds, lc4jItems, variant,
        stages, out)).run();
  }
}
