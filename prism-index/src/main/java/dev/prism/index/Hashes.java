package dev.prism.index;

import java.util.Locale;

/** 64-bit hashes as 16 hex digits, their Hamming distance and their ±1 byte-vector encoding. */
public final class Hashes {
  /** Bits in a hash; also the dimension of its byte-vector encoding. */
  public static final int BITS = 64;

  private Hashes() {}

  /** Parses exactly 16 hex digits (either case) into the 64 bits they spell, first digit highest. */
  public static long parse(String hex) {
    if (hex == null || hex.length() != 16) {
      throw new IllegalArgumentException("a 64-bit hash must be 16 hex digits, got "
          + (hex == null ? "null" : hex.length() + " characters: '" + hex + "'"));
    }
    long v = 0;
    for (int i = 0; i < 16; i++) {
      int d = Character.digit(hex.charAt(i), 16);
      if (d < 0) {
        throw new IllegalArgumentException("a 64-bit hash must be 16 hex digits, got '" + hex
            + "' (not hex at position " + i + ")");
      }
      v = (v << 4) | d;
    }
    return v;
  }

  public static String hex(long bits) {
    return String.format(Locale.ROOT, "%016x", bits);
  }

  public static int hamming(long a, long b) {
    return Long.bitCount(a ^ b);
  }

  /**
   * Bit {@code i} (from the highest) becomes {@code +1} when set and {@code -1} when clear. Two
   * encodings differ by ±2 exactly where the bits differ, so their squared Euclidean distance is
   * {@code 4 × Hamming} — exact in integers, which Lucene's byte-vector Euclidean computes.
   */
  public static byte[] toSignVector(long bits) {
    byte[] v = new byte[BITS];
    for (int i = 0; i < BITS; i++) {
      v[i] = ((bits >>> (BITS - 1 - i)) & 1L) != 0 ? (byte) 1 : (byte) -1;
    }
    return v;
  }

  public static long fromSignVector(byte[] v) {
    if (v.length != BITS) {
      throw new IllegalArgumentException("a hash sign vector has " + BITS + " entries, got " + v.length);
    }
    long bits = 0;
    for (byte b : v) {
      bits = (bits << 1) | (b > 0 ? 1L : 0L);
    }
    return bits;
  }
}
