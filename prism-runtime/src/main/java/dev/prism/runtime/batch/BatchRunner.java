package dev.prism.runtime.batch;

import dev.prism.core.graph.ItemResult;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.item.ContentItem;
import dev.prism.core.item.MediaRef;
import dev.prism.core.signal.SignalSpec;
import dev.prism.runtime.item.ItemReader;
import dev.prism.runtime.media.MediaResolver;
import dev.prism.runtime.sink.SignalSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The streaming batch loop every offline runner uses: read records, skip those already done, cut
 * batches, resolve and decode media (the media stage, before the graph; only when a requested
 * signal reads images), run the graph, write to the sink.
 * Memory is bounded by the batch size, not by the input. A malformed record, a duplicate id, a
 * failed image or a failed signal is reported to the {@link Listener} and counted; the run goes on.
 */
public final class BatchRunner {
  /** Items per graph run by default: large enough for the encoder's length sorting, small enough to stream. */
  public static final int DEFAULT_BATCH_SIZE = 256;
  /** Largest accepted batch size. */
  public static final int MAX_BATCH_SIZE = 100_000;

  private final SignalGraph graph;
  private final MediaResolver media;
  private final int batchSize;

  /** What the runner reports while it goes. Called on the runner's thread. */
  public interface Listener {
    /** A record that could not be read as an item (the line and why). */
    default void badRecord(long line, String reason) {}

    /** A media reference that could not be resolved (the item is still scored; image signals fail). */
    default void mediaUnavailable(long line, ContentItem item, MediaRef.Unavailable why) {}

    /** An item some of whose requested signals failed. */
    default void itemFailed(ItemResult result) {}

    /** After each written batch. */
    default void batchWritten(long itemsScored, long itemsFailed) {}
  }

  /** Counts of one run. {@code itemsWithErrors} counts items with at least one failed signal. */
  public record Summary(long scored, long skippedAlreadyDone, long malformedRows, long itemsWithErrors, long mediaErrors,
      double seconds) {
    public boolean clean() {
      return malformedRows == 0 && itemsWithErrors == 0 && mediaErrors == 0;
    }

    public double itemsPerSecond() {
      return scored / Math.max(seconds, 1e-9);
    }
  }

  public BatchRunner(SignalGraph graph, MediaResolver media, int batchSize) {
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException("batch size must be in [1, " + MAX_BATCH_SIZE + "], got " + batchSize);
    }
    this.graph = graph;
    this.media = media;
    this.batchSize = batchSize;
  }

  /**
   * Scores every record of {@code reader} not in {@code alreadyDone} for {@code wanted} into
   * {@code sink}, then commits the sink. An I/O error of the sink ends the run (it is not an item's
   * fault); everything else is per record.
   */
  public Summary run(ItemReader reader, SignalSink sink, Set<SignalSpec> wanted, Set<String> alreadyDone, Listener listener)
      throws IOException {
    return run(reader, sink, wanted, false, alreadyDone, listener);
  }

  /**
   * As {@link #run(ItemReader, SignalSink, Set, Set, Listener)}; {@code defaults} says that nobody
   * named the signals ({@code wanted} is the default set), so each item gets only the signals that
   * apply to it ({@link SignalGraph#applicableDefaults}).
   */
  public Summary run(ItemReader reader, SignalSink sink, Set<SignalSpec> wanted, boolean defaults, Set<String> alreadyDone,
      Listener listener) throws IOException {
    long t0 = System.nanoTime();
    long scored = 0;
    long skipped = 0;
    long bad = 0;
    long failed = 0;
    long mediaErrors = 0;
    // Text-only runs neither read, fetch nor decode media: the graph says whether any node it needs reads images.
    boolean readsImages = graph.readsImages(wanted);
    Set<String> seen = new HashSet<>();
    List<ContentItem> batch = new ArrayList<>(batchSize);
    List<Long> lines = new ArrayList<>(batchSize);
    for (ItemReader.Record r = reader.next(); r != null; r = reader.next()) {
      switch (r) {
        case ItemReader.Record.Bad b -> {
          bad++;
          listener.badRecord(b.line(), b.reason());
        }
        case ItemReader.Record.Good g -> {
          String id = g.item().id();
          if (alreadyDone.contains(id)) {
            skipped++;
          } else if (!seen.add(id)) {
            bad++;
            listener.badRecord(g.line(), "duplicate id '" + id + "'");
          } else {
            batch.add(g.item());
            lines.add(g.line());
          }
        }
      }
      if (batch.size() >= batchSize) {
        long[] counts = flush(batch, lines, sink, wanted, readsImages, defaults, listener);
        scored += batch.size();
        failed += counts[0];
        mediaErrors += counts[1];
        batch.clear();
        lines.clear();
        listener.batchWritten(scored, failed);
      }
    }
    if (!batch.isEmpty()) {
      long[] counts = flush(batch, lines, sink, wanted, readsImages, defaults, listener);
      scored += batch.size();
      failed += counts[0];
      mediaErrors += counts[1];
      listener.batchWritten(scored, failed);
    }
    sink.commit();
    return new Summary(scored, skipped, bad, failed, mediaErrors, (System.nanoTime() - t0) / 1e9);
  }

  /** Runs one batch; returns {items with signal errors, media errors}. */
  private long[] flush(List<ContentItem> batch, List<Long> lines, SignalSink sink, Set<SignalSpec> wanted,
      boolean readsImages, boolean defaults, Listener listener) throws IOException {
    List<ContentItem> resolved = media.resolve(batch, readsImages);
    long mediaErrors = 0;
    for (int i = 0; i < resolved.size(); i++) {
      if (resolved.get(i).image() instanceof MediaRef.Unavailable u) {
        mediaErrors++;
        listener.mediaUnavailable(lines.get(i), resolved.get(i), u);
      }
    }
    List<ItemResult> results = graph.run(resolved, wanted);
    if (defaults) {
      results = graph.applicableDefaults(resolved, results);
    }
    sink.write(results);
    long failed = 0;
    for (ItemResult r : results) {
      if (!r.complete()) {
        failed++;
        listener.itemFailed(r);
      }
    }
    return new long[] {failed, mediaErrors};
  }
}
