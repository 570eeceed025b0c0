package dev.prism.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.cli.io.ItemReader;
import dev.prism.cli.io.JsonlSignalWriter;
import dev.prism.cli.io.ParquetSignalWriter;
import dev.prism.cli.io.Progress;
import dev.prism.cli.io.SignalWriter;
import dev.prism.core.config.Config;
import dev.prism.core.graph.GraphListener;
import dev.prism.core.graph.ItemResult;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.io.SignalJson;
import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.CodeVersion;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalSpec;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
        "  resume     (JSONL default) keep the items already in OUTPUT, cut a torn last line, score the rest;",
        "  overwrite  (Parquet default; Parquet is always rewritten whole, via a temporary file);",
        "  fail       refuse to touch an existing OUTPUT.",
        "",
        "Input fields: JSONL objects with id, text (or description), title, link, image_ref, metadata; "
            + "CSV with a header row. Map other names with --id-column, --text-column, --title-column.",
        "",
        "Example:",
        "  prism score --input datasets/youtube_spam_collection/Youtube01-Psy.csv \\",
        "      --id-column COMMENT_ID --text-column CONTENT --output psy.parquet"})
final class ScoreCommand implements Callable<Integer> {
  /** Items per graph run: large enough for the encoder's length sorting, small enough to stream. */
  static final int DEFAULT_BATCH_SIZE = 256;

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

  @Option(names = "--meta-columns", split = ",", description = "CSV columns kept as metadata (default: all unmapped columns).")
  List<String> metaColumns = new ArrayList<>();

  @Option(names = "--batch-size", defaultValue = "" + DEFAULT_BATCH_SIZE, description = "Items per graph run (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--on-existing", paramLabel = "resume|overwrite|fail", description = "What to do when OUTPUT exists (see above).")
  String onExisting;

  @Option(names = "--progress", negatable = true, description = "Force the progress bar on or off (default: on when stderr is a terminal).")
  Boolean progress;

  @Mixin ConfigOptions config;

