package dev.prism.server;

import dev.prism.core.graph.ItemResult;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.SignalSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers items from concurrent requests into graph batches.
 *
 * <p>A worker takes the oldest pending request, then keeps adding pending requests that ask for
 * the same signal set until the batch holds {@code maxBatch} items or the oldest item has waited
 * {@code maxWait}. Requests for other signal sets stay queued for the next batch, so a request
 * never pays for signals it did not ask for. A request is never split across batches when it fits,
 * and its results are sliced back by position, so answers cannot cross requests.
 *
 * <p>Admission is bounded in items: {@link #submit} fails fast with {@link OverloadedException}
 * when the queue is full, which the HTTP layer maps to 503 + Retry-After.
 *
 * <p>A worker never dies from a batch: whatever a graph run throws (the graph already isolates
 * failing items; what is left is e.g. an {@link OutOfMemoryError}) fails that batch's requests
 * with the reason and the worker takes the next batch. A worker that ends anyway while the batcher
 * is open (a bug, an interrupt) is replaced at once and counted, so the server never ends up with
 * no worker and a queue that only fills; {@link #workersAlive()} feeds readiness.
 */
public final class MicroBatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MicroBatcher.class);

  /** Thrown when accepting a request would exceed the queue capacity. */
  public static final class OverloadedException extends RuntimeException {
    OverloadedException(String message) {
      super(message);
    }
  }

  /** A whole graph run failed; the message says why (every request of that batch gets it). */
  public static final class BatchFailedException extends RuntimeException {
    BatchFailedException(Throwable cause) {
      super("the batch holding this request failed: " + cause.getClass().getSimpleName()
          + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
    }
  }

  /** A request's deadline passed while it waited: it was dropped before reaching the model. */
  public static final class DeadlineExceededException extends RuntimeException {
    DeadlineExceededException(long waitedMs) {
      super("deadline passed after " + waitedMs + " ms in the queue; dropped before computing");
    }
  }

  /** Told the size and duration of every graph run (admission estimates service time from it). */
  @FunctionalInterface
  public interface BatchObserver {
    void batchDone(int items, long nanos);
  }

  /**
   * A request's results with where its time went ({@link System#nanoTime()} scale): queued from
   * {@code enqueuedNanos} to {@code startedNanos}, when its batch of {@code batchItems} items
   * started its graph run, which ended at {@code doneNanos}. The HTTP layer reports these per
   * request (Server-Timing) so a benchmark can attribute its tail.
   */
  public record Answer(List<ItemResult> results, long enqueuedNanos, long startedNanos, long doneNanos, int batchItems) {
    public Answer {
      results = List.copyOf(results);
    }

    public long queueNanos() {
      return startedNanos - enqueuedNanos;
    }

    public long modelNanos() {
      return doneNanos - startedNanos;
    }
  }

  /** {@link #submit(List, Set, long)} without a deadline. */
  public static final long NO_DEADLINE = Long.MAX_VALUE;

  private record Pending(List<ContentItem> items, Set<SignalSpec> signals, long enqueuedNanos, long deadlineNanos,
      CompletableFuture<Answer> future) {
    boolean expired(long now) {
      return deadlineNanos != NO_DEADLINE && now - deadlineNanos >= 0;
    }
  }

  private final SignalGraph graph;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final int capacity;
  private final IntConsumer batchSizeObserver;
  private final Runnable restartObserver;
  private final BatchObserver batchObserver;
  /** Items the next batch may hold now (adaptive: from measured cost and a latency target), at most {@code maxBatch}. */
  private final java.util.function.IntSupplier batchCap;
  /** Requests of at least this many chars (or with an image) run after the short ones of their batch; 0 = one run. */
  private final int splitChars;
  private final AtomicInteger inFlightItems = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong droppedExpired = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong droppedAbandoned = new java.util.concurrent.atomic.AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final LinkedList<Pending> queue = new LinkedList<>();
  private int queuedItems;
  private volatile boolean closed;
  /** Worker threads by slot; a slot's thread is replaced when it ends while open. Guarded by itself. */
  private final Thread[] workers;
  private final AtomicInteger restarts = new AtomicInteger();

  public MicroBatcher(SignalGraph graph, int maxBatch, long maxWaitMicros, int capacity, int workerCount,
      IntConsumer batchSizeObserver) {
    this(graph, maxBatch, maxWaitMicros, capacity, workerCount, batchSizeObserver, () -> {});
  }

  /** {@code restartObserver} is told each time a worker that ended unexpectedly is replaced. */
  public MicroBatcher(SignalGraph graph, int maxBatch, long maxWaitMicros, int capacity, int workerCount,
      IntConsumer batchSizeObserver, Runnable restartObserver) {
    this(graph, maxBatch, maxWaitMicros, capacity, workerCount, batchSizeObserver, restartObserver, (n, t) -> {});
  }

  /** {@code batchObserver} is told the size and duration of every graph run. */
  public MicroBatcher(SignalGraph graph, int maxBatch, long maxWaitMicros, int capacity, int workerCount,
      IntConsumer batchSizeObserver, Runnable restartObserver, BatchObserver batchObserver) {
    this(graph, maxBatch, maxWaitMicros, capacity, workerCount, batchSizeObserver, restartObserver, batchObserver, () -> maxBatch, 0);
  }

  /**
   * {@code batchCap} is asked, as each batch is formed, how many items it may hold (the server's
   * adaptive cap: {@link Admission#batchCap}); the batch holds at most {@code min(cap, maxBatch)}
   * items, and at least its first request whole.
   *
   * <p>{@code splitChars} (0 = off) splits each batch into two graph runs, short requests first:
   * see {@link #lanes}.
   */
  public MicroBatcher(SignalGraph graph, int maxBatch, long maxWaitMicros, int capacity, int workerCount,
      IntConsumer batchSizeObserver, Runnable restartObserver, BatchObserver batchObserver,
      java.util.function.IntSupplier batchCap, int splitChars) {
    if (splitChars < 0) {
      throw new IllegalArgumentException("splitChars must be >= 0 (0 = off), got " + splitChars);
    }
    this.graph = graph;
    this.splitChars = splitChars;
    this.batchCap = batchCap;
    this.batchObserver = batchObserver;
    this.maxBatch = maxBatch;
    this.maxWaitNanos = TimeUnit.MICROSECONDS.toNanos(maxWaitMicros);
    this.capacity = capacity;
    this.batchSizeObserver = batchSizeObserver;
    this.restartObserver = restartObserver;
    this.workers = new Thread[workerCount];
    synchronized (workers) {
      for (int i = 0; i < workerCount; i++) {
        startWorker(i);
      }
    }
  }

  /** Holds the {@code workers} lock. */
  private void startWorker(int slot) {
    workers[slot] = Thread.ofPlatform().name("prism-batcher-" + slot).daemon().start(() -> work(slot));
  }

  /** Worker threads configured. */
  public int workerCount() {
    return workers.length;
  }

  /** Worker threads running now (readiness: all of them). */
  public int workersAlive() {
    synchronized (workers) {
      int alive = 0;
      for (Thread t : workers) {
        if (t != null && t.isAlive()) {
          alive++;
        }
      }
      return alive;
    }
  }

  /** Workers replaced since start-up after ending unexpectedly. */
  public int workerRestarts() {
    return restarts.get();
  }

  /** Most items that may wait; a queue at this depth refuses requests (readiness fails). */
  public int capacity() {
    return capacity;
  }

  /** Items currently waiting (the queue-depth gauge). */
  public int queuedItems() {
    lock.lock();
    try {
      return queuedItems;
    } finally {
      lock.unlock();
    }
  }

  /** Items in graph runs now (part of the backlog a new request waits behind). */
  public int inFlightItems() {
    return inFlightItems.get();
  }

  /** Items dropped before computing because their request's deadline had passed. */
  public long droppedExpiredItems() {
    return droppedExpired.get();
  }

  /** Items dropped before computing because their caller had given up (timed out, cancelled). */
  public long droppedAbandonedItems() {
    return droppedAbandoned.get();
  }

  public CompletableFuture<List<ItemResult>> submit(List<ContentItem> items, Set<SignalSpec> signals) {
    return submit(items, signals, NO_DEADLINE);
  }

  /**
   * Queues a request. {@code deadlineNanos} ({@link System#nanoTime()} scale, or {@link
   * #NO_DEADLINE}): a request still queued at its deadline is dropped before it reaches the model
   * and its future fails with {@link DeadlineExceededException}.
   */
  public CompletableFuture<List<ItemResult>> submit(List<ContentItem> items, Set<SignalSpec> signals, long deadlineNanos) {
    CompletableFuture<Answer> source = submitTimed(items, signals, deadlineNanos);
    CompletableFuture<List<ItemResult>> results = source.thenApply(Answer::results);
    // a caller that gives up on the results gives up on the request: the batcher then drops it
    results.whenComplete((r, e) -> {
      if (results.isCancelled()) {
        source.cancel(false);
      }
    });
    return results;
  }

  /** {@link #submit(List, Set, long)} with the request's queue and model times. */
  public CompletableFuture<Answer> submitTimed(List<ContentItem> items, Set<SignalSpec> signals, long deadlineNanos) {
    CompletableFuture<Answer> f = new CompletableFuture<>();
    lock.lock();
    try {
      if (closed) {
        throw new OverloadedException("server is shutting down");
      }
      if (queuedItems + items.size() > capacity) {
        throw new OverloadedException("queue full: " + queuedItems + " items waiting, capacity " + capacity);
      }
      queue.add(new Pending(List.copyOf(items), Set.copyOf(signals), System.nanoTime(), deadlineNanos, f));
      queuedItems += items.size();
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
    return f;
  }

  /** Runs batches until closed; replaces itself if it ends any other way. */
  private void work(int slot) {
    Throwable death = null;
    try {
      loop();
    } catch (Throwable t) {
      death = t;
    }
    if (closed) {
      return;
    }
    synchronized (workers) {
      if (closed) {
        return;
      }
      if (death == null) {
        log.error("batch worker {} ended while the server is open (interrupted); starting a replacement", slot);
      } else {
        log.error("batch worker {} died; starting a replacement", slot, death);
      }
      restarts.incrementAndGet();
      startWorker(slot);
    }
    restartObserver.run();
  }

  /** Returns normally only when closed and drained, or when interrupted. */
  private void loop() {
    while (true) {
      List<Pending> batch;
      try {
        batch = nextBatch();
      } catch (InterruptedException e) {
        return;
      }
      if (batch == null) {
        return;
      }
      run(batch);
    }
  }

  /** Blocks for the next batch; null when closed and drained. */
  private List<Pending> nextBatch() throws InterruptedException {
    lock.lock();
    try {
      dropAbandoned();
      while (queue.isEmpty()) {
        if (closed) {
          return null;
        }
        notEmpty.await();
        dropAbandoned();
      }
      List<Pending> batch = new ArrayList<>();
      dropAbandoned();
      if (queue.isEmpty()) {
        return List.of();
      }
      Pending head = queue.removeFirst();
      batch.add(head);
      int size = head.items().size();
      int limit = Math.max(1, Math.min(maxBatch, batchCap.getAsInt()));
      long deadline = head.enqueuedNanos() + maxWaitNanos;
      while (size < limit) {
        for (Iterator<Pending> it = queue.iterator(); it.hasNext() && size < limit; ) {
          Pending p = it.next();
          if (p.signals().equals(head.signals()) && size + p.items().size() <= limit) {
            it.remove();
            batch.add(p);
            size += p.items().size();
          }
        }
        long left = deadline - System.nanoTime();
        if (size >= limit || left <= 0 || closed) {
          break;
        }
        notEmpty.awaitNanos(left);
      }
      queuedItems -= size;
      inFlightItems.addAndGet(size);
      if (!queue.isEmpty()) {
        notEmpty.signal(); // another worker can start on what is left
      }
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Requests whose caller gave up (timed out, cancelled) or whose deadline has passed are not
   * computed: a model's time goes only to answers someone still waits for. Holds the lock.
   */
  private void dropAbandoned() {
    long now = System.nanoTime();
    for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.future().isDone()) {
        it.remove();
        queuedItems -= p.items().size();
        droppedAbandoned.addAndGet(p.items().size());
      } else if (p.expired(now)) {
        it.remove();
        queuedItems -= p.items().size();
        droppedExpired.addAndGet(p.items().size());
        p.future().completeExceptionally(new DeadlineExceededException(TimeUnit.NANOSECONDS.toMillis(now - p.enqueuedNanos())));
      }
    }
  }

  /**
   * Runs one batch and completes its requests. Never throws: a failure of the whole run (the graph
   * contains each node's failures per item, so this is e.g. an OutOfMemoryError) fails this
   * batch's requests with the reason, and the worker goes on.
   */
  private void run(List<Pending> batch) {
    if (batch.isEmpty()) {
      return;
    }
    for (List<Pending> lane : lanes(batch, splitChars)) {
      try {
        runBatch(lane); // answers each request of the lane, whatever happens
      } finally {
        inFlightItems.addAndGet(-lane.stream().mapToInt(p -> p.items().size()).sum());
      }
    }
  }

  /**
   * The graph runs of one batch: requests under {@code splitChars} chars of text and without an
   * image first, the rest after, each in arrival order; one run when {@code splitChars} is 0 or
   * one side is empty.
   *
   * <p>Why: every request of a graph run is answered when the whole run ends, so a short comment
   * that rides with a long one (or an image) waits for it. On the YouTube comments a 1,000-char
   * comment costs about ten times a 50-char one (BATCHING.md), and under single-item traffic the
   * slowest 1 % were mostly short texts whose batch held a long one. Running the long requests in a
   * second run answers the short ones first; the encoder puts different lengths in different ONNX
   * calls anyway, so the split costs one extra graph pass over small nodes, not model time.
   */
  static List<List<Pending>> lanes(List<Pending> batch, int splitChars) {
    if (splitChars <= 0 || batch.size() < 2) {
      return List.of(batch);
    }
    List<Pending> shortOnes = new ArrayList<>();
    List<Pending> longOnes = new ArrayList<>();
    for (Pending p : batch) {
      (isLong(p, splitChars) ? longOnes : shortOnes).add(p);
    }
    return shortOnes.isEmpty() || longOnes.isEmpty() ? List.of(batch) : List.of(shortOnes, longOnes);
  }

  private static boolean isLong(Pending p, int splitChars) {
    long chars = 0;
    for (ContentItem item : p.items()) {
      if (!(item.image() instanceof dev.prism.core.item.MediaRef.None)) {
        return true;
      }
      chars += item.title().length() + item.description().length();
    }
    return chars >= splitChars;
  }

  private void runBatch(List<Pending> batch) {
    int size = 0;
    try {
      List<ContentItem> items = new ArrayList<>();
      for (Pending p : batch) {
        items.addAll(p.items());
      }
      size = items.size();
      batchSizeObserver.accept(size);
      long t0 = System.nanoTime();
      List<ItemResult> results = graph.run(items, batch.get(0).signals());
      long t1 = System.nanoTime();
      batchObserver.batchDone(size, t1 - t0);
      int from = 0;
      for (Pending p : batch) {
        p.future().complete(new Answer(results.subList(from, from + p.items().size()), p.enqueuedNanos(), t0, t1, size));
        from += p.items().size();
      }
    } catch (Throwable e) {
      log.error("graph run failed for a batch of {} items", size, e);
      BatchFailedException failure = new BatchFailedException(e);
      batch.forEach(p -> p.future().completeExceptionally(failure));
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
    Thread[] now;
    synchronized (workers) {
      now = workers.clone();
    }
    for (Thread t : now) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
