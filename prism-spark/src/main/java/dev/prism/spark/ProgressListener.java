package dev.prism.spark;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * A progress line for the scoring stage, from Spark's own events: partitions done of all, rows
 * written by finished tasks, their rate since the stage started, and an ETA from the partitions
 * still to run. Counts come from tasks' output metrics, so only finished partitions count (a task
 * reports on completion). Listener callbacks run on Spark's listener-bus thread; the counters are
 * atomic because the launcher reads them from its own.
 */
public final class ProgressListener extends SparkListener {
  private final PrintStream out;
  private final boolean terminal;
  private final AtomicInteger totalTasks = new AtomicInteger();
  private final AtomicInteger doneTasks = new AtomicInteger();
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong startNanos = new AtomicLong();
  private volatile int scoringStage = -1;

  /** @param terminal redraw one line with {@code \r}; otherwise one line per finished partition */
  public ProgressListener(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted e) {
    // the write stage is the last one submitted; earlier ones (CSV header, repartition) are short
    scoringStage = e.stageInfo().stageId();
    totalTasks.set(e.stageInfo().numTasks());
    doneTasks.set(0);
    rows.set(0);
    startNanos.set(System.nanoTime());
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd e) {
    if (e.stageId() != scoringStage || e.taskMetrics() == null || !e.taskInfo().successful()) {
      return;
    }
    doneTasks.incrementAndGet();
    long written = e.taskMetrics().outputMetrics().recordsWritten();
    rows.addAndGet(written);
    if (rows.get() == 0) {
      return; // a stage that writes nothing (CSV header inference, the repartition's map side) is no progress
    }
    String line = line();
    if (terminal) {
      out.print("\r" + line);
      if (doneTasks.get() == totalTasks.get()) {
        out.println();
      }
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** {@code partitions 3/8, 1,234 rows, 56.7 rows/s, ETA 0:12}. */
  public String line() {
    int done = doneTasks.get();
    int total = totalTasks.get();
    double secs = (System.nanoTime() - startNanos.get()) / 1e9;
    double rate = rows.get() / Math.max(secs, 1e-9);
    String eta = done == 0 ? "?" : clock(secs * (total - done) / done);
    return String.format(Locale.ROOT, "prism spark: partitions %d/%d, %,d rows, %.1f rows/s, ETA %s", done, total,
        rows.get(), rate, eta);
  }

  public long rows() {
    return rows.get();
  }

  public int partitionsDone() {
    return doneTasks.get();
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
