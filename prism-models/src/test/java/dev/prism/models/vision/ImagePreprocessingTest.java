package dev.prism.models.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.prism.core.image.RgbImage;
import org.junit.jupiter.api.Test;

/** Resize and layout on images small enough to compute by hand. */
class ImagePreprocessingTest {

  @Test
  void alignCornersBilinearKeepsCornersAndInterpolatesTheCentre() {
    // 2x2 grey image 0, 51 / 102, 255 → 3x3 with aligned corners: corners unchanged, centre = mean of all four
    byte[] rgb = new byte[12];
    int[] grey = {0, 51, 102, 255};
    for (int p = 0; p < 4; p++) {
      for (int c = 0; c < 3; c++) {
        rgb[p * 3 + c] = (byte) grey[p];
      }
    }
    ImagePreprocessing pre = new ImagePreprocessing(3, 3, ImagePreprocessing.Resize.BILINEAR_ALIGN_CORNERS, 255.0,
        new float[] {0, 0, 0}, new float[] {1, 1, 1}, ImagePreprocessing.Layout.NCHW);
    float[] out = new float[27];
    pre.write(new RgbImage(2, 2, rgb), out, 0);
    float a = 0f, b = 51f / 255f, c = 102f / 255f, d = 1f;
    float[] plane = {a, (a + b) / 2, b, (a + c) / 2, (a + b + c + d) / 4, (b + d) / 2, c, (c + d) / 2, d};
    for (int ch = 0; ch < 3; ch++) {
      assertArrayEquals(plane, java.util.Arrays.copyOfRange(out, ch * 9, ch * 9 + 9), 1e-6f, "channel " + ch);
    }
  }

  @Test
  void meanStdAndNhwcLayout() {
    // one pixel (255, 0, 51), same size: no resize; (v/255 - mean) / std per channel, interleaved
    ImagePreprocessing pre = new ImagePreprocessing(1, 1, ImagePreprocessing.Resize.BILINEAR_HALF_PIXEL, 255.0,
        new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.25f, 0.5f}, ImagePreprocessing.Layout.NHWC);
    float[] out = new float[3];
    pre.write(new RgbImage(1, 1, new byte[] {(byte) 255, 0, 51}), out, 0);
    assertArrayEquals(new float[] {1f, -2f, -0.6f}, out, 1e-6f);
  }
}
