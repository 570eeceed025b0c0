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
 */
public final class MicroBatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MicroBatcher.class);

  /** Thrown when accepting a request would exceed the queue capacity. */
  public static final class OverloadedException extends RuntimeException {
    OverloadedException(String message) {
      super(message);
    }
  }

  private record Pending(List<ContentItem> items, Set<SignalSpec> signals, long enqueuedNanos,
      CompletableFuture<List<ItemResult>> future) {}

  private final SignalGraph graph;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final int capacity;
  private final IntConsumer batchSizeObserver;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final LinkedList<Pending> queue = new LinkedList<>();
  private int queuedItems;
  private volatile boolean closed;
  private final List<Thread> workers = new ArrayList<>();

  public MicroBatcher(SignalGraph graph, int maxBatch, long maxWaitMicros, int capacity, int workerCount,
      IntConsumer batchSizeObserver) {
    this.graph = graph;
    this.maxBatch = maxBatch;
    this.maxWaitNanos = TimeUnit.MICROSECONDS.toNanos(maxWaitMicros);
    this.capacity = capacity;
    this.batchSizeObserver = batchSizeObserver;
    for (int i = 0; i < workerCount; i++) {
      Thread t = Thread.ofPlatform().name("prism-batcher-" + i).daemon().start(this::work);
      workers.add(t);
    }
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

  public CompletableFuture<List<ItemResult>> submit(List<ContentItem> items, Set<SignalSpec> signals) {
    CompletableFuture<List<ItemResult>> f = new CompletableFuture<>();
    lock.lock();
    try {
      if (closed) {
        throw new OverloadedException("server is shutting down");
      }
      if (queuedItems + items.size() > capacity) {
        throw new OverloadedException("queue full: " + queuedItems + " items waiting, capacity " + capacity);
      }
      queue.add(new Pending(List.copyOf(items), Set.copyOf(signals), System.nanoTime(), f));
      queuedItems += items.size();
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
    return f;
  }

  private void work() {
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
      Pending head = queue.removeFirst();
      batch.add(head);
      int size = head.items().size();
      long deadline = head.enqueuedNanos() + maxWaitNanos;
      while (size < maxBatch) {
        for (Iterator<Pending> it = queue.iterator(); it.hasNext() && size < maxBatch; ) {
          Pending p = it.next();
          if (p.signals().equals(head.signals()) && size + p.items().size() <= maxBatch) {
            it.remove();
            batch.add(p);
            size += p.items().size();
          }
        }
        long left = deadline - System.nanoTime();
        if (size >= maxBatch || left <= 0 || closed) {
          break;
        }
        notEmpty.awaitNanos(left);
      }
      queuedItems -= size;
      if (!queue.isEmpty()) {
        notEmpty.signal(); // another worker can start on what is left
      }
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /** Requests whose caller gave up (timed out, cancelled) are not computed. Holds the lock. */
  private void dropAbandoned() {
    for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.future().isDone()) {
        it.remove();
        queuedItems -= p.items().size();
      }
    }
  }

  private void run(List<Pending> batch) {
    List<ContentItem> items = new ArrayList<>();
    for (Pending p : batch) {
      items.addAll(p.items());
    }
    batchSizeObserver.accept(items.size());
    try {
      List<ItemResult> results = graph.run(items, batch.get(0).signals());
      int from = 0;
      for (Pending p : batch) {
        p.future().complete(List.copyOf(results.subList(from, from + p.items().size())));
        from += p.items().size();
      }
    } catch (RuntimeException e) {
      log.error("graph run failed for a batch of {} items", items.size(), e);
      batch.forEach(p -> p.future().completeExceptionally(e));
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
    for (Thread t : workers) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
