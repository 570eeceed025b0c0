package dev.prism.spark.neardup;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * The band keys of one seeded LSH scheme; serializable, so Spark ships it to executors once.
 * A key packs the band number above the band's {@code r} bits into one {@code long}
 * ({@code band << 40 | bits}), so a bucket is one long column to shuffle and join on.
 */
public abstract sealed class BandKeys implements Serializable {
  private static final long serialVersionUID = 1L;

  final int bands;
  final int rows;

  BandKeys(int bands, int rows) {
    this.bands = bands;
    this.rows = rows;
  }

  public int bands() {
    return bands;
  }

  static long pack(int band, long bits) {
    return ((long) band << LshPlan.MAX_ROWS) | bits;
  }

  /** The band a packed key belongs to. */
  public static int band(long key) {
    return (int) (key >>> LshPlan.MAX_ROWS);
  }

  /** Bit sampling: band i reads r distinct bit positions, drawn for each band independently from the seed. */
  public static final class BitSampling extends BandKeys {
    private static final long serialVersionUID = 1L;
    private final int[][] positions;

    public BitSampling(int bands, int rows, long seed) {
      super(bands, rows);
      SplittableRandom random = new SplittableRandom(seed);
      positions = new int[bands][];
      for (int b = 0; b < bands; b++) {
        int[] all = new int[64];
        for (int i = 0; i < 64; i++) {
          all[i] = i;
        }
        for (int i = 0; i < rows; i++) { // partial Fisher-Yates: the first r of a random permutation
          int j = i + random.nextInt(64 - i);
          int t = all[i];
          all[i] = all[j];
          all[j] = t;
        }
        positions[b] = java.util.Arrays.copyOf(all, rows);
      }
    }

    public long key(long hash, int band) {
      long bits = 0;
      for (int pos : positions[band]) {
        bits = (bits << 1) | ((hash >>> pos) & 1L);
      }
      return pack(band, bits);
    }

    int[] positions(int band) {
      return positions[band].clone();
    }
  }

  /** Random hyperplanes: b × r Gaussian normals (seeded); a bit is the sign of the dot product. */
  public static final class Hyperplanes extends BandKeys {
    private static final long serialVersionUID = 1L;
    private final float[][] normals;
    private final int dim;

    public Hyperplanes(int bands, int rows, int dim, long seed) {
      super(bands, rows);
      this.dim = dim;
      SplittableRandom random = new SplittableRandom(seed);
      normals = new float[bands * rows][dim];
      for (float[] n : normals) {
        for (int i = 0; i < dim; i++) {
          n[i] = (float) gaussian(random);
        }
      }
    }

    public int dim() {
      return dim;
    }

    /** All b keys of {@code v} (one pass over the b × r normals). */
    public long[] keys(float[] v) {
      long[] out = new long[bands];
      for (int b = 0; b < bands; b++) {
        long bits = 0;
        for (int r = 0; r < rows; r++) {
          float[] n = normals[b * rows + r];
          double dot = 0;
          for (int i = 0; i < dim; i++) {
            dot += n[i] * v[i];
          }
          bits = (bits << 1) | (dot >= 0 ? 1L : 0L);
        }
        out[b] = pack(b, bits);
      }
      return out;
    }

    /** Box-Muller from the seeded stream (SplittableRandom has no nextGaussian of its own before JDK 17's default). */
    private static double gaussian(SplittableRandom r) {
      double u1 = r.nextDouble();
      double u2 = r.nextDouble();
      return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
  }
}
