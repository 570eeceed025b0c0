package dev.prism.cli;

import dev.prism.cli.io.Progress;
import dev.prism.core.config.Config;
import dev.prism.core.graph.GraphListener;
import dev.prism.core.graph.ItemResult;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.item.ContentItem;
import dev.prism.core.item.MediaRef;
import dev.prism.runtime.batch.BatchRunner;
import dev.prism.runtime.batch.ScoreJob;
import dev.prism.runtime.graph.GraphAssembly;
import dev.prism.runtime.item.ItemMapping;
import dev.prism.runtime.media.MediaResolver;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Compute signals for every item of a JSONL or CSV file and write them as JSONL or Parquet.",
        "",
        "Streams: memory is bounded by --batch-size, not by the file. A malformed row is reported "
            + "on stderr with its line number and reason, skipped, and the run goes on; the exit code is 3 "
            + "when any row or signal failed. A summary with provenance goes to OUTPUT.meta.json.",
        "",
        "Re-running over the same output (--on-existing):",
        "  resume     (JSONL default) keep the items already in OUTPUT, cut a torn last line, score the rest; an OUTPUT that prism score did not write for the same signals is refused, untouched;",
        "  overwrite  (Parquet default; Parquet is always rewritten whole, via a temporary file);",
        "  fail       refuse to touch an existing OUTPUT.",
        "",
        "Input fields: JSONL objects with id, text (or description), title, link, metadata and image "
            + "({\"base64\": ...}, {\"path\": ...} or {\"url\": ...}); CSV with a header row. Map other names "
            + "with --id-column, --text-column, --title-column, --image-column (with --image-kind). Paths are read "
            + "only under media.path.roots, URLs only when media.url.enabled (see prism config).",
        "",
        "Example:",
        "  prism score --input datasets/youtube_spam_collection/Youtube01-Psy.csv \\",
        "      --id-column COMMENT_ID --text-column CONTENT --output psy.parquet"})
final class ScoreCommand implements Callable<Integer> {
  @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "Input file (.jsonl/.json or .csv).")
  Path input;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Output file (.jsonl or .parquet).")
  Path output;

  @Option(names = "--signals", split = ",", paramLabel = "NAME[@MAJOR]",
      description = "Signals to compute, comma-separated (default: all served). E.g. text_embedding,lang")
  List<String> signals = new ArrayList<>();

  @Option(names = "--input-format", paramLabel = "jsonl|csv", description = "Default: from the input file's extension.")
  String inputFormat;

  @Option(names = "--output-format", paramLabel = "jsonl|parquet", description = "Default: from the output file's extension.")
  String outputFormat;

  @Option(names = "--id-column", defaultValue = "id", description = "Field/column holding the item id (default: ${DEFAULT-VALUE}).")
  String idColumn;

  @Option(names = "--text-column", defaultValue = "text", description = "Field/column holding the text (default: ${DEFAULT-VALUE}).")
  String textColumn;

  @Option(names = "--title-column", defaultValue = "title", description = "Field/column holding the title, if any (default: ${DEFAULT-VALUE}).")
  String titleColumn;

  @Option(names = "--image-column", defaultValue = "image", description = "Field/column holding the image, if any (default: ${DEFAULT-VALUE}).")
  String imageColumn;

  @Option(names = "--image-kind", defaultValue = "path", paramLabel = "path|url|base64",
      description = "What a CSV image column holds (default: ${DEFAULT-VALUE}); JSONL image objects say it themselves.")
  String imageKind;

  @Option(names = "--meta-columns", split = ",", description = "CSV columns kept as metadata (default: all unmapped columns).")
  List<String> metaColumns = new ArrayList<>();

  @Option(names = "--batch-size", defaultValue = "" + BatchRunner.DEFAULT_BATCH_SIZE, description = "Items per graph run (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--on-existing", paramLabel = "resume|overwrite|fail", description = "What to do when OUTPUT exists (see above).")
  String onExisting;

  @Option(names = "--progress", negatable = true, description = "Force the progress bar on or off (default: on when stderr is a terminal).")
  Boolean progress;

  @Mixin ConfigOptions config;

  @Override
  public Integer call() throws Exception {
    ScoreJob.Request request = new ScoreJob.Request(input, inputFormat, output, outputFormat,
        onExisting == null ? null : ScoreJob.OnExisting.parse(onExisting),
        new ItemMapping(idColumn, textColumn, titleColumn, "link", imageColumn, imageKind, metaColumns), signals, batchSize);
    ScoreJob.formats(request); // bad paths and formats fail before any model loads
    Config cfg = config.load();
    PrintStream err = System.err;
    boolean tty = progress != null ? progress : Prism.isTerminal();
    Progress bar = new Progress(err, tty, Files.size(input));
    try (SignalGraph graph = GraphAssembly.build(cfg, GraphListener.NONE);
        MediaResolver media = MediaResolver.create(cfg)) {
      ScoreJob.Result result = new ScoreJob(graph, media).run(request, new ScoreJob.Listener() {
        @Override
        public void resuming(long alreadyDone) {
          err.printf(Locale.ROOT, "prism score: resuming %s: %,d items already scored will be skipped%n", output, alreadyDone);
        }

        @Override
        public void badRecord(long line, String reason) {
          err.println(input + ":" + line + ": " + reason + " (row skipped)");
        }

        @Override
        public void mediaUnavailable(long line, ContentItem item, MediaRef.Unavailable why) {
          err.println(input + ":" + line + ": item '" + item.id() + "': image " + why.describe()
              + " (image signals fail; the others are computed)");
        }

        @Override
        public void itemFailed(ItemResult r) {
          err.println("item " + r.itemId() + ": " + r.errors());
        }

        @Override
        public void inputProgress(long bytesRead, long totalBytes, long itemsScored, long itemsFailed) {
          bar.update(bytesRead, itemsScored, itemsFailed);
        }
      });
      BatchRunner.Summary s = result.summary();
      bar.finish(s.scored(), s.malformedRows() + s.itemsWithErrors());
      err.printf(Locale.ROOT, "prism score: %,d items scored (%,.1f items/s), %,d skipped as already done, %,d malformed rows, "
          + "%,d items with signal errors, %,d media errors -> %s%n", s.scored(), s.itemsPerSecond(), s.skippedAlreadyDone(),
          s.malformedRows(), s.itemsWithErrors(), s.mediaErrors(), output);
      return s.clean() ? Prism.EXIT_OK : Prism.EXIT_PARTIAL;
    }
  }
}
