package dev.prism.models.image.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prism.core.image.DecodedImage;
import dev.prism.core.image.RgbImage;
import java.util.function.IntBinaryOperator;
import org.junit.jupiter.api.Test;

/** Reference values computed by hand on tiny synthetic images (the arithmetic is in the comments). */
class ImageQualityTest {

  /** A grey image whose luma (= grey level, see LumaTest) is {@code f(x, y)}. */
  static RgbImage grey(int w, int h, IntBinaryOperator f) {
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        byte v = (byte) f.applyAsInt(x, y);
        int j = (y * w + x) * 3;
        rgb[j] = v;
        rgb[j + 1] = v;
        rgb[j + 2] = v;
      }
    }
    return new RgbImage(w, h, rgb);
  }

  static RgbImage solid(int w, int h, int r, int g, int b) {
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < rgb.length; i += 3) {
      rgb[i] = (byte) r;
      rgb[i + 1] = (byte) g;
      rgb[i + 2] = (byte) b;
    }
    return new RgbImage(w, h, rgb);
  }

  @Test
  void laplacianVarianceOfASinglePeak() {
    // 5x5, luma 100 at the centre, 0 elsewhere. Interior 3x3: L = -400 at the centre, +100 at its
    // 4 neighbours, 0 at the 4 corners. Mean 0; variance (400^2 + 4 x 100^2) / 9 = 200000 / 9.
    RgbImage img = grey(5, 5, (x, y) -> x == 2 && y == 2 ? 100 : 0);
    ImageQuality q = ImageQuality.of(DecodedImage.of(img, "png", 10));
    assertThat(q.sharpness()).isCloseTo(200000.0 / 9, within(1e-9));
    assertThat(q.meanLuma()).isCloseTo(100.0 / 25 / 255, within(1e-12));
  }

  @Test
  void linearRampHasNoLaplacian() {
    // A linear ramp has a zero second derivative everywhere: a smooth gradient is not "sharp".
    assertThat(ImageQuality.of(DecodedImage.of(grey(40, 30, (x, y) -> 2 * x + 3 * y), "png", 1)).sharpness()).isZero();
  }

  @Test
  void sharpnessDoesNotDependOnResolutionForAFlatDownscale() {
    // A checkerboard of 4-px squares at 2048x1024 and of 2-px squares at 1024x512 are one picture at two
    // resolutions; both box-normalize to the same 512x256 one-pixel checkerboard.
    RgbImage big = grey(2048, 1024, (x, y) -> ((x / 4 + y / 4) % 2) * 200);
    RgbImage small = grey(1024, 512, (x, y) -> ((x / 2 + y / 2) % 2) * 200);
    assertThat(ImageQuality.of(DecodedImage.of(big, "png", 1)).sharpness())
        .isEqualTo(ImageQuality.of(DecodedImage.of(small, "png", 1)).sharpness());
  }

  @Test
  void colorfulnessOfGreyIsZeroAndOfPrimariesByHand() {
    assertThat(ImageQuality.colorfulness(solid(7, 5, 128, 128, 128))).isZero();
    // Pure red: rg = 255, yb = 127.5, no variance: M = 0.3 sqrt(255^2 + 127.5^2) = 85.5297...
    assertThat(ImageQuality.colorfulness(solid(3, 3, 255, 0, 0))).isCloseTo(0.3 * Math.hypot(255, 127.5), within(1e-9));
    // Half red, half blue: rg in {255, 0} -> mean 127.5, var 127.5^2; yb in {127.5, -255} -> mean -63.75,
    // var 191.25^2. M = sqrt(127.5^2 + 191.25^2) + 0.3 sqrt(127.5^2 + 63.75^2) = 229.8539 + 42.7648 = 272.6187.
    byte[] rgb = {(byte) 255, 0, 0, 0, 0, (byte) 255};
    assertThat(ImageQuality.colorfulness(new RgbImage(2, 1, rgb)))
        .isCloseTo(Math.sqrt(127.5 * 127.5 + 191.25 * 191.25) + 0.3 * Math.sqrt(127.5 * 127.5 + 63.75 * 63.75), within(1e-9))
        .isCloseTo(272.6187, within(1e-4));
  }

  @Test
  void exposureAndContrastOfHalfBlackHalfWhite() {
    ImageQuality q = ImageQuality.of(DecodedImage.of(grey(10, 4, (x, y) -> x < 5 ? 0 : 255), "png", 50));
    assertThat(q.meanLuma()).isEqualTo(0.5);
    assertThat(q.clippedHighlights()).isEqualTo(0.5);
    assertThat(q.clippedShadows()).isEqualTo(0.5);
    assertThat(q.contrast()).isEqualTo(0.5); // sd of {0, 1} in equal parts
    assertThat(q.colorfulness()).isZero();
    assertThat(q.width()).isEqualTo(10);
    assertThat(q.aspectRatio()).isEqualTo(2.5);
    assertThat(q.bitsPerPixel()).isEqualTo(50 * 8 / 40.0);
  }

  @Test
  void clippingThresholdsAreInclusive() {
    ImageQuality q = ImageQuality.of(DecodedImage.of(grey(4, 1, (x, y) -> new int[] {5, 6, 249, 250}[x]), "png", 1));
    assertThat(q.clippedShadows()).isEqualTo(0.25);
    assertThat(q.clippedHighlights()).isEqualTo(0.25);
  }

  @Test
  void blockinessByHand() {
    // 16x1: luma x + 10 floor(x/8): 14 inside steps of 1, one boundary step 7 -> 18 of 11: B/I = 11.
    int[] ramp = new int[16];
    for (int x = 0; x < 16; x++) {
      ramp[x] = x + 10 * (x / 8);
    }
    assertThat(ImageQuality.blockiness(ramp, 16, 1)).isEqualTo(11.0);
    // A plain ramp steps alike across and inside blocks: 1.
    int[] plain = new int[64 * 64];
    for (int i = 0; i < plain.length; i++) {
      plain[i] = i % 64;
    }
    assertThat(ImageQuality.blockiness(plain, 64, 64)).isEqualTo(1.0);
    // Flat 8x8 blocks: no step inside, steps at edges: the cap.
    int[] blocks = new int[16 * 16];
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = ((i % 16) / 8 + (i / 16) / 8) % 2 * 100;
    }
    assertThat(ImageQuality.blockiness(blocks, 16, 16)).isEqualTo(ImageQuality.BLOCKINESS_CAP);
    assertThat(ImageQuality.blockiness(new int[64], 8, 8)).isEqualTo(1.0);
  }

  @Test
  void subsampledPixelsReportBlockinessAsNotMeasured() {
    RgbImage px = grey(16, 16, (x, y) -> ((x / 8 + y / 8) % 2) * 100);
    DecodedImage sub = new DecodedImage(px, "jpeg", 1000, 32, 32, 2);
    ImageQuality q = ImageQuality.of(sub);
    assertThat(q.blockiness()).isEqualTo(ImageQuality.BLOCKINESS_NOT_MEASURED);
    assertThat(q.width()).isEqualTo(32); // full resolution, not the subsample
    assertThat(q.bitsPerPixel()).isEqualTo(8000.0 / (32 * 32));
  }

  @Test
  void featuresFollowTheContractOrder() {
    ImageQuality q = ImageQuality.of(DecodedImage.of(solid(3, 2, 10, 20, 30), "png", 6));
    assertThat(q.toFeatures().keySet()).containsExactlyElementsOf(ImageQuality.NAMES);
    assertThat(q.toFeatures().get("height")).isEqualTo(2.0);
    assertThat(q.toFeatures().get("aspect_ratio")).isEqualTo(1.5);
  }
}