  @Override
  public Integer call() throws Exception {
    if (batchSize < 1 || batchSize > 100_000) {
      throw new IllegalArgumentException("--batch-size must be in [1, 100000], got " + batchSize);
    }
    if (!Files.isRegularFile(input)) {
      throw new IllegalArgumentException("input file not found: " + input);
    }
    String inFmt = inputFormat != null ? inputFormat : formatOf(input, "csv", "jsonl", "json");
    String outFmt = outputFormat != null ? outputFormat : formatOf(output, "parquet", "jsonl", "json");
    String mode = onExisting != null ? onExisting : outFmt.equals("parquet") ? "overwrite" : "resume";
    if (!List.of("resume", "overwrite", "fail").contains(mode)) {
      throw new IllegalArgumentException("--on-existing must be resume, overwrite or fail, got '" + mode + "'");
    }
    if (mode.equals("resume") && outFmt.equals("parquet")) {
      throw new IllegalArgumentException("--on-existing resume is not supported for Parquet output (files are immutable); use overwrite");
    }
    boolean exists = Files.exists(output);
    if (exists && mode.equals("fail")) {
      throw new IllegalArgumentException("output " + output + " exists and --on-existing is fail");
    }
    Config cfg = config.load();
    PrintStream err = System.err;
    try (SignalGraph graph = SignalGraphs.graph(cfg, GraphListener.NONE)) {
      Set<SignalSpec> wanted = new LinkedHashSet<>();
      if (signals.isEmpty()) {
        wanted.addAll(graph.served());
      } else {
        for (String s : signals) {
          wanted.add(graph.resolve(s));
        }
      }
      Set<String> done = mode.equals("resume") ? JsonlSignalWriter.resumeFrom(output) : Set.of();
      if (!done.isEmpty()) {
        err.printf(Locale.ROOT, "prism score: resuming %s: %,d items already scored will be skipped%n", output, done.size());
      }
      Path parent = output.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Map<SignalSpec, SignalContract> contracts = new LinkedHashMap<>();
      wanted.forEach(s -> contracts.put(s, graph.contracts().get(s)));
      ObjectNode provenance = provenance(graph, wanted);
      long total = Files.size(input);
      boolean tty = progress != null ? progress : Prism.isTerminal();
      Progress bar = new Progress(err, tty, total);
      long ok = 0;
      long skipped = 0;
      long badRows = 0;
      long signalErrors = 0;
      long t0 = System.nanoTime();
      Set<String> seen = new java.util.HashSet<>();
      try (CountingStream in = new CountingStream(Files.newInputStream(input));
          ItemReader reader = ItemReader.open(in, inFmt, new ItemReader.Mapping(idColumn, textColumn, titleColumn, "link",
              "image_ref", metaColumns), input.toString());
          SignalWriter writer = outFmt.equals("parquet")
              ? new ParquetSignalWriter(output, List.copyOf(wanted), contracts,
                  Map.of("prism.provenance", provenance.toString(), "prism.code_version", CodeVersion.get()))
              : new JsonlSignalWriter(output, mode.equals("resume"))) {
        List<ContentItem> batch = new ArrayList<>(batchSize);
        for (ItemReader.Record r = reader.next(); r != null; r = reader.next()) {
          switch (r) {
            case ItemReader.Record.Bad bad -> {
              badRows++;
              err.println(input + ":" + bad.line() + ": " + bad.reason() + " (row skipped)");
            }
            case ItemReader.Record.Good good -> {
              if (done.contains(good.item().id())) {
                skipped++;
              } else if (!seen.add(good.item().id())) {
                badRows++;
                err.println(input + ":" + good.line() + ": duplicate id '" + good.item().id() + "' (row skipped)");
              } else {
                batch.add(good.item());
              }
            }
          }
          if (batch.size() >= batchSize) {
            signalErrors += flush(graph, batch, wanted, writer, err);
            ok += batch.size();
            batch.clear();
            bar.update(in.count(), ok, badRows + signalErrors);
          }
        }
        if (!batch.isEmpty()) {
          signalErrors += flush(graph, batch, wanted, writer, err);
          ok += batch.size();
        }
        bar.finish(ok, badRows + signalErrors);
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      writeMeta(output, inFmt, outFmt, mode, wanted, graph, provenance, ok, skipped, badRows, signalErrors, secs);
      err.printf(Locale.ROOT, "prism score: %,d items scored (%,.1f items/s), %,d skipped as already done, %,d malformed rows, "
          + "%,d items with signal errors -> %s%n", ok, ok / Math.max(secs, 1e-9), skipped, badRows, signalErrors, output);
      return badRows + signalErrors > 0 ? Prism.EXIT_PARTIAL : Prism.EXIT_OK;
    }
  }

  private static long flush(SignalGraph graph, List<ContentItem> batch, Set<SignalSpec> wanted, SignalWriter writer,
      PrintStream err) throws IOException {
    List<ItemResult> results = graph.run(batch, wanted);
    writer.write(results);
    long failed = 0;
    for (ItemResult r : results) {
      if (!r.complete()) {
        failed++;
        err.println("item " + r.itemId() + ": " + r.errors());
      }
    }
    return failed;
  }

  static String formatOf(Path p, String... known) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    for (String k : known) {
      if (name.endsWith("." + k)) {
        return k.equals("json") ? "jsonl" : k;
      }
    }
    throw new IllegalArgumentException("cannot tell the format of " + p + " from its extension; use --input-format/--output-format");
  }

  private static ObjectNode provenance(SignalGraph graph, Set<SignalSpec> wanted) {
    ObjectNode o = SignalJson.MAPPER.createObjectNode();
    wanted.forEach(s -> o.set(s.toString(), SignalJson.provenance(graph.provenance(s))));
    return o;
  }

  private void writeMeta(Path out, String inFmt, String outFmt, String mode, Set<SignalSpec> wanted, SignalGraph graph,
      ObjectNode provenance, long ok, long skipped, long bad, long signalErrors, double secs) throws IOException {
    ObjectNode m = SignalJson.MAPPER.createObjectNode();
    m.put("input", input.toAbsolutePath().toString()).put("input_format", inFmt).put("output", out.toAbsolutePath().toString())
        .put("output_format", outFmt).put("on_existing", mode).put("code_version", CodeVersion.get())
        .put("items_scored", ok).put("items_skipped_already_done", skipped).put("malformed_rows", bad)
        .put("items_with_signal_errors", signalErrors).put("seconds", secs);
    ArrayNode contracts = m.putArray("contracts");
    wanted.forEach(s -> contracts.add(SignalJson.contract(graph.contracts().get(s))));
    m.set("provenance", provenance);
    Files.writeString(out.resolveSibling(out.getFileName() + ".meta.json"),
        SignalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(m));
  }

  /** Counts bytes read, for the progress bar's percentage and ETA. */
  static final class CountingStream extends FilterInputStream {
    private long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    long count() {
      return count;
    }
  }
}
