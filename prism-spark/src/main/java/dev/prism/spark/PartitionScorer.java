package dev.prism.spark;

import dev.prism.core.graph.ItemResult;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * The task function: scores one partition with the executor's graph ({@link ExecutorGraphs}),
 * {@code batchSize} items per graph run, streaming (memory is bounded by the batch, not the
 * partition). The same loop as prism-runtime's {@code BatchRunner}: rows that are no item and
 * duplicate ids (within the partition) become error rows, the media stage resolves and decodes
 * images before the graph only when a requested signal reads them, and a failed signal fails only
 * that item's cell (its reason goes to {@code errors}). Nothing an input row contains fails the task.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** An input row that is no item, until its batch is written. */
  private record Bad(String key, String reason, String source) {}

  private final Map<String, String> settings;
  private final RowItems items;
  private final StructType inputSchema;
  private final List<String> signals;
  private final boolean defaults;
  private final int batchSize;
  private final int width;
  private final LongAccumulator scored;
  private final LongAccumulator badRows;
  private final LongAccumulator withErrors;

  /**
   * @param settings the configuration, every key as a string
   * @param inputSchema the input's columns; its last column is the source file
   * @param signals resolved signal specs as strings ({@code name@major}), in output column order
   * @param defaults nobody named the signals: each item gets the ones that apply to it
   */
  PartitionScorer(Map<String, String> settings, RowItems items, StructType inputSchema, List<String> signals,
      boolean defaults, int batchSize, int width, LongAccumulator scored, LongAccumulator badRows,
      LongAccumulator withErrors) {
    this.settings = Map.copyOf(settings);
    this.items = items;
    this.inputSchema = inputSchema;
    this.signals = List.copyOf(signals);
    this.defaults = defaults;
    this.batchSize = batchSize;
    this.width = width;
    this.scored = scored;
    this.badRows = badRows;
    this.withErrors = withErrors;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    ExecutorGraphs.Runtime rt = ExecutorGraphs.get(settings);
    SignalGraph graph = rt.graph();
    Set<SignalSpec> wanted = new LinkedHashSet<>();
    signals.forEach(s -> wanted.add(graph.resolve(s)));
    Map<SignalSpec, SignalContract> contracts = new LinkedHashMap<>();
    wanted.forEach(s -> contracts.put(s, graph.contracts().get(s)));
    List<SignalSpec> specs = List.copyOf(wanted);
    boolean readsImages = graph.readsImages(wanted);
    // the input's columns without the trailing source column
    StructType itemSchema = new StructType(java.util.Arrays.copyOf(inputSchema.fields(), inputSchema.fields().length - 1));
    int sourceIndex = inputSchema.fields().length - 1;

    return new Iterator<>() {
      private final ArrayDeque<Row> ready = new ArrayDeque<>();
      private final Set<String> seen = new HashSet<>();
      private final int partition = org.apache.spark.TaskContext.getPartitionId();
      private long row;

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && input.hasNext()) {
          fill();
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }

      /** Reads up to one batch of items (and the bad rows among them), scores it, queues rows in input order. */
      private void fill() {
        List<Object> slots = new ArrayList<>(); // ContentItem or Bad, in input order
        List<ContentItem> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && input.hasNext()) {
          Row in = input.next();
          row++;
          String source = in.isNullAt(sourceIndex) ? null : in.getString(sourceIndex);
          RowItems.Parsed p;
          try {
            p = items.parse(in, itemSchema);
          } catch (RuntimeException e) { // a row the mapping did not foresee: an error row, not a failed job
            p = new RowItems.Parsed.Bad(null, "unreadable row: " + e);
          }
          switch (p) {
            case RowItems.Parsed.Blank b -> { }
            case RowItems.Parsed.Bad b -> slots.add(bad(b.id(), b.reason(), source));
            case RowItems.Parsed.Item it -> {
              if (!seen.add(it.item().id())) {
                slots.add(bad(it.item().id(), "duplicate id '" + it.item().id() + "'", source));
              } else {
                slots.add(it.item());
                batch.add(it.item());
              }
            }
          }
        }
        List<ItemResult> results = List.of();
        if (!batch.isEmpty()) {
          List<ContentItem> resolved = rt.media().resolve(batch, readsImages);
          results = graph.run(resolved, wanted);
          if (defaults) {
            results = graph.applicableDefaults(resolved, results);
          }
        }
        java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now()); // the batch's values exist from now
        int k = 0;
        for (Object slot : slots) {
          if (slot instanceof Bad b) {
            ready.add(SparkSchema.badRow(b.key(), b.reason(), b.source(), width, now));
          } else {
            ItemResult r = results.get(k++);
            if (!r.complete()) {
              withErrors.add(1);
            }
            ready.add(SparkSchema.row(r, specs, contracts, width, now));
          }
        }
        scored.add(batch.size());
      }

      private Bad bad(String id, String reason, String source) {
        badRows.add(1);
        // the id column is required: a row without a readable id is keyed by where it came from
        String key = id != null ? id : "!bad-row:" + source + "#partition-" + partition + "-row-" + row;
        return new Bad(key, reason, source);
      }
    };
  }
}
