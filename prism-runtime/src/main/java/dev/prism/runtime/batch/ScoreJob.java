package dev.prism.runtime.batch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.io.SignalJson;
import dev.prism.core.signal.CodeVersion;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalSpec;
import dev.prism.runtime.item.ItemMapping;
import dev.prism.runtime.item.ItemReader;
import dev.prism.runtime.media.MediaResolver;
import dev.prism.runtime.sink.JsonlSink;
import dev.prism.runtime.sink.ParquetSink;
import dev.prism.runtime.sink.SignalSink;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One file-to-file scoring job (what {@code prism score} runs): checks the request, resumes or
 * replaces the output, streams the input through a {@link BatchRunner}, and writes
 * {@code OUTPUT.meta.json} with counts, contracts and provenance.
 */
public final class ScoreJob {

  /** What to do when the output exists. */
  public enum OnExisting {
    /** Keep the items already written (JSONL only), cut a torn last line, score the rest. */
    RESUME,
    /** Replace it (Parquet always goes through a temporary file). */
    OVERWRITE,
    /** Refuse to touch it. */
    FAIL;

    public static OnExisting parse(String s) {
      try {
        return valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--on-existing must be resume, overwrite or fail, got '" + s + "'");
      }
    }
  }

  /**
   * @param inputFormat {@code jsonl} or {@code csv}; null = from the extension
   * @param outputFormat {@code jsonl} or {@code parquet}; null = from the extension
   * @param onExisting null = resume for JSONL, overwrite for Parquet
   * @param signals requested signal names; empty = every served signal
   */
  public record Request(Path input, String inputFormat, Path output, String outputFormat, OnExisting onExisting,
      ItemMapping mapping, List<String> signals, int batchSize) {
    public Request {
      signals = List.copyOf(signals);
      if (batchSize < 1 || batchSize > BatchRunner.MAX_BATCH_SIZE) {
        throw new IllegalArgumentException("--batch-size must be in [1, " + BatchRunner.MAX_BATCH_SIZE + "], got " + batchSize);
      }
    }
  }

  /** Progress and problems, for a progress bar and stderr. */
  public interface Listener extends BatchRunner.Listener {
    default void resuming(long alreadyDone) {}

    /** Bytes of the input read so far (for percentage and ETA), after each batch. */
    default void inputProgress(long bytesRead, long totalBytes, long itemsScored, long itemsFailed) {}
  }

  /** The outcome, with the formats and mode actually used. */
  public record Result(BatchRunner.Summary summary, String inputFormat, String outputFormat, OnExisting onExisting,
      Path metaFile) {}

  private final SignalGraph graph;
  private final MediaResolver media;

  public ScoreJob(SignalGraph graph, MediaResolver media) {
    this.graph = graph;
    this.media = media;
  }

