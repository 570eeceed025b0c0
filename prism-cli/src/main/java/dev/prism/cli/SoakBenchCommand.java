package dev.prism.cli;

import dev.prism.bench.SoakBench;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Soak the server: measure single-item saturation, then offer a fraction of it (open loop, Poisson "
            + "arrivals) for minutes with a mix of good (80 %), hostile (15 %: 3,000 digits, a.a.a., 20k-char "
            + "tokens, malformed JSON, unknown signals, deep nesting, wrong content type) and oversize (5 %) "
            + "requests. Reports errors on good requests, statuses per kind, the RSS slope and open file "
            + "descriptors over time. Exit 1 when a good request failed.",
        "",
        "Example:",
        "  prism bench soak --minutes 10"})
final class SoakBenchCommand implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR", description = "YouTube Spam Collection CSV directory (default: datasets/youtube_spam_collection).")
  Path data;

  @Option(names = "--minutes", defaultValue = "10", description = "Length of the soak (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(names = "--load", defaultValue = "0.7", description = "Fraction of the measured saturation to offer (default: ${DEFAULT-VALUE}).")
  double load;

  @Option(names = "--rate", defaultValue = "0", description = "Offered req/s instead of measuring saturation; 0 = measure (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--saturation-seconds", defaultValue = "20", description = "How long to measure saturation (default: ${DEFAULT-VALUE}).")
  int saturationSeconds;

  @Option(names = "--sample-seconds", defaultValue = "5", description = "RSS / fd sampling interval (default: ${DEFAULT-VALUE}).")
  int sampleSeconds;

  @Option(names = "--out", defaultValue = "bench/results", description = "Directory for results (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path dir = data != null ? data : DemoCommand.home().resolve("datasets/youtube_spam_collection");
    SoakBench.Result r = new SoakBench(new SoakBench.Options(dir, Duration.ofMillis((long) (minutes * 60_000)), load, rate,
        Duration.ofSeconds(saturationSeconds), Duration.ofSeconds(sampleSeconds), out)).run();
    return r.goodErrors() == 0 ? 0 : 1;
  }
}
