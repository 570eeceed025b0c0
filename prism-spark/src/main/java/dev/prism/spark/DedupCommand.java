package dev.prism.spark;

import dev.prism.core.config.Config;
import dev.prism.runtime.config.PrismConfig;
import dev.prism.runtime.item.ItemMapping;
import dev.prism.spark.neardup.DedupJob;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prism spark dedup}: near-duplicate clusters with LSH and connected components in Spark. */
@Command(name = "dedup", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Near-duplicate clusters of a corpus: LSH band keys of a 64-bit hash (bit sampling) or an embedding (random "
            + "hyperplanes), candidate pairs from shared keys verified with the exact distance, connected components in Spark.",
        "",
        "Input: Parquet holding the value column (e.g. `prism spark score` output), or JSONL/CSV/Parquet items, which are "
            + "scored for --signal first. Output directory: clusters/ (item_id, cluster_id = smallest id of the cluster; an "
            + "item alone is its own cluster), pairs/ (id_a < id_b, distance), index/ (band keys, for --existing), "
            + "bad_rows/ (id, reason), _dedup.json. Bad rows and missing values are counted and written to bad_rows/, "
            + "never a failed job (exit code 3).",
        "",
        "b and r are chosen so that the S-curve 1-(1-p^r)^b reaches --target-recall at the threshold with the fewest bands "
            + "whose expected unrelated candidates per item stay under --max-candidates-per-item; both are printed.",
        "",
        "--existing DIR adds the input's items to a previous output: only the new items are banded and matched against "
            + "DIR's stored index; stored clusters they touch are merged. Keep DIR (the new manifest refers to its index).",
        "",
        "Example:",
        "  prism spark dedup --master 'local[2]' -i datasets/youtube_spam_collection/Youtube01-Psy.csv \\",
        "      --id-column COMMENT_ID --text-column CONTENT --signal text_simhash@1 -o out/psy-dedup"})
public final class DedupCommand implements Callable<Integer> {
  @Option(names = {"-i", "--input"}, required = true, paramLabel = "PATH", description = "Input file or directory.")
  String input;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Output directory (replaced).")
  String output;

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(names = "--signal", defaultValue = "text_simhash@1", paramLabel = "NAME@MAJOR",
      description = "Signal compared (default: ${DEFAULT-VALUE}).")
  String signal;

  @Option(names = "--column", paramLabel = "NAME", description = "Value column of a Parquet input (default: NAME_vMAJOR of --signal).")
  String column;

  @Option(names = "--threshold", paramLabel = "D",
      description = "Largest distance of a near-duplicate: Hamming bits for hashes, cosine distance for embeddings "
          + "(default per signal: text_simhash 8, image_phash 10, image_dhash 8, text_embedding 0.15, image_embedding 0.08).")
  Double threshold;

  @Option(names = "--target-recall", defaultValue = "0.9", description = "S-curve value wanted at the threshold (default: ${DEFAULT-VALUE}).")
  double targetRecall;

  @Option(names = "--max-candidates-per-item", defaultValue = "20",
      description = "Budget of expected unrelated candidate pairs per item when choosing b and r (default: ${DEFAULT-VALUE}).")
  double maxCandidates;

  @Option(names = "--background-cosine", defaultValue = "0",
      description = "Embeddings: cosine of a typical unrelated pair, for the candidate budget (default: ${DEFAULT-VALUE}).")
  double backgroundCosine;

  @Option(names = "--bands", defaultValue = "0", description = "b, overriding the choice (with --rows).")
  int bands;

  @Option(names = "--rows", defaultValue = "0", description = "r, bits per band key (with --bands).")
  int rows;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the bit positions / hyperplanes (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--max-bucket", defaultValue = "" + DedupJob.DEFAULT_MAX_BUCKET,
      description = "Buckets with more distinct values are skipped and counted (default: ${DEFAULT-VALUE}).")
  int maxBucket;

  @Option(names = "--existing", paramLabel = "DIR", description = "A previous output to add the input's items to.")
  String existing;

  @Option(names = "--partitions", defaultValue = "0", description = "Shuffle partitions (default 0: from the band rows).")
  int partitions;

  @Option(names = "--input-format", paramLabel = "jsonl|csv|parquet", description = "Default: from the input's extension.")
  String inputFormat;

  @Option(names = "--id-column", defaultValue = "id", description = "Item id field/column (default: ${DEFAULT-VALUE}).")
  String idColumn;

  @Option(names = "--text-column", defaultValue = "text", description = "Text field/column when scoring (default: ${DEFAULT-VALUE}).")
  String textColumn;

  @Option(names = "--image-column", defaultValue = "image", description = "Image field/column when scoring (default: ${DEFAULT-VALUE}).")
  String imageColumn;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key (scoring); repeatable.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    if (!input.contains(":/") && !java.nio.file.Files.exists(Path.of(input))) {
      throw new IllegalArgumentException("input not found: " + input);
    }
    SparkMain.refuseOutputOver(output, "the input", input);
    SparkMain.refuseOutputOver(output, "--existing", existing);
    Config config = PrismConfig.load(List.of(), null, System.getenv(), overrides);
    DedupJob.Request r = new DedupJob.Request(input, inputFormat, output,
        new ItemMapping(idColumn, textColumn, "title", "link", imageColumn, "path", List.of()), signal, column,
        threshold == null ? Double.NaN : threshold, bands, rows, targetRecall, maxCandidates, backgroundCosine, seed, maxBucket,
        existing, partitions);
    try (SparkSession spark = SparkMain.session(master)) {
      DedupJob.Summary s = new DedupJob(spark, new SparkScoring(spark, config), System.err).run(r);
      System.err.printf(Locale.ROOT, "prism spark dedup: %,d items, %,d clusters of 2+ holding %,d items, %,d verified pairs, "
              + "%,d bad rows, in %.1f s; shuffle %,d bytes (%.1f per item) -> %s%n", s.items(), s.clusters(), s.clusteredItems(),
          s.pairs(), s.badRows(), s.seconds(), s.shuffleBytes(), s.items() == 0 ? 0.0 : s.shuffleBytes() / (double) s.items(), output);
      return s.clean() ? 0 : 3;
    }
  }
}