  /** Checks the request before any model loads or any file is touched; returns the resolved formats. */
  public static String[] formats(Request r) throws IOException {
    if (Files.isDirectory(r.input())) {
      throw new IllegalArgumentException("input " + r.input() + " is a directory, not a file");
    }
    if (!Files.isRegularFile(r.input())) {
      throw new IllegalArgumentException("input file not found: " + r.input());
    }
    // before the formats: "-o IN.csv" must say it is the input, not that .csv is no output format
    refuseOutputThatIsInput(r.input(), r.output());
    if (Files.isDirectory(r.output())) {
      throw new IllegalArgumentException("output " + r.output() + " is a directory; name a file");
    }
    String in = r.inputFormat() != null ? r.inputFormat() : formatOf(r.input(), "csv", "jsonl", "json");
    String out = r.outputFormat() != null ? r.outputFormat() : formatOf(r.output(), "parquet", "jsonl", "json");
    if (!List.of("jsonl", "csv").contains(in)) {
      throw new IllegalArgumentException("--input-format must be jsonl or csv, got '" + in + "'");
    }
    if (!List.of("jsonl", "parquet").contains(out)) {
      throw new IllegalArgumentException("--output-format must be jsonl or parquet, got '" + out + "'");
    }
    return new String[] {in, out};
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

  /**
   * Refuses an output that is the input: the same path, or the same file through a link. Every
   * command that reads one file and writes another calls this before it opens the output, since
   * opening it for writing truncates the input.
   */
  public static void refuseOutputThatIsInput(Path input, Path output) throws IOException {
    if (Files.exists(output) && Files.exists(input) && Files.isSameFile(input, output)
        || input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("output " + output + " is the input file; choose another output");
    }
  }

  public Result run(Request r, Listener listener) throws IOException {
    String[] f = formats(r);
    String inFmt = f[0];
    String outFmt = f[1];
    OnExisting mode = r.onExisting() != null ? r.onExisting() : outFmt.equals("parquet") ? OnExisting.OVERWRITE : OnExisting.RESUME;
    if (mode == OnExisting.RESUME && outFmt.equals("parquet")) {
      throw new IllegalArgumentException("--on-existing resume is not supported for Parquet output (files are immutable); use overwrite");
    }
    if (Files.exists(r.output()) && mode == OnExisting.FAIL) {
      throw new IllegalArgumentException("output " + r.output() + " exists and --on-existing is fail");
    }
    Set<SignalSpec> wanted = new LinkedHashSet<>();
    if (r.signals().isEmpty()) {
      wanted.addAll(graph.served());
    } else {
      for (String s : r.signals()) {
        wanted.add(graph.resolve(s));
      }
    }
    Map<SignalSpec, SignalContract> contracts = new LinkedHashMap<>();
    wanted.forEach(s -> contracts.put(s, graph.contracts().get(s)));
    // the resume check reads only the output: a refused resume costs no model load
    Set<String> done = mode == OnExisting.RESUME ? JsonlSink.resumeFrom(r.output(), wanted) : Set.of();
    if (!done.isEmpty()) {
      listener.resuming(done.size());
    }
    ObjectNode provenance = SignalJson.MAPPER.createObjectNode();
    wanted.forEach(s -> provenance.set(s.toString(), SignalJson.provenance(graph.provenance(s)))); // builds the nodes

    Path parent = r.output().toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    long total = Files.size(r.input());
    BatchRunner.Summary summary;
    try (CountingStream in = new CountingStream(Files.newInputStream(r.input()));
        ItemReader reader = ItemReader.open(in, inFmt, r.mapping(), r.input().toString(), media.config().maxBytes());
        SignalSink sink = outFmt.equals("parquet")
            ? new ParquetSink(r.output(), List.copyOf(wanted), contracts,
                Map.of("prism.provenance", provenance.toString(), "prism.code_version", CodeVersion.get()))
            : new JsonlSink(r.output(), mode == OnExisting.RESUME)) {
      BatchRunner runner = new BatchRunner(graph, media, r.batchSize());
      summary = runner.run(reader, sink, wanted, r.signals().isEmpty(), done, new Forwarding(listener) {
        @Override
        public void batchWritten(long itemsScored, long itemsFailed) {
          listener.inputProgress(in.count(), total, itemsScored, itemsFailed);
        }
      });
    }
    Path meta = r.output().resolveSibling(r.output().getFileName() + ".meta.json");
    writeMeta(meta, r, inFmt, outFmt, mode, wanted, provenance, summary);
    return new Result(summary, inFmt, outFmt, mode, meta);
  }

  private void writeMeta(Path meta, Request r, String inFmt, String outFmt, OnExisting mode, Set<SignalSpec> wanted,
      ObjectNode provenance, BatchRunner.Summary s) throws IOException {
    ObjectNode m = SignalJson.MAPPER.createObjectNode();
    m.put("input", r.input().toAbsolutePath().toString()).put("input_format", inFmt)
        .put("output", r.output().toAbsolutePath().toString()).put("output_format", outFmt)
        .put("on_existing", mode.name().toLowerCase(Locale.ROOT)).put("code_version", CodeVersion.get())
        .put("items_scored", s.scored()).put("items_skipped_already_done", s.skippedAlreadyDone())
        .put("malformed_rows", s.malformedRows()).put("items_with_signal_errors", s.itemsWithErrors())
        .put("media_errors", s.mediaErrors()).put("seconds", s.seconds());
    ArrayNode contracts = m.putArray("contracts");
    wanted.forEach(x -> contracts.add(SignalJson.contract(graph.contracts().get(x))));
    m.set("provenance", provenance);
    Files.writeString(meta, SignalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(m));
  }

  /** Passes item-level events through to the job's listener. */
  private static class Forwarding implements BatchRunner.Listener {
    private final Listener to;

    Forwarding(Listener to) {
      this.to = to;
    }

    @Override
    public void badRecord(long line, String reason) {
      to.badRecord(line, reason);
    }

    @Override
    public void mediaUnavailable(long line, dev.prism.core.item.ContentItem item, dev.prism.core.item.MediaRef.Unavailable why) {
      to.mediaUnavailable(line, item, why);
    }

    @Override
    public void itemFailed(dev.prism.core.graph.ItemResult result) {
      to.itemFailed(result);
    }
  }

  /**
   * Counts bytes read, for a progress bar's percentage and ETA (shared by the commands that stream
   * an input file). The count is read by the progress thread, hence volatile.
   */
  public static final class CountingStream extends FilterInputStream {
    private volatile long count;

    public CountingStream(InputStream in) {
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

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }

    public long count() {
      return count;
    }
  }
}
