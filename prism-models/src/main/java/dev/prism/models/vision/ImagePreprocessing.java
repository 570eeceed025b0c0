package dev.prism.models.vision;

import dev.prism.core.image.RgbImage;
import java.util.Locale;

/**
 * Turns an {@link RgbImage} into a model's input tensor, one item at a time into a batch buffer:
 * scale ({@code value / divisor}), resize to the input size, normalise ({@code (x - mean) / std}
 * per channel), lay out as NCHW or NHWC. The order (scale, then resize) is that of nsfwjs's
 * {@code infer()}; the bilinear kernels reproduce tfjs-core's CPU {@code resizeBilinear} bit for
 * bit (double arithmetic on float32 samples, float32 results), so the nsfwjs pipeline matches its
 * reference without resampling differences.
 *
 * @param height input height
 * @param width input width
 * @param resize how the image is brought to {@code height x width}
 * @param divisor pixel values 0..255 are divided by this first (255 for [0, 1] input)
 * @param mean per-channel (R, G, B) mean subtracted after resizing
 * @param std per-channel (R, G, B) standard deviation divided by after subtracting the mean
 * @param layout NCHW (planar) or NHWC (interleaved)
 */
public record ImagePreprocessing(int height, int width, Resize resize, double divisor, float[] mean, float[] std, Layout layout) {

  /** How an image is resized to the model's input size (aspect ratio is not kept, as nsfwjs does). */
  public enum Resize {
    /** tfjs {@code resizeBilinear(img, size, alignCorners=true)}: corner pixels map to corner pixels (nsfwjs). */
    BILINEAR_ALIGN_CORNERS,
    /** tfjs {@code resizeBilinear(img, size, false, halfPixelCenters=true)}: pixel centres, as PyTorch's {@code align_corners=False} without antialiasing. */
    BILINEAR_HALF_PIXEL,
    /** tfjs {@code resizeBilinear(img, size)} (legacy TF1 behaviour: neither corners nor centres aligned). */
    BILINEAR;

