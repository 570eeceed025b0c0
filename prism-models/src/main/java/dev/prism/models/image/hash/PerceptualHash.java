package dev.prism.models.image.hash;

import dev.prism.core.image.RgbImage;
import dev.prism.models.image.Luma;
import java.util.Arrays;

/**
 * 64-bit perceptual hashes of an image's luma and the Hamming-distance near-duplicate decision.
 * Both hashes follow Python {@code imagehash} 4.x ({@code phash}, {@code dhash}) in layout and bit
 * order, with {@link Luma#boxResample} as the one resampler; the design and the threshold's
 * measurement are in HASHING.md beside this file.
 *
 * <p>Bit order: bit 63 (the first hex digit's high bit) is the first cell in row-major order, as
 * {@code imagehash}'s hex strings have it.
 */
public final class PerceptualHash {
  /** pHash works on a {@value}x{@value} luma thumbnail. */
  public static final int PHASH_SIZE = 32;

  /** pHash keeps the {@value}x{@value} lowest DCT frequencies (DC included, as in imagehash). */
  public static final int PHASH_LOW = 8;

  /** dHash compares horizontal neighbours on a {@value #DHASH_WIDTH}x{@value #DHASH_HEIGHT} thumbnail. */
  public static final int DHASH_WIDTH = 9;

  public static final int DHASH_HEIGHT = 8;

  /**
   * Per-pair false-match rate the thresholds are set for: at 1e-6, a query against an index of a
   * million unrelated images (the scale issue 7 benchmarks) expects about one false candidate.
   */
  public static final double TARGET_FALSE_MATCH_RATE = 1e-6;

  /**
   * pHash Hamming distance at or below which two images are near-duplicates. From a normal fit to
   * the distances between edited Kodak copies and the 23 other originals (mean 31.30, sd 4.25,
   * 6,072 pairs; HASHING.md): mean - 4.753 sd = 11.1 (4.753 = the normal quantile of
   * {@link #TARGET_FALSE_MATCH_RATE}), and pHash distances are even (each hash has exactly 32 bits
   * set unless coefficients tie at the median), so 10.
   */
  public static final int PHASH_DUPLICATE_THRESHOLD = 10;

  /**
   * dHash Hamming distance at or below which two images are near-duplicates: the same rule on the
   * dHash distances (mean 31.74, sd 4.99): 31.74 - 4.753 x 4.99 = 8.0, so 8 (HASHING.md).
   */
  public static final int DHASH_DUPLICATE_THRESHOLD = 8;

  /** cos(pi (2n+1) k / 2N) for k < {@link #PHASH_LOW}, n < {@link #PHASH_SIZE}; StrictMath so every JVM gets the same bits. */
  private static final double[] COS = cosTable();

  private PerceptualHash() {}

  /**
   * DCT pHash: luma box-resampled to 32x32, the 2-D DCT-II (unnormalized, as
   * {@code scipy.fftpack.dct} twice), its top-left 8x8 block including the DC term, each bit set
   * when the coefficient is above the median of those 64 (mean of the 32nd and 33rd).
   */
  public static long phash(RgbImage image) {
    double[] t = Luma.boxResample(Luma.of(image), image.width(), image.height(), PHASH_SIZE, PHASH_SIZE);
    return phashOfThumbnail(t);
  }

  /** pHash of a ready 32x32 luma thumbnail (row major), for reference checks. */
  public static long phashOfThumbnail(double[] thumb) {
    if (thumb.length != PHASH_SIZE * PHASH_SIZE) {
      throw new IllegalArgumentException("pHash thumbnail needs " + PHASH_SIZE * PHASH_SIZE + " values, got " + thumb.length);
    }
    double[] low = dctLow(thumb);
    double[] sorted = low.clone();
    Arrays.sort(sorted);
    double median = (sorted[31] + sorted[32]) / 2;
    long bits = 0;
    for (int i = 0; i < 64; i++) {
      bits = (bits << 1) | (low[i] > median ? 1 : 0);
    }
    return bits;
  }

