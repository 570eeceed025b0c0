package dev.prism.models.image.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.image.DecodedImage;
import dev.prism.models.image.Kodak;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * image_quality@1 on the 24 Kodak photographs: every measure moves the expected way, for every
 * image, under edits made with independent code (a Gaussian blur written in the test, ImageIO's
 * JPEG codec, a per-channel scale and offset).
 */
class KodakQualityTest {
  private static final double[] SIGMAS = {1.0, 2.0, 3.0};
  private static final float[] JPEG_QUALITIES = {0.9f, 0.5f, 0.1f};

  private static ImageQuality quality(BufferedImage img) {
    return ImageQuality.of(DecodedImage.of(Kodak.rgb(img), "png", 1));
  }

  @Test
  void moreBlurMeansLowerSharpness() {
    for (int i = 0; i < Kodak.COUNT; i++) {
      BufferedImage img = Kodak.image(i);
      double previous = quality(img).sharpness();
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s sharpness original %.1f", Kodak.name(i), previous));
      for (double sigma : SIGMAS) {
        double s = quality(Kodak.gaussianBlur(img, sigma)).sharpness();
        line.append(String.format(Locale.ROOT, ", sigma %.0f: %.1f", sigma, s));
        assertThat(s).as("%s blurred with sigma %s", Kodak.name(i), sigma).isLessThan(previous);
        previous = s;
      }
      System.out.println(line);
    }
  }

  @Test
  void strongerJpegCompressionMeansMoreBlockiness() {
    for (int i = 0; i < Kodak.COUNT; i++) {
      BufferedImage img = Kodak.image(i);
      double original = quality(img).blockiness();
      double previous = -1;
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s blockiness original %.3f", Kodak.name(i), original));
      for (float q : JPEG_QUALITIES) {
        byte[] jpeg = Kodak.jpeg(img, q);
        ImageQuality m = ImageQuality.of(DecodedImage.of(Kodak.rgb(Kodak.decode(jpeg)), "jpeg", jpeg.length));
        line.append(String.format(Locale.ROOT, ", q%.1f: %.3f (%.2f bpp)", q, m.blockiness(), m.bitsPerPixel()));
        assertThat(m.blockiness()).as("%s at JPEG quality %s", Kodak.name(i), q).isGreaterThan(previous);
        previous = m.blockiness();
      }
      assertThat(previous).as("%s at quality 0.1 vs the lossless original", Kodak.name(i)).isGreaterThan(original);
      System.out.println(line);
    }
  }

  @Test
  void darkerAndBrighterMoveExposure() {
    for (int i = 0; i < Kodak.COUNT; i++) {
      BufferedImage img = Kodak.image(i);
      ImageQuality orig = quality(img);
      ImageQuality darker = quality(Kodak.exposure(img, 0.7, -20));
      ImageQuality brighter = quality(Kodak.exposure(img, 1.3, 20));
      String n = Kodak.name(i);
      assertThat(darker.meanLuma()).as(n).isLessThan(orig.meanLuma());
      assertThat(brighter.meanLuma()).as(n).isGreaterThan(orig.meanLuma());
      assertThat(darker.clippedShadows()).as(n).isGreaterThan(orig.clippedShadows());
      assertThat(brighter.clippedHighlights()).as(n).isGreaterThan(orig.clippedHighlights());
      // The opposite tail can only shrink (or stay empty).
      assertThat(darker.clippedHighlights()).as(n).isLessThanOrEqualTo(orig.clippedHighlights());
      assertThat(brighter.clippedShadows()).as(n).isLessThanOrEqualTo(orig.clippedShadows());
      System.out.println(String.format(Locale.ROOT, "%s mean luma %.3f / %.3f / %.3f, shadows %.4f / %.4f, highlights %.4f / %.4f",
          n, darker.meanLuma(), orig.meanLuma(), brighter.meanLuma(), orig.clippedShadows(), darker.clippedShadows(),
          orig.clippedHighlights(), brighter.clippedHighlights()));
    }
  }

  @Test
  void lowerContrastAndGreyLoseContrastAndColour() {
    for (int i = 0; i < Kodak.COUNT; i++) {
      BufferedImage img = Kodak.image(i);
      ImageQuality orig = quality(img);
      // Halving the distance to mid-grey halves the RMS contrast (up to rounding) and the colourfulness.
      ImageQuality flat = quality(Kodak.exposure(img, 0.5, 64));
      assertThat(flat.contrast()).as(Kodak.name(i)).isLessThan(orig.contrast() * 0.52);
      assertThat(flat.colorfulness()).as(Kodak.name(i)).isLessThan(orig.colorfulness() * 0.52);
    }
  }
}
