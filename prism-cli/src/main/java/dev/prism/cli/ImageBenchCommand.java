package dev.prism.cli;

import dev.prism.bench.ImageBench;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "images", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Benchmark the image signals per image: safe JPEG decode, nsfwjs preprocessing and the ONNX Runtime call "
            + "that yields nsfw@1 and image_embedding@1, one image per call, on 1 and 2 threads. The ceiling is the "
            + "raw ONNX Runtime call on a ready 224x224 tensor on as many threads, measured in the same run and "
            + "interleaved with the pipeline; the report gives pipeline / ceiling and a per-stage breakdown.",
        "",
        "Inputs: the 24 Kodak photographs as JPEG (quality 0.9) at 768x512 (0.39 MP) and scaled to 1152x768 (0.88 MP).",
        "",
        "Example:",
        "  prism bench images --rounds 5"})
final class ImageBenchCommand implements Callable<Integer> {
  @Option(names = "--kodak", paramLabel = "DIR", description = "Folder with kodim01.png .. kodim24.png (default: datasets/kodak24).")
  Path kodak;

  @Option(names = "--rounds", defaultValue = "5", description = "Measured rounds over the 24 images per thread count (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--threads", split = ",", defaultValue = "1,2", description = "Thread counts, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> threads;

  @Option(names = "--out", defaultValue = "bench/results", description = "Directory for results (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path dir = kodak != null ? kodak : DemoCommand.home().resolve("datasets/kodak24");
    return new ImageBench(new ImageBench.Options(dir, rounds, threads, out)).run();
  }
}
