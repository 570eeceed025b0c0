package dev.prism.models.text;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Charikar's SimHash (STOC 2002) of a text, 64 bits: a lexical near-duplicate key whose Hamming
 * distance tracks how many character shingles two texts share. Definition (SIMHASH.md):
 *
 * <ol>
 *   <li>normalise: Unicode NFKC, lower case ({@link Locale#ROOT}), every maximal run of code points
 *       that are neither letters nor digits replaced by one space, leading/trailing space removed;</li>
 *   <li>features: every run of {@value #SHINGLE} consecutive code points of the normalised text, each
 *       occurrence counted (a text shorter than that is one feature; the empty text has none);</li>
 *   <li>feature hash: 64-bit FNV-1a over the shingle's UTF-8 bytes, then MurmurHash3's {@code fmix64}
 *       finaliser (FNV-1a alone leaves its high bits poorly mixed for 4-byte inputs);</li>
 *   <li>bit j of the result is 1 when more features have bit j set than clear (a tie is 0).</li>
 * </ol>
 *
 * Bit 63 of the {@code long} is the first hex digit's most significant bit, as for
 * {@code image_phash@1}. The empty text (no features) hashes to 0.
 */
public final class TextSimHash {
  /** Code points per shingle. */
  public static final int SHINGLE = 3;

  static final long FNV_OFFSET = 0xcbf29ce484222325L;
  static final long FNV_PRIME = 0x100000001b3L;

  private TextSimHash() {}

  /** The normalised text the shingles are taken from (step 1). */
  public static String normalize(String text) {
    String n = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder(n.length());
    boolean pendingSpace = false;
    for (int i = 0; i < n.length(); ) {
      int cp = n.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetterOrDigit(cp)) {
        if (pendingSpace && !sb.isEmpty()) {
          sb.append(' ');
        }
        pendingSpace = false;
        sb.appendCodePoint(cp);
      } else {
        pendingSpace = true;
      }
    }
    return sb.toString();
  }

  /** The 64-bit SimHash of {@code text} (steps 1–4). */
  public static long of(String text) {
    String n = normalize(text);
    int[] cps = n.codePoints().toArray();
    int[] votes = new int[64];
    if (cps.length == 0) {
      return 0L;
    }
    int shingles = Math.max(1, cps.length - SHINGLE + 1);
    for (int s = 0; s < shingles; s++) {
      long h = featureHash(cps, s, Math.min(SHINGLE, cps.length - s));
      for (int j = 0; j < 64; j++) {
        votes[j] += ((h >>> j) & 1L) != 0 ? 1 : -1;
      }
    }
    long out = 0L;
    for (int j = 0; j < 64; j++) {
      if (votes[j] > 0) {
        out |= 1L << j;
      }
    }
    return out;
  }

  /** Step 3 for {@code len} code points of {@code cps} from {@code from}. */
  static long featureHash(int[] cps, int from, int len) {
    byte[] utf8 = new String(cps, from, len).getBytes(StandardCharsets.UTF_8);
    long h = FNV_OFFSET;
    for (byte b : utf8) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    return fmix64(h);
  }

  /** MurmurHash3's 64-bit finaliser: every input bit flips each output bit with probability about 1/2. */
  static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  /** 16 lower-case hex digits, the signal's value format. */
  public static String hex(long hash) {
    String s = Long.toHexString(hash);
    return "0".repeat(16 - s.length()) + s;
  }

  /** Parses {@link #hex}; refuses anything but 1–16 hex digits. */
  public static long parseHex(String hex) {
    if (hex == null || hex.isEmpty() || hex.length() > 16) {
      throw new IllegalArgumentException("not a 64-bit hex hash: " + hex);
    }
    return Long.parseUnsignedLong(hex, 16);
  }

  /** Number of differing bits, 0..64. */
  public static int hamming(long a, long b) {
    return Long.bitCount(a ^ b);
  }
}
