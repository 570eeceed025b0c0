package dev.prism.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Per-client token buckets: each client (an API token's id, or the client address) may make
 * {@code burst} requests at once and {@code ratePerSecond} on average; a request finding its
 * bucket empty is refused with 429 and the seconds until the next token ({@code Retry-After}).
 *
 * <p>Buckets are refilled lazily (tokens = min(burst, tokens + elapsed x rate)) so an idle client
 * costs nothing but its map entry. The map is bounded: past {@link #MAX_CLIENTS} entries, buckets
 * that are full again (clients idle for at least burst / rate seconds, indistinguishable from new
 * ones) are dropped, at most once a second; until room is made, new clients share one overflow
 * bucket, so a flood of distinct addresses can grow neither memory nor CPU without bound.
 */
final class RateLimiter {
  /** Most clients tracked at once (a few MB of buckets). */
  static final int MAX_CLIENTS = 100_000;
  private static final String OVERFLOW = "\u0000overflow";

  private final double ratePerNano;
  private final double burst;
  private final LongSupplier clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private static final long EVICT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private final java.util.concurrent.atomic.AtomicLong lastEviction;

  /** {@code clock} gives nanoseconds ({@link System#nanoTime} in the server; a test may pass its own). */
  RateLimiter(double ratePerSecond, int burst, LongSupplier clock) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("rate must be > 0 requests per second, got " + ratePerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be >= 1, got " + burst);
    }
    this.ratePerNano = ratePerSecond / TimeUnit.SECONDS.toNanos(1);
    this.burst = burst;
    this.clock = clock;
    this.lastEviction = new java.util.concurrent.atomic.AtomicLong(clock.getAsLong() - EVICT_EVERY_NANOS);
  }

  /** Takes one token for {@code client}: 0 when allowed, else the nanoseconds until one is available. */
  long acquire(String client) {
    long now = clock.getAsLong();
    Bucket b = buckets.get(client);
    if (b == null) {
      if (buckets.size() >= MAX_CLIENTS) {
        evictFull(now);
      }
      b = buckets.size() >= MAX_CLIENTS ? buckets.computeIfAbsent(OVERFLOW, k -> new Bucket(burst, now))
          : buckets.computeIfAbsent(client, k -> new Bucket(burst, now));
    }
    return b.take(now);
  }

  int clients() {
    return buckets.size();
  }

  /** At most one sweep per second: at capacity a flood of new clients must not cost a scan each. */
  private void evictFull(long now) {
    long last = lastEviction.get();
    if (now - last < EVICT_EVERY_NANOS || !lastEviction.compareAndSet(last, now)) {
      return;
    }
    buckets.entrySet().removeIf(e -> e.getValue().fullAt(now));
  }

  private final class Bucket {
    private double tokens;
    private long last;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }

    synchronized long take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / ratePerNano);
    }

    synchronized boolean fullAt(long now) {
      refill(now);
      return tokens >= burst;
    }

    private void refill(long now) {
      if (now > last) {
        tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
        last = now;
      }
    }
  }
}
