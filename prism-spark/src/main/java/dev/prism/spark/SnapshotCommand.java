package dev.prism.spark;

import dev.prism.runtime.item.ItemMapping;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prism spark snapshot}: a point-in-time training snapshot from items, score outputs and a label export. */
@Command(name = "snapshot", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Join items, signal values (outputs of `prism spark score`) and labels (`prism labels export --format jsonl`, "
            + "or the same columns in CSV/Parquet) into the training snapshot `prism train` reads, as of a cut-off time.",
        "",
        "Point in time: a signal value computed after --as-of (its row's scored_at) or a label created after it is "
            + "never used. Per item the latest complete signal row at or before the cut-off counts (across every "
            + "--signals-from output); per (item, annotator) the latest label at or before it (a relabel replaces a "
            + "label in the store); the item's label is the majority of its annotators (ties: the most recent vote, "
            + "then the smaller label). Labelled items are split train/valid/test by a seeded hash of the id.",
        "",
        "Example:",
        "  prism spark score -i items.jsonl -o out/scores --signals text_embedding@1,text_stats@1",
        "  prism labels export --task spam --format jsonl --output out/labels.jsonl",
        "  prism spark snapshot --items items.jsonl --signals-from out/scores --labels out/labels.jsonl \\",
        "      --as-of 2026-11-26T00:00:00Z -o out/snap.jsonl",
        "  prism train --snapshot out/snap.jsonl --classes ham,spam --signal spam@1 ..."})
final class SnapshotCommand implements Callable<Integer> {
  @Option(names = "--items", required = true, paramLabel = "PATH", description = "Items (JSONL, CSV or Parquet), as for score.")
  String items;

  @Option(names = "--items-format", paramLabel = "jsonl|csv|parquet", description = "Default: from the extension.")
  String itemsFormat;

  @Option(names = "--id-column", defaultValue = "id", description = "Item id field/column (default: ${DEFAULT-VALUE}).")
  String idColumn;

  @Option(names = "--text-column", defaultValue = "text", description = "Text field/column (default: ${DEFAULT-VALUE}).")
  String textColumn;

  @Option(names = "--meta-columns", split = ",", description = "Columns kept as the snapshot's meta (CSV default: all unmapped).")
  List<String> metaColumns = new ArrayList<>();

  @Option(names = "--signals-from", required = true, split = ",", paramLabel = "DIR",
      description = "Outputs of prism spark score (comma-separated or repeated), e.g. a first run and later backfills.")
  List<String> signalsFrom = new ArrayList<>();

  @Option(names = "--signals", split = ",", paramLabel = "NAME@MAJOR",
      description = "Features in order (default: every embedding, features, probability or score signal of the outputs).")
  List<String> signals = new ArrayList<>();

  @Option(names = "--labels", required = true, paramLabel = "PATH", description = "Label export: item_id, label, annotator, source_kind, confidence, created_at.")
  String labels;

  @Option(names = "--labels-format", paramLabel = "jsonl|csv|parquet", description = "Default: from the extension.")
  String labelsFormat;

  @Option(names = "--label-sources", split = ",", defaultValue = "HUMAN", paramLabel = "KIND",
      description = "Label source kinds to use: HUMAN, LABELING_FUNCTION, MODEL (default: ${DEFAULT-VALUE}).")
  List<String> labelSources;

  @Option(names = "--as-of", paramLabel = "INSTANT", description = "Cut-off, ISO-8601 UTC, e.g. 2026-11-26T00:00:00Z (default: now).")
  String asOf;

  @Option(names = "--valid-fraction", defaultValue = "0.1", description = "Share of labelled items in valid (default: ${DEFAULT-VALUE}).")
  double validFraction;

  @Option(names = "--test-fraction", defaultValue = "0.1", description = "Share of labelled items in test (default: ${DEFAULT-VALUE}).")
  double testFraction;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the split hash (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--keep-unlabeled", description = "Write items without a label at the cut-off as split pool (default: drop them).")
  boolean keepUnlabeled;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
      description = "Snapshot (JSONL) to write; Spark's part files go to FILE.parts, FILE.meta.json gets the provenance.")
  Path output;

  @Option(names = "--master", description = "Spark master (default: spark-submit's --master, else local[*]).")
  String master;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark property; repeatable.")
  Map<String, String> sparkConf = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    Instant cutoff;
    try {
      cutoff = asOf == null ? Instant.now() : Instant.parse(asOf);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--as-of must be an ISO-8601 instant like 2026-11-26T00:00:00Z, got '" + asOf + "'");
    }
    Set<String> kinds = new LinkedHashSet<>();
    for (String k : labelSources) {
      String u = k.strip().toUpperCase(Locale.ROOT).replace('-', '_');
      if (u.equals("LF")) {
        u = "LABELING_FUNCTION";
      }
      if (!List.of("HUMAN", "LABELING_FUNCTION", "MODEL").contains(u)) {
        throw new IllegalArgumentException("--label-sources: unknown kind '" + k + "' (HUMAN, LABELING_FUNCTION or MODEL)");
      }
      kinds.add(u);
    }
    // the snapshot (and its .parts folder) is written after Spark read the inputs, but over them it would destroy them
    SparkMain.refuseOutputOver(output.toString(), "--items", items);
    SparkMain.refuseOutputOver(output.toString(), "--labels", labels);
    for (String f : signalsFrom) {
      SparkMain.refuseOutputOver(output.toString(), "--signals-from", f);
    }
    ItemMapping mapping = new ItemMapping(idColumn, textColumn, "title", "link", "image", "path", metaColumns);
    SparkSnapshotJob.Request request = new SparkSnapshotJob.Request(items, itemsFormat, mapping, signalsFrom, signals, labels,
        labelsFormat, kinds, cutoff, validFraction, testFraction, seed, keepUnlabeled, output);
    try (SparkSession spark = SparkMain.session(master, sparkConf)) {
      SparkSnapshotJob.Summary s = new SparkSnapshotJob(spark).run(request);
      System.err.printf(Locale.ROOT, "prism spark snapshot: as of %s: %,d items read, %,d written %s -> %s%n", cutoff,
          s.itemsRead(), s.written(), s.splits(), output);
      if (s.badLabelRows() > 0) {
        System.err.printf(Locale.ROOT, "prism spark snapshot: %,d label rows skipped (no item_id, label or annotator, or a "
            + "created_at that is no timestamp), e.g. %s%n", s.badLabelRows(), s.badLabelExamples());
      }
      return s.written() == 0 ? 1 : s.badLabelRows() > 0 ? 3 : 0;
    }
  }
}