    public static Resize parse(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "bilinear_align_corners" -> BILINEAR_ALIGN_CORNERS;
        case "bilinear_half_pixel" -> BILINEAR_HALF_PIXEL;
        case "bilinear" -> BILINEAR;
        default -> throw new IllegalArgumentException(
            "resize must be bilinear_align_corners, bilinear_half_pixel or bilinear, got '" + s + "'");
      };
    }
  }

  /** Tensor layout of one image in the batch. */
  public enum Layout {
    NCHW,
    NHWC;

    public static Layout parse(String s) {
      return switch (s.toUpperCase(Locale.ROOT)) {
        case "NCHW" -> NCHW;
        case "NHWC" -> NHWC;
        default -> throw new IllegalArgumentException("layout must be NCHW or NHWC, got '" + s + "'");
      };
    }
  }

  /** nsfwjs 4.x {@code infer()}: RGB / 255, bilinear resize to 224x224 with aligned corners; NCHW for the converted model. */
  public static final ImagePreprocessing NSFWJS = new ImagePreprocessing(224, 224, Resize.BILINEAR_ALIGN_CORNERS, 255.0,
      new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f}, Layout.NCHW);

  public ImagePreprocessing {
    if (height < 1 || width < 1 || height > 8192 || width > 8192) {
      throw new IllegalArgumentException("input size must be between 1 and 8192 on each side, got " + width + "x" + height);
    }
    if (!(divisor > 0) || Double.isInfinite(divisor)) {
      throw new IllegalArgumentException("divisor must be a positive number, got " + divisor);
    }
    if (mean == null || mean.length != 3 || std == null || std.length != 3) {
      throw new IllegalArgumentException("mean and std need three values (R, G, B)");
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std values must be positive, got " + java.util.Arrays.toString(std));
      }
    }
    mean = mean.clone();
    std = std.clone();
    java.util.Objects.requireNonNull(resize, "resize");
    java.util.Objects.requireNonNull(layout, "layout");
  }

  /** Floats per image. */
  public int size() {
    return 3 * height * width;
  }

  /** The input tensor's shape for a batch of {@code n}. */
  public long[] shape(int n) {
    return layout == Layout.NCHW ? new long[] {n, 3, height, width} : new long[] {n, height, width, 3};
  }

  /** Writes {@code image}'s input tensor into {@code out[offset .. offset + size())}. */
  public void write(RgbImage image, float[] out, int offset) {
    int h = image.height();
    int w = image.width();
    // scaled sample values by byte: float division, correctly rounded, is what tfjs's div gives
    // (JS double division rounded to float32); a table avoids scaling every source pixel
    float[] lut = new float[256];
    float d = (float) divisor;
    for (int v = 0; v < 256; v++) {
      lut[v] = v / d;
    }
    float[] hwc = h == height && w == width ? scaleOnly(image.rgb(), lut) : resize(image.rgb(), lut, h, w);
    boolean identity = mean[0] == 0 && mean[1] == 0 && mean[2] == 0 && std[0] == 1 && std[1] == 1 && std[2] == 1;
    int plane = height * width;
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        float v = hwc[p * 3 + c];
        if (!identity) {
          v = (v - mean[c]) / std[c];
        }
        if (layout == Layout.NCHW) {
          out[offset + c * plane + p] = v;
        } else {
          out[offset + p * 3 + c] = v;
        }
      }
    }
  }

  private static float[] scaleOnly(byte[] rgb, float[] lut) {
    float[] out = new float[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      out[i] = lut[rgb[i] & 0xFF];
    }
    return out;
  }

  /**
   * tfjs-backend-cpu {@code resizeBilinear} on the scaled image, transcribed: doubles for the
   * arithmetic on float32 samples, float32 results. Only the four taps of each output pixel are
   * scaled (through {@code lut}), which gives the same values as scaling the whole image first.
   */
  private float[] resize(byte[] src, float[] lut, int oldH, int oldW) {
    boolean align = resize == Resize.BILINEAR_ALIGN_CORNERS;
    boolean half = resize == Resize.BILINEAR_HALF_PIXEL;
    double rowRatio = (double) (align && height > 1 ? oldH - 1 : oldH) / (align && height > 1 ? height - 1 : height);
    double colRatio = (double) (align && width > 1 ? oldW - 1 : oldW) / (align && width > 1 ? width - 1 : width);
    float[] out = new float[height * width * 3];
    int[] colFloor = new int[width];
    int[] colCeil = new int[width];
    double[] colFrac = new double[width];
    for (int c = 0; c < width; c++) {
      double f = half ? colRatio * (c + 0.5) - 0.5 : colRatio * c;
      colFloor[c] = (int) Math.max(0, Math.floor(f));
      colFrac[c] = f - colFloor[c];
      colCeil[c] = (int) Math.min(oldW - 1, Math.ceil(f));
    }
    int o = 0;
    for (int r = 0; r < height; r++) {
      double fr = half ? rowRatio * (r + 0.5) - 0.5 : rowRatio * r;
      int rowFloor = (int) Math.max(0, Math.floor(fr));
      double rowFrac = fr - rowFloor;
      int rowCeil = (int) Math.min(oldH - 1, Math.ceil(fr));
      int top = rowFloor * oldW * 3;
      int bot = rowCeil * oldW * 3;
      for (int c = 0; c < width; c++) {
        int l = colFloor[c] * 3;
        int rt = colCeil[c] * 3;
        double cf = colFrac[c];
        for (int ch = 0; ch < 3; ch++) {
          double topLeft = lut[src[top + l + ch] & 0xFF];
          double topRight = lut[src[top + rt + ch] & 0xFF];
          double botLeft = lut[src[bot + l + ch] & 0xFF];
          double botRight = lut[src[bot + rt + ch] & 0xFF];
          double t = topLeft + (topRight - topLeft) * cf;
          double b = botLeft + (botRight - botLeft) * cf;
          out[o++] = (float) (t + (b - t) * rowFrac);
        }
      }
    }
    return out;
  }

  /** For provenance. */
  public java.util.Map<String, String> describe() {
    return java.util.Map.of("input_size", width + "x" + height, "resize", resize.name().toLowerCase(Locale.ROOT),
        "divisor", Double.toString(divisor), "mean", java.util.Arrays.toString(mean), "std", java.util.Arrays.toString(std),
        "layout", layout.name());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImagePreprocessing p && p.height == height && p.width == width && p.resize == resize
        && p.divisor == divisor && java.util.Arrays.equals(p.mean, mean) && java.util.Arrays.equals(p.std, std) && p.layout == layout;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(height, width, resize, divisor, java.util.Arrays.hashCode(mean), java.util.Arrays.hashCode(std), layout);
  }
}
