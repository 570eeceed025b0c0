package dev.prism.cli;

import dev.prism.bench.IndexBench;
import dev.prism.index.NearDuplicateIndex;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "index", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Benchmark the near-duplicate index (Lucene HNSW): build throughput, query throughput, recall@k "
            + "against exact brute-force search, and bytes per vector on disk and on the heap.",
        "",
        "Vectors: the bundled YouTube comments embedded once with text_embedding@1, then seeded noisy "
            + "copies (Gaussian noise per dimension, renormalised); queries are further copies not in the "
            + "index. 1M vectors take 1.5 GB of heap for the exact search (the prism launcher gives 4 GB).",
        "",
        "Example:",
        "  prism bench index --sizes 100000 --queries 1000"})
final class IndexBenchCommand implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR", description = "YouTube Spam Collection CSV directory (default: datasets/youtube_spam_collection).")
  Path data;

  @Option(names = "--sizes", split = ",", defaultValue = "100000", description = "Index sizes, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(names = "--queries", defaultValue = "1000", description = "Query vectors per size (default: ${DEFAULT-VALUE}).")
  int queries;

  @Option(names = "--k", defaultValue = "10", description = "Neighbours per query (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--ef", split = ",", defaultValue = "10,50," + NearDuplicateIndex.DEFAULT_SEARCH_BREADTH + ",200",
      description = "HNSW candidates per query to measure, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> breadths;

  @Option(names = "--noise", defaultValue = "" + IndexBench.DEFAULT_NOISE, description = "Gaussian noise per dimension (default: ${DEFAULT-VALUE}).")
  double noise;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the noise (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--force-merge", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Merge to one segment before querying (default: ${DEFAULT-VALUE}).")
  boolean forceMerge;

  @Option(names = "--threads", defaultValue = "2", description = "Indexing threads while building (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--work", defaultValue = "out/bench-index", description = "Directory for the indexes, deleted after each size (default: ${DEFAULT-VALUE}).")
  Path work;

  @Option(names = "--out", defaultValue = "bench/results", description = "Directory for results (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--vectors", paramLabel = "FILE", description = "Read the comments' embeddings from FILE (see --save-vectors) instead of computing them.")
  Path vectors;

  @Option(names = "--save-vectors", paramLabel = "FILE", description = "Write the comments' embeddings to FILE.")
  Path saveVectors;

  @Override
  public Integer call() throws Exception {
    Path dir = data != null ? data : DemoCommand.home().resolve("datasets/youtube_spam_collection");
    return new IndexBench(new IndexBench.Options(dir, sizes, queries, k, breadths, noise, seed, forceMerge, threads, work, out, vectors, saveVectors)).run();
  }
}
