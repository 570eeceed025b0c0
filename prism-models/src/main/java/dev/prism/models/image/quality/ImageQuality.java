package dev.prism.models.image.quality;

import dev.prism.core.image.DecodedImage;
import dev.prism.core.image.RgbImage;
import dev.prism.models.image.Luma;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code image_quality@1} measures of one image. Every formula, range and reference is in
 * QUALITY.md beside this file; the names and their order are the contract's.
 *
 * @param width full-resolution width in pixels (after orientation)
 * @param height full-resolution height in pixels
 * @param aspectRatio width / height
 * @param sharpness variance of the 4-neighbour Laplacian of the luma (0..255 scale) at the
 *     normalized size (longest side {@value #SHARPNESS_LONG_SIDE}, never upscaled)
 * @param meanLuma mean BT.601 luma, in [0, 1]
 * @param clippedHighlights fraction of pixels with luma >= {@value #HIGHLIGHT_LUMA}, in [0, 1]
 * @param clippedShadows fraction of pixels with luma <= {@value #SHADOW_LUMA}, in [0, 1]
 * @param contrast RMS contrast: standard deviation of luma in [0, 1] units, in [0, 0.5]
 * @param colorfulness Hasler and Süsstrunk (2003) M on 0..255 RGB, >= 0
 * @param blockiness mean luma step across 8-pixel block boundaries over the mean step inside
 *     blocks, in [0, {@value #BLOCKINESS_CAP}]; 1 = no blocking; {@value #BLOCKINESS_NOT_MEASURED}
 *     when the pixels are subsampled (the JPEG grid is lost)
 * @param bitsPerPixel encoded size in bits over the full-resolution pixel count
 */
public record ImageQuality(
    double width, double height, double aspectRatio, double sharpness, double meanLuma, double clippedHighlights,
    double clippedShadows, double contrast, double colorfulness, double blockiness, double bitsPerPixel) {

  /** Feature names in contract order. */
  public static final List<String> NAMES = List.of("width", "height", "aspect_ratio", "sharpness", "mean_luma",
      "clipped_highlights", "clipped_shadows", "contrast", "colorfulness", "blockiness", "bits_per_pixel");

  /**
   * Longest side of the luma plane the Laplacian is measured on. Downscaling (box) to a fixed size
   * makes sharpness comparable across resolutions: a 4000-px photo and its 800-px thumbnail score
   * alike. 512 keeps fine detail while bounding the cost per image.
   */
  public static final int SHARPNESS_LONG_SIDE = 512;

  /** Luma at or above which a pixel counts as a clipped highlight (on 0..255; ~2 % below white, so JPEG ringing near 255 still counts). */
  public static final int HIGHLIGHT_LUMA = 250;

  /** Luma at or below which a pixel counts as a clipped shadow (on 0..255). */
  public static final int SHADOW_LUMA = 5;

  /** JPEG's DCT block size: the grid blockiness is measured on (a power of two: the code masks with it). */
  public static final int BLOCK = 8;

  /** Upper bound of blockiness, reported for flat blocks with steps only at their edges. */
  public static final double BLOCKINESS_CAP = 100.0;

  /** Blockiness reported when the pixels are a subsample of the original (subsampling > 1). */
  public static final double BLOCKINESS_NOT_MEASURED = 1.0;

  /** These measures as the contract's ordered features. */
  public Map<String, Double> toFeatures() {
    double[] v = {width, height, aspectRatio, sharpness, meanLuma, clippedHighlights, clippedShadows, contrast,
        colorfulness, blockiness, bitsPerPixel};
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < v.length; i++) {
      m.put(NAMES.get(i), v[i]);
    }
    return m;
  }

  /** All measures of {@code image}. */
  public static ImageQuality of(DecodedImage image) {
    RgbImage px = image.pixels();
    int w = px.width();
    int h = px.height();
    int[] luma = Luma.of(px);
    long n = (long) w * h;

    long sum = 0;
    long sumSq = 0;
    long high = 0;
    long low = 0;
    for (int y : luma) {
      sum += y;
      sumSq += (long) y * y;
      if (y >= HIGHLIGHT_LUMA) {
        high++;
      }
      if (y <= SHADOW_LUMA) {
        low++;
      }
    }
    double mean = (double) sum / n;
    double variance = Math.max(0.0, (double) sumSq / n - mean * mean); // exact integer sums: no cancellation issue at 8 bits
    double blockiness = image.subsampling() > 1 ? BLOCKINESS_NOT_MEASURED : blockiness(luma, w, h);
    return new ImageQuality(
        image.width(),
        image.height(),
        (double) image.width() / image.height(),
        sharpness(luma, w, h),
        mean / 255.0,
        (double) high / n,
        (double) low / n,
        Math.sqrt(variance) / 255.0,
        colorfulness(px),
        blockiness,
        image.encodedBytes() * 8.0 / ((double) image.width() * image.height()));
  }

  /**
   * Variance of the Laplacian {@code L(x,y) = Y(x-1,y) + Y(x+1,y) + Y(x,y-1) + Y(x,y+1) - 4 Y(x,y)}
   * over the interior pixels of the luma plane box-resampled so that its longest side is at most
   * {@value #SHARPNESS_LONG_SIDE}. 0 for planes thinner than 3 pixels.
   */
  public static double sharpness(int[] luma, int width, int height) {
    int longSide = Math.max(width, height);
    double[] plane;
    int w = width;
    int h = height;
    if (longSide > SHARPNESS_LONG_SIDE) {
      // Round to nearest, at least 1: the aspect ratio is kept to within half a pixel.
      w = Math.max(1, (int) Math.round((double) width * SHARPNESS_LONG_SIDE / longSide));
      h = Math.max(1, (int) Math.round((double) height * SHARPNESS_LONG_SIDE / longSide));
      plane = Luma.boxResample(luma, width, height, w, h);
    } else {
      plane = new double[luma.length];
      for (int i = 0; i < luma.length; i++) {
        plane[i] = luma[i];
      }
    }
    return laplacianVariance(plane, w, h);
  }

  /** Population variance of the 4-neighbour Laplacian over the interior ({@code 1..w-2 x 1..h-2}). */
  public static double laplacianVariance(double[] plane, int w, int h) {
    if (w < 3 || h < 3) {
      return 0.0;
    }
    double sum = 0;
    double sumSq = 0;
    for (int y = 1; y < h - 1; y++) {
      int row = y * w;
      for (int x = 1; x < w - 1; x++) {
        int i = row + x;
        double l = plane[i - 1] + plane[i + 1] + plane[i - w] + plane[i + w] - 4 * plane[i];
        sum += l;
        sumSq += l * l;
      }
    }
    double count = (double) (w - 2) * (h - 2);
    double mean = sum / count;
    return Math.max(0.0, sumSq / count - mean * mean);
  }

  /**
   * Hasler and Süsstrunk (2003): with {@code rg = R - G} and {@code yb = (R + G)/2 - B} per pixel,
   * {@code M = sqrt(var(rg) + var(yb)) + 0.3 sqrt(mean(rg)^2 + mean(yb)^2)} (population moments).
   * Computed in exact integer sums ({@code 2 yb} keeps it integral).
   */
  public static double colorfulness(RgbImage image) {
    byte[] rgb = image.rgb();
    long n = image.pixels();
    long sRg = 0;
    long sRg2 = 0;
    long sYb2x = 0; // sums of 2*yb = R + G - 2B
    long sYb2x2 = 0;
    for (int j = 0; j < rgb.length; j += 3) {
      int r = rgb[j] & 0xFF;
      int g = rgb[j + 1] & 0xFF;
      int b = rgb[j + 2] & 0xFF;
      int rg = r - g;
      int yb2 = r + g - 2 * b;
      sRg += rg;
      sRg2 += (long) rg * rg;
      sYb2x += yb2;
      sYb2x2 += (long) yb2 * yb2;
    }
    double mRg = (double) sRg / n;
    double mYb = (double) sYb2x / (2.0 * n);
    double vRg = Math.max(0.0, (double) sRg2 / n - mRg * mRg);
    double vYb = Math.max(0.0, (double) sYb2x2 / (4.0 * n) - mYb * mYb);
    return Math.sqrt(vRg + vYb) + 0.3 * Math.sqrt(mRg * mRg + mYb * mYb);
  }

  /**
   * JPEG blockiness on the pixel grid (blocks aligned with the top-left corner, as JPEG's are):
   * {@code B / I}, where B is the mean absolute luma step between neighbours that sit on either
   * side of a block boundary (columns {@code 8k-1 | 8k}, rows likewise) and I the mean absolute
   * step between neighbours inside a block, horizontal and vertical steps pooled. 1 when both are
   * 0 (a flat image); {@value #BLOCKINESS_CAP} at most (I = 0 with B > 0: flat blocks).
   * {@value #BLOCKINESS_NOT_MEASURED} for images under 2 blocks in both directions (no boundary).
   */
  public static double blockiness(int[] luma, int w, int h) {
    if (w <= BLOCK && h <= BLOCK) {
      return BLOCKINESS_NOT_MEASURED;
    }
    long boundarySum = 0;
    long boundaryCount = 0;
    long insideSum = 0;
    long insideCount = 0;
    for (int y = 0; y < h; y++) {
      int row = y * w;
      // Horizontal steps x -> x+1; the step is on a boundary when x+1 is a multiple of 8.
      for (int x = 0; x + 1 < w; x++) {
        int d = Math.abs(luma[row + x + 1] - luma[row + x]);
        if ((x & (BLOCK - 1)) == BLOCK - 1) {
          boundarySum += d;
          boundaryCount++;
        } else {
          insideSum += d;
          insideCount++;
        }
      }
      // Vertical steps y -> y+1, all on a boundary or all inside.
      if (y + 1 < h) {
        long s = 0;
        for (int x = 0; x < w; x++) {
          s += Math.abs(luma[row + w + x] - luma[row + x]);
        }
        if ((y & (BLOCK - 1)) == BLOCK - 1) {
          boundarySum += s;
          boundaryCount += w;
        } else {
          insideSum += s;
          insideCount += w;
        }
      }
    }
    if (boundaryCount == 0 || insideCount == 0) {
      return BLOCKINESS_NOT_MEASURED;
    }
    double b = (double) boundarySum / boundaryCount;
    double in = (double) insideSum / insideCount;
    if (in == 0) {
      return b == 0 ? 1.0 : BLOCKINESS_CAP;
    }
    return Math.min(BLOCKINESS_CAP, b / in);
  }
}
