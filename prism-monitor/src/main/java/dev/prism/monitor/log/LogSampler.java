package dev.prism.monitor.log;

import java.nio.charset.StandardCharsets;

/**
 * Which items are logged: a deterministic hash of the item id against the sample rate, so a sampled
 * item is logged for every signal it was served (its values can be joined across signals) and on
 * every replica, and a resent item is sampled again. FNV-1a 64 over the id's UTF-8 bytes, mixed by
 * the SplitMix64 finalizer so that ids differing in one trailing character spread over [0, 1).
 */
public final class LogSampler {
  private final double rate;

  public LogSampler(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("sample rate must be in [0, 1], got " + rate);
    }
    this.rate = rate;
  }

  public double rate() {
    return rate;
  }

  public boolean sampled(String itemId) {
    if (rate >= 1) {
      return true;
    }
    if (rate <= 0) {
      return false;
    }
    return unit(itemId) < rate;
  }

  /** The id's position in [0, 1). */
  public static double unit(String itemId) {
    long h = 0xcbf29ce484222325L;
    for (byte b : itemId.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    h ^= h >>> 31;
    return (h >>> 11) * 0x1.0p-53;
  }
}