  /**
   * The 8x8 lowest-frequency coefficients of the unnormalized 2-D DCT-II of a 32x32 plane,
   * {@code D[u][v] = 4 sum_y sum_x p[y][x] cos(pi(2y+1)u/64) cos(pi(2x+1)v/64)} (scipy's
   * {@code dct(dct(p, axis=0), axis=1)}, type II, norm=None), row major in (u, v).
   */
  public static double[] dctLow(double[] p) {
    int n = PHASH_SIZE;
    // Columns first (along x): r[y][v] = 2 sum_x p[y][x] cos(v, x)
    double[] r = new double[n * PHASH_LOW];
    for (int y = 0; y < n; y++) {
      for (int v = 0; v < PHASH_LOW; v++) {
        double s = 0;
        for (int x = 0; x < n; x++) {
          s += p[y * n + x] * COS[v * n + x];
        }
        r[y * PHASH_LOW + v] = 2 * s;
      }
    }
    double[] d = new double[PHASH_LOW * PHASH_LOW];
    for (int u = 0; u < PHASH_LOW; u++) {
      for (int v = 0; v < PHASH_LOW; v++) {
        double s = 0;
        for (int y = 0; y < n; y++) {
          s += r[y * PHASH_LOW + v] * COS[u * n + y];
        }
        d[u * PHASH_LOW + v] = 2 * s;
      }
    }
    return d;
  }

  /**
   * dHash: luma box-resampled to 9x8; bit set where a pixel is brighter than its left neighbour
   * ({@code p[y][x+1] > p[y][x]}), 8 comparisons per row, rows top to bottom.
   */
  public static long dhash(RgbImage image) {
    return dhashOfThumbnail(Luma.boxResample(Luma.of(image), image.width(), image.height(), DHASH_WIDTH, DHASH_HEIGHT));
  }

  /** dHash of a ready 9x8 luma thumbnail (row major). */
  public static long dhashOfThumbnail(double[] t) {
    if (t.length != DHASH_WIDTH * DHASH_HEIGHT) {
      throw new IllegalArgumentException("dHash thumbnail needs " + DHASH_WIDTH * DHASH_HEIGHT + " values, got " + t.length);
    }
    long bits = 0;
    for (int y = 0; y < DHASH_HEIGHT; y++) {
      for (int x = 0; x < DHASH_WIDTH - 1; x++) {
        bits = (bits << 1) | (t[y * DHASH_WIDTH + x + 1] > t[y * DHASH_WIDTH + x] ? 1 : 0);
      }
    }
    return bits;
  }

  /** Both hashes of one image. */
  public record Hashes(long phash, long dhash) {}

  /** Both hashes from one luma plane (the node's path: luma is computed once). */
  public static Hashes both(RgbImage image) {
    int[] luma = Luma.of(image);
    return new Hashes(
        phashOfThumbnail(Luma.boxResample(luma, image.width(), image.height(), PHASH_SIZE, PHASH_SIZE)),
        dhashOfThumbnail(Luma.boxResample(luma, image.width(), image.height(), DHASH_WIDTH, DHASH_HEIGHT)));
  }

  /** 16 lower-case hex digits, zero padded. */
  public static String hex(long hash) {
    String s = Long.toHexString(hash);
    return "0".repeat(16 - s.length()) + s;
  }

  /** The hash a 16-digit hex string encodes. */
  public static long parse(String hex) {
    if (hex == null || hex.length() != 16) {
      throw new IllegalArgumentException("a 64-bit hash is 16 hex digits, got " + (hex == null ? "null" : "'" + hex + "'"));
    }
    try {
      return Long.parseUnsignedLong(hex, 16);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a hex hash: '" + hex + "'", e);
    }
  }

  /** Number of differing bits, 0..64. */
  public static int hamming(long a, long b) {
    return Long.bitCount(a ^ b);
  }

  /** Number of differing bits of two 16-digit hex hashes. */
  public static int hamming(String a, String b) {
    return hamming(parse(a), parse(b));
  }

  /** Whether two pHashes are near-duplicates: distance <= {@link #PHASH_DUPLICATE_THRESHOLD}. */
  public static boolean phashNearDuplicate(long a, long b) {
    return hamming(a, b) <= PHASH_DUPLICATE_THRESHOLD;
  }

  /** Whether two dHashes are near-duplicates: distance <= {@link #DHASH_DUPLICATE_THRESHOLD}. */
  public static boolean dhashNearDuplicate(long a, long b) {
    return hamming(a, b) <= DHASH_DUPLICATE_THRESHOLD;
  }

  private static double[] cosTable() {
    double[] c = new double[PHASH_LOW * PHASH_SIZE];
    for (int k = 0; k < PHASH_LOW; k++) {
      for (int i = 0; i < PHASH_SIZE; i++) {
        c[k * PHASH_SIZE + i] = StrictMath.cos(StrictMath.PI * (2 * i + 1) * k / (2.0 * PHASH_SIZE));
      }
    }
    return c;
  }
}
