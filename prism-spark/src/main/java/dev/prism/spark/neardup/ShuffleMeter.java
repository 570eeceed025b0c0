package dev.prism.spark.neardup;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Sums the shuffle bytes written and the records written to shuffle by every successful task while
 * registered: the network/disk cost of the job's group-bys and joins (Spark's task metrics, the
 * same numbers as the UI's "Shuffle Write"). Callbacks run on the listener bus; counters are atomic.
 */
public final class ShuffleMeter extends SparkListener {
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong records = new AtomicLong();

  @Override
  public void onTaskEnd(SparkListenerTaskEnd e) {
    if (e.taskMetrics() == null || !e.taskInfo().successful()) {
      return;
    }
    bytes.addAndGet(e.taskMetrics().shuffleWriteMetrics().bytesWritten());
    records.addAndGet(e.taskMetrics().shuffleWriteMetrics().recordsWritten());
  }

  public long bytes() {
    return bytes.get();
  }

  public long records() {
    return records.get();
  }
}
