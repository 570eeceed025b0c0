package dev.prism.models.image;

import dev.prism.core.image.RgbImage;

/**
 * The luma plane every image signal reads, and the one resampler they use. Both are exact integer
 * arithmetic (the resampler divides once, at the end, in IEEE double), so a hash or a quality
 * measure is bit for bit the same on every JVM and CPU.
 */
public final class Luma {
  /** Fixed-point BT.601 weights scaled by 2^16 (0.299, 0.587, 0.114), the ones PIL's {@code convert('L')} uses. */
  static final int WEIGHT_R = 19595;
  static final int WEIGHT_G = 38470;
  static final int WEIGHT_B = 7471;

  private Luma() {}

  /**
   * ITU-R BT.601 luma {@code Y = (19595 R + 38470 G + 7471 B + 2^15) >> 16}, 0..255 per pixel, row
   * major. This is PIL's {@code Image.convert('L')} to the bit, so hashes can be compared with
   * Python's {@code imagehash} given the same resampling.
   */
  public static int[] of(RgbImage image) {
    byte[] rgb = image.rgb();
    int n = image.width() * image.height();
    int[] y = new int[n];
    for (int i = 0, j = 0; i < n; i++, j += 3) {
      y[i] = (WEIGHT_R * (rgb[j] & 0xFF) + WEIGHT_G * (rgb[j + 1] & 0xFF) + WEIGHT_B * (rgb[j + 2] & 0xFF) + 0x8000) >>> 16;
    }
    return y;
  }

  /**
   * Area-averaging (box) resample of a {@code width x height} plane of 0..255 values to
   * {@code outWidth x outHeight}: each output pixel is the mean of the source area it covers, source
   * pixels weighted by their exact overlap. Works for up- and down-scaling (upscaling replicates).
   *
   * <p>Overlaps are integers in units of {@code 1/outWidth} (resp. {@code 1/outHeight}) of a source
   * pixel: source column {@code i} spans {@code [i*outWidth, (i+1)*outWidth)} and output column
   * {@code x} spans {@code [x*width, (x+1)*width)} on that common grid. Sums are exact in a
   * {@code long}; the single division at the end makes the result deterministic across JVMs.
   *
   * @return {@code outWidth * outHeight} values in [0, 255], row major
   */
  public static double[] boxResample(int[] plane, int width, int height, int outWidth, int outHeight) {
    if (width < 1 || height < 1 || outWidth < 1 || outHeight < 1) {
      throw new IllegalArgumentException("box resample needs positive sizes, got " + width + "x" + height
          + " -> " + outWidth + "x" + outHeight);
    }
    if (plane.length != width * height) {
      throw new IllegalArgumentException("plane of " + width + "x" + height + " needs " + width * height
          + " values, got " + plane.length);
    }
    // Per output column: the first source column it touches and its overlap with each. Per source
    // row: the output rows it overlaps (the same grid read the other way), so each source row's
    // horizontal pass runs once however many output rows share it.
    int[] xStart = new int[outWidth];
    int[][] xWeights = overlaps(width, outWidth, xStart);
    int[] rowTargets = new int[height];
    int[][] rowWeights = overlaps(outHeight, height, rowTargets);
    long[] rowSums = new long[outWidth];
    long[] acc = new long[outWidth * outHeight];
    for (int sy = 0; sy < height; sy++) {
      horizontal(plane, sy * width, xStart, xWeights, rowSums);
      int[] wy = rowWeights[sy];
      for (int k = 0; k < wy.length; k++) {
        long w = wy[k];
        int base = (rowTargets[sy] + k) * outWidth;
        for (int ox = 0; ox < outWidth; ox++) {
          acc[base + ox] += rowSums[ox] * w;
        }
      }
    }
    double area = (double) width * height; // total weight of an output pixel: width * height overlap units
    double[] out = new double[acc.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = acc[i] / area;
    }
    return out;
  }

  private static void horizontal(int[] plane, int rowOffset, int[] xStart, int[][] xWeights, long[] out) {
    for (int ox = 0; ox < out.length; ox++) {
      int[] wx = xWeights[ox];
      int s = rowOffset + xStart[ox];
      long sum = 0;
      for (int k = 0; k < wx.length; k++) {
        sum += (long) plane[s + k] * wx[k];
      }
      out[ox] = sum;
    }
  }

  /**
   * Overlap of output cell {@code o} ({@code [o*n, (o+1)*n)}) with source cell {@code i}
   * ({@code [i*m, (i+1)*m)}), for {@code n} source and {@code m} output cells; the weights of one
   * output cell sum to {@code n}.
   */
  private static int[][] overlaps(int n, int m, int[] start) {
    int[][] w = new int[m][];
    for (int o = 0; o < m; o++) {
      long lo = (long) o * n;
      long hi = lo + n;
      int first = (int) (lo / m);
      int last = (int) ((hi - 1) / m);
      start[o] = first;
      w[o] = new int[last - first + 1];
      for (int i = first; i <= last; i++) {
        long a = Math.max(lo, (long) i * m);
        long b = Math.min(hi, (long) (i + 1) * m);
        w[o][i - first] = (int) (b - a);
      }
    }
    return w;
  }
}
