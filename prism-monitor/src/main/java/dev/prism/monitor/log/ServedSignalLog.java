package dev.prism.monitor.log;

import dev.prism.core.graph.ItemResult;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalRecord;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The served-signal log's writer. {@link #served} is called on the request's thread once its
 * results are ready: it samples items by id ({@link LogSampler}), turns each sampled (item, signal)
 * into a {@link ServedRow} and offers it to a bounded queue — it never blocks and never throws; a
 * full queue drops the row and counts it ({@code prism_monitor_log_dropped_total}).
 *
 * <p>One background thread drains the queue into one open Parquet file per partition
 * ({@link LogSchema#partition}). A file is written under a hidden name
 * {@code .part-….parquet.inprogress} and renamed atomically to {@code part-….parquet} when it is
 * rolled — at {@link Settings#rollBytes} of buffered data, after {@link Settings#rollAge}, or on
 * {@link #close} — so a crash leaves only hidden files, which readers skip: a visible file is
 * always complete. (Parquet's footer is written last; an unfinished file is unreadable anyway.)
 * Rows still queued or in an open file when the process dies are lost: the log is a sample.
 */
public final class ServedSignalLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServedSignalLog.class);

  /**
   * @param dir the log's root directory
   * @param sampleRate share of items logged, by id hash
   * @param queueCapacity rows waiting for the writer; more are dropped
   * @param rollBytes a file is closed once its buffered data reaches this many bytes
   * @param rollAge a file is closed this long after it was opened, data or not
   */
  public record Settings(Path dir, double sampleRate, int queueCapacity, long rollBytes, Duration rollAge) {
    public Settings {
      if (queueCapacity < 1) {
        throw new IllegalArgumentException("queue capacity must be >= 1, got " + queueCapacity);
      }
      if (rollBytes < 1 || rollAge.isNegative() || rollAge.isZero()) {
        throw new IllegalArgumentException("roll size and age must be positive, got " + rollBytes + " bytes, " + rollAge);
      }
    }
  }

  private final Settings settings;
  private final LogSampler sampler;
  private final Clock clock;
  private final BlockingQueue<ServedRow> queue;
  private final Counter dropped;
  private final Counter written;
  private final Counter failures;
  private final AtomicLong droppedCount = new AtomicLong();
  private final Map<String, Part> open = new HashMap<>();
  private final SimpleGroupFactory factory = new SimpleGroupFactory(LogSchema.SCHEMA);
  private final Thread writer;
  private volatile boolean running = true;

  public ServedSignalLog(Settings settings, Clock clock, MeterRegistry meters) throws IOException {
    this.settings = settings;
    this.sampler = new LogSampler(settings.sampleRate());
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    Files.createDirectories(settings.dir());
    this.dropped = Counter.builder("prism.monitor.log.dropped")
        .description("Served-signal log rows dropped because the writer's queue was full").register(meters);
    this.written = Counter.builder("prism.monitor.log.written")
        .description("Served-signal log rows written to Parquet").register(meters);
    this.failures = Counter.builder("prism.monitor.log.failures")
        .description("Served-signal log rows lost to a write error (see the server log)").register(meters);
    Gauge.builder("prism.monitor.log.queue", queue, BlockingQueue::size)
        .description("Served-signal log rows waiting for the writer").register(meters);
    this.writer = Thread.ofPlatform().name("prism-served-log").daemon(true).start(this::drain);
  }

  public LogSampler sampler() {
    return sampler;
  }

  /** Rows dropped so far because the queue was full. */
  public long dropped() {
    return droppedCount.get();
  }

  /**
   * Logs the sampled items of one answered request. Never blocks, never throws (a logging problem
   * must not fail a request).
   *
   * @param latencyNanos the request's server-side time so far
   */
  public void served(List<ItemResult> results, long latencyNanos) {
    try {
      long now = clock.millis();
      double ms = latencyNanos / 1e6;
      for (ItemResult r : results) {
        if (!sampler.sampled(r.itemId())) {
          continue;
        }
        for (ServedRow row : rows(r, now, ms)) {
          if (!queue.offer(row)) {
            dropped.increment();
            droppedCount.incrementAndGet();
          }
        }
      }
    } catch (RuntimeException e) {
      log.warn("served-signal log skipped a request: {}", e.toString());
    }
  }

  /** The log rows of one item's result: one per signal with a value, one per failed signal. */
  public static List<ServedRow> rows(ItemResult r, long servedAtMillis, double latencyMs) {
    List<ServedRow> out = new ArrayList<>(r.values().size() + r.errors().size());
    for (Map.Entry<SignalSpec, SignalRecord> e : r.values().entrySet()) {
      Provenance p = e.getValue().provenance();
      SignalValue v = e.getValue().value();
      String kind;
      LoggedValue lv;
      switch (v) {
        case SignalValue.Probability x -> {
          kind = "probability";
          lv = new LoggedValue.Scalar(x.p());
        }
        case SignalValue.Score x -> {
          kind = "score";
          lv = new LoggedValue.Scalar(x.value());
        }
        case SignalValue.Label x -> {
          kind = "label";
          lv = new LoggedValue.Category(x.label(), x.confidence());
        }
        case SignalValue.Embedding x -> {
          kind = "embedding";
          lv = new LoggedValue.Vector(x.vector());
        }
        case SignalValue.Features x -> {
          kind = "features";
          lv = new LoggedValue.Named(x.values());
        }
        case SignalValue.Hash x -> {
          kind = "hash";
          lv = new LoggedValue.Present();
        }
        case SignalValue.Text x -> {
          kind = "text";
          lv = new LoggedValue.Present();
        }
        default -> {
          kind = "other";
          lv = new LoggedValue.Present();
        }
      }
      out.add(new ServedRow(r.itemId(), e.getKey().toString(), kind, p.modelId(), p.modelVersion(), p.artifactSha256(),
          servedAtMillis, latencyMs, lv));
    }
    r.errors().forEach((spec, why) -> out.add(new ServedRow(r.itemId(), spec.toString(), "error", "", "", "",
        servedAtMillis, latencyMs, new LoggedValue.Failed(why))));
    return out;
  }

  private void drain() {
    List<ServedRow> batch = new ArrayList<>(1024);
    while (running || !queue.isEmpty()) {
      try {
        ServedRow first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, 4095);
          for (ServedRow row : batch) {
            write(row);
          }
          batch.clear();
        }
      } catch (InterruptedException e) {
        // close() interrupts only after running=false: keep draining what is queued
      } catch (RuntimeException e) {
        log.warn("served-signal log writer: {}", e.toString());
      }
      rollDue(false);
    }
    rollDue(true);
  }

  private void write(ServedRow row) {
    String partition = LogSchema.partition(row.signal(), row.servedAtMillis());
    try {
      Part p = open.get(partition);
      if (p == null) {
        p = Part.open(settings.dir().resolve(partition), clock.millis());
        open.put(partition, p);
      }
      p.writer.write(LogSchema.toGroup(factory, row));
      written.increment();
      if (p.writer.getDataSize() >= settings.rollBytes()) {
        open.remove(partition);
        p.commit();
      }
    } catch (IOException | RuntimeException e) {
      failures.increment();
      log.warn("served-signal log: could not write to {}: {}", partition, e.toString());
      Part broken = open.remove(partition);
      if (broken != null) {
        broken.abandon();
      }
    }
  }

  /** Commits files older than the roll age, or all of them. */
  private void rollDue(boolean all) {
    long now = clock.millis();
    for (Iterator<Map.Entry<String, Part>> it = open.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Part> e = it.next();
      if (all || now - e.getValue().openedAt >= settings.rollAge().toMillis()) {
        it.remove();
        try {
          e.getValue().commit();
        } catch (IOException | RuntimeException ex) {
          failures.increment();
          log.warn("served-signal log: could not close {}: {}", e.getKey(), ex.toString());
          e.getValue().abandon();
        }
      }
    }
  }

  /** Stops taking rows, writes what is queued and commits every open file. */
  @Override
  public void close() {
    running = false;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One open file: written under its hidden name, renamed when committed. */
  private static final class Part {
    final Path tmp;
    final Path target;
    final ParquetWriter<Group> writer;
    final long openedAt;

    private Part(Path tmp, Path target, ParquetWriter<Group> writer, long openedAt) {
      this.tmp = tmp;
      this.target = target;
      this.writer = writer;
      this.openedAt = openedAt;
    }

    static Part open(Path dir, long now) throws IOException {
      Files.createDirectories(dir);
      // time first so names sort by creation; random suffix so replicas sharing a directory never collide
      String name = String.format(java.util.Locale.ROOT, "part-%013d-%s.parquet", now,
          HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
      Path tmp = dir.resolve("." + name + ".inprogress");
      // LocalOutputFile: plain java.nio, no Hadoop FileSystem (whose UGI login fails on JDK 25)
      ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(tmp))
          .withType(LogSchema.SCHEMA)
          .withCompressionCodec(CompressionCodecName.SNAPPY)
          .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
          .build();
      return new Part(tmp, dir.resolve(name), w, now);
    }

    void commit() throws IOException {
      writer.close();
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    void abandon() {
      try {
        writer.close();
      } catch (IOException | RuntimeException ignored) {
        // the file is hidden and stays so; nothing more to do
      }
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // a hidden leftover is skipped by readers
      }
    }
  }
}
