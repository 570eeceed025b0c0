package dev.prism.server;

import java.util.concurrent.TimeUnit;

/**
 * Deadline-aware admission: a request is queued only when it can be answered before its deadline.
 *
 * <p>The server learns what an item costs from the batches it runs: the graph time of each batch
 * divided by its items, smoothed by an exponentially weighted moving average ({@link #ALPHA}). A
 * request waits behind the backlog (items queued and in graph runs now) and then needs its own
 * items' time, shared by the workers, so its expected completion is
 * {@code (backlog + own) x costPerItem / workers}. When that is past the time left to its deadline
 * it is refused at once with 503 and a {@code Retry-After} of the time the backlog needs to shrink
 * enough ({@code expected - budget}, rounded up to whole seconds) instead of waiting only to time
 * out (issue 9: with a queue bounded in items, accepted requests waited 14-20 s while 503s said
 * {@code Retry-After: 1}).
 *
 * <p>Before the first batch there is no estimate and requests are admitted (the item-count
 * capacity still bounds memory). The estimate is per item at the batch sizes the server has been
 * running; at low load batches are small and an item costs more, so it errs towards refusing a
 * request that would in fact have fit, never towards queueing one that cannot.
 */
final class Admission {
  /** Weight of the newest batch in the moving average: about the last five batches dominate. */
  static final double ALPHA = 0.2;

  private final int workers;
  private final Object lock = new Object();
  /** Smoothed graph nanoseconds per item; NaN until a batch has run. Guarded by {@code lock}. */
  private double nanosPerItem = Double.NaN;

  Admission(int workers) {
    this.workers = workers;
  }

  /** Records one graph run (the batcher's observer). */
  void batchDone(int items, long nanos) {
    if (items <= 0) {
      return;
    }
    double x = (double) nanos / items;
    synchronized (lock) {
      nanosPerItem = Double.isNaN(nanosPerItem) ? x : ALPHA * x + (1 - ALPHA) * nanosPerItem;
    }
  }

  /** The smoothed cost of one item in nanoseconds, NaN before the first batch. */
  double nanosPerItem() {
    synchronized (lock) {
      return nanosPerItem;
    }
  }

  /**
   * The verdict for a request of {@code own} items behind {@code backlog} items with {@code
   * budgetNanos} left to its deadline.
   */
  Verdict check(int backlog, int own, long budgetNanos) {
    double cost = nanosPerItem();
    if (Double.isNaN(cost)) {
      return new Verdict(true, 0, 0);
    }
    long expected = (long) Math.ceil((double) (backlog + own) * cost / workers);
    if (expected <= budgetNanos) {
      return new Verdict(true, expected, 0);
    }
    long over = expected - Math.max(0, budgetNanos);
    int retry = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (over + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1)));
    return new Verdict(false, expected, retry);
  }

  /**
   * Adaptive batch size: the most items whose expected graph time ({@code items x costPerItem})
   * stays within {@code targetNanos}, between {@code min} and {@code max}; {@code max} before the
   * first batch or when the target is 0 (off). Every request of a batch is answered only when
   * the whole graph run ends, so a batch that grew large in a burst (issue 9: 56 items, 0.8 s on
   * two shared cores) holds all its requests for its whole run; cut at the target, the first
   * requests of a burst are answered after one short run while the model still gets batches big
   * enough to be efficient ({@code min}).
   */
  int batchCap(long targetNanos, int min, int max) {
    double cost = nanosPerItem();
    if (targetNanos <= 0 || Double.isNaN(cost) || cost <= 0) {
      return max;
    }
    return (int) Math.max(min, Math.min(max, Math.floor(targetNanos / cost)));
  }

  /**
   * Seconds until {@code items} items of backlog have been worked off (for the Retry-After of a
   * full queue); 1 before the first batch.
   */
  int secondsToDrain(int items) {
    double cost = nanosPerItem();
    if (Double.isNaN(cost) || items <= 0) {
      return 1;
    }
    double seconds = items * cost / workers / TimeUnit.SECONDS.toNanos(1);
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil(seconds)));
  }

  /**
   * @param admitted whether to queue the request
   * @param expectedNanos expected time to its answer (0 when unknown)
   * @param retryAfterSeconds when refused, seconds until the backlog should have shrunk enough
   */
  record Verdict(boolean admitted, long expectedNanos, int retryAfterSeconds) {}
}
