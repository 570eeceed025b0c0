package dev.prism.models.image.decode;

import static dev.prism.models.image.decode.TestImages.jdkRead;
import static dev.prism.models.image.decode.TestImages.jpeg;
import static dev.prism.models.image.decode.TestImages.maxAbsDiff;
import static dev.prism.models.image.decode.TestImages.meanAbsDiff;
import static dev.prism.models.image.decode.TestImages.psnr;
import static dev.prism.models.image.decode.TestImages.resource;
import static dev.prism.models.image.decode.TestImages.rgbOf;
import static dev.prism.models.image.decode.TestImages.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.image.DecodedImage;
import dev.prism.core.image.ImageDecodeException;
import dev.prism.core.image.RgbImage;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeImageDecoderTest {
  private final SafeImageDecoder decoder = new SafeImageDecoder(DecodeLimits.DEFAULTS);
  private static final byte[] KODIM23 = resource("kodim23.png");
  private static final BufferedImage KODIM23_IMG = jdkRead(KODIM23, "png");
  private static final RgbImage KODIM23_RGB = rgbOf(KODIM23_IMG);

  // ---- formats and variants -------------------------------------------------------------------

  @Test
  void pngDecodesToTheJdksOwnPixelsExactly() throws Exception {
    DecodedImage d = decoder.decode(KODIM23);
    assertThat(d.format()).isEqualTo("png");
    assertThat(d.width()).isEqualTo(768);
    assertThat(d.height()).isEqualTo(512);
    assertThat(d.subsampling()).isEqualTo(1);
    assertThat(d.encodedBytes()).isEqualTo(KODIM23.length);
    assertThat(d.pixels()).isEqualTo(KODIM23_RGB);
    byte[] portrait = resource("kodim04.png");
    assertThat(decoder.decode(portrait).pixels()).isEqualTo(rgbOf(jdkRead(portrait, "png")));
  }

  @Test
  void baselineJpegMatchesTheJdkDecoderAndTheSource() throws Exception {
    byte[] jpg = jpeg(KODIM23_IMG, 0.9f);
    DecodedImage d = decoder.decode(jpg);
    assertThat(d.format()).isEqualTo("jpeg");
    assertThat(d.pixels()).isEqualTo(rgbOf(jdkRead(jpg, "jpeg")));
    assertThat(psnr(d.pixels(), KODIM23_RGB)).as("PSNR against the lossless source").isGreaterThan(32);
  }

  @Test
  void progressiveJpegMatchesLibjpegTurbo() throws Exception {
    byte[] jpg = resource("progressive.jpg");
    assertThat(indexOf(jpg, new byte[] {(byte) 0xFF, (byte) 0xC2})).as("SOF2: progressive").isPositive();
    RgbImage ours = decoder.decode(jpg).pixels();
    RgbImage pillow = decoder.decode(resource("progressive.pillow.png")).pixels();
    // Same algorithms (islow IDCT, fancy upsampling) in two libjpeg builds: at most rounding apart.
    assertThat(meanAbsDiff(ours, pillow)).isLessThan(0.5);
    assertThat(maxAbsDiff(ours, pillow)).isLessThanOrEqualTo(4);
    assertThat(psnr(ours, decoder.decode(resource("crop.png")).pixels())).isGreaterThan(30);
  }

  @Test
  void cmykJpegIsConvertedNotInverted() throws Exception {
    byte[] jpg = resource("cmyk.jpg");
    DecodedImage d = decoder.decode(jpg);
    RgbImage source = decoder.decode(resource("crop.png")).pixels();
    assertThat(d.width()).isEqualTo(192);
    // The CMYK values came from a naive RGB->CMYK conversion and TwelveMonkeys converts with a
    // real CMYK profile, so colours shift; but every channel must follow the source (an inverted
    // Adobe CMYK file would correlate negatively, a wrong channel order weakly).
    for (int c = 0; c < 3; c++) {
      assertThat(correlation(d.pixels(), source, c)).as("channel " + c).isGreaterThan(0.9);
    }
    assertThat(meanAbsDiff(d.pixels(), source)).isLessThan(40);
  }

  @Test
  void webpLosslessIsExactlyItsPngSource() throws Exception {
    DecodedImage d = decoder.decode(resource("lossless.webp"));
    assertThat(d.format()).isEqualTo("webp");
    assertThat(d.pixels()).isEqualTo(decoder.decode(resource("crop.png")).pixels());
    assertThat(d.pixels()).isEqualTo(rgbOf(jdkRead(resource("crop.png"), "png")));
  }

  @Test
  void webpLossyMatchesLibwebp() throws Exception {
    RgbImage ours = decoder.decode(resource("lossy.webp")).pixels();
    RgbImage libwebp = decoder.decode(resource("lossy.pillow.png")).pixels();
    assertThat(meanAbsDiff(ours, libwebp)).isLessThan(2.0);
    assertThat(psnr(ours, decoder.decode(resource("crop.png")).pixels())).isGreaterThan(25);
  }

  @Test
  void webpAlphaIsCompositedOverWhiteLikeThePngSource() throws Exception {
    RgbImage webp = decoder.decode(resource("alpha.webp")).pixels();
    BufferedImage src = jdkRead(resource("alpha.png"), "png");
    assertThat(src.getColorModel().hasAlpha()).isTrue();
    assertThat(webp).isEqualTo(overWhite(src));
    assertThat(decoder.decode(resource("alpha.png")).pixels()).isEqualTo(overWhite(src));
  }

  @Test
  void pngWithAlphaIsCompositedOverWhite() throws Exception {
    BufferedImage argb = new BufferedImage(64, 48, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        int a = (x * 4 + y) & 0xFF;
        argb.setRGB(x, y, a << 24 | (KODIM23_IMG.getRGB(x + 300, y + 200) & 0xFFFFFF));
      }
    }
    DecodedImage d = decoder.decode(write(argb, "png"));
    assertThat(d.pixels()).isEqualTo(overWhite(argb));
    assertThat(d.pixels().sample(0, 0, 0)).as("alpha 0 is white").isEqualTo(255);
  }

  @Test
  void sixteenBitPngIsRoundedToEightBits() throws Exception {
    SplittableRandom rnd = new SplittableRandom(7);
    int w = 40;
    int h = 30;
    ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
        Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
    WritableRaster r = cm.createCompatibleWritableRaster(w, h);
    int[] v = new int[w * h * 3];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextInt(65536);
    }
    r.setPixels(0, 0, w, h, v);
    byte[] png = write(new BufferedImage(cm, r, false, null), "png");
    assertThat(png[24]).as("IHDR bit depth").isEqualTo((byte) 16);
    RgbImage d = decoder.decode(png).pixels();
    for (int i = 0; i < v.length; i++) {
      assertThat(d.rgb()[i] & 0xFF).isEqualTo((int) Math.round(v[i] / 257.0));
    }
  }

  @Test
  void greyPngsAreExpandedWithoutGammaChange() throws Exception {
    BufferedImage g8 = new BufferedImage(32, 16, BufferedImage.TYPE_BYTE_GRAY);
    BufferedImage g16 = new BufferedImage(32, 16, BufferedImage.TYPE_USHORT_GRAY);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 32; x++) {
        g8.getRaster().setSample(x, y, 0, (x * 8 + y) & 0xFF);
        g16.getRaster().setSample(x, y, 0, (x * 2048 + y * 97) & 0xFFFF);
      }
    }
    RgbImage d8 = decoder.decode(write(g8, "png")).pixels();
    RgbImage d16 = decoder.decode(write(g16, "png")).pixels();
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 32; x++) {
        for (int c = 0; c < 3; c++) {
          assertThat(d8.sample(x, y, c)).isEqualTo((x * 8 + y) & 0xFF); // 128 stays 128 (not 186 through a linear-grey conversion)
          assertThat(d16.sample(x, y, c)).isEqualTo((int) Math.round(((x * 2048 + y * 97) & 0xFFFF) / 257.0));
        }
      }
    }
  }

  @Test
  void greyJpegAndGreyAlphaPng() throws Exception {
    BufferedImage g8 = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
    g8.getGraphics().drawImage(KODIM23_IMG.getSubimage(300, 200, 64, 48), 0, 0, null);
    byte[] jpg = jpeg(g8, 0.9f);
    BufferedImage jdk = jdkRead(jpg, "jpeg");
    assertThat(jdk.getRaster().getNumBands()).as("a one-channel JPEG").isEqualTo(1);
    RgbImage d = decoder.decode(jpg).pixels();
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        int v = jdk.getRaster().getSample(x, y, 0);
        assertThat(new int[] {d.sample(x, y, 0), d.sample(x, y, 1), d.sample(x, y, 2)}).containsExactly(v, v, v);
      }
    }
    // Grey + alpha (PNG colour type 4): grey over white, per pixel.
    ComponentColorModel ga = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
        Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
    WritableRaster r = ga.createCompatibleWritableRaster(32, 8);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 32; x++) {
        r.setSample(x, y, 0, x * 8);
        r.setSample(x, y, 1, y * 36);
      }
    }
    byte[] png = write(new BufferedImage(ga, r, false, null), "png");
    assertThat(png[25]).as("IHDR colour type 4: grey + alpha").isEqualTo((byte) 4);
    RgbImage p = decoder.decode(png).pixels();
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 32; x++) {
        double a = y * 36 / 255.0;
        int expected = (int) Math.round(x * 8 * a + 255 * (1 - a));
        assertThat(p.sample(x, y, 0)).as("(%d, %d)", x, y).isEqualTo(expected);
        assertThat(p.sample(x, y, 2)).isEqualTo(expected);
      }
    }
  }

  @Test
  void palettePngAndGifMatchTheirPalettes() throws Exception {
    BufferedImage indexed = new BufferedImage(200, 120, BufferedImage.TYPE_BYTE_INDEXED);
    indexed.getGraphics().drawImage(KODIM23_IMG.getSubimage(250, 150, 200, 120), 0, 0, null);
    RgbImage expected = rgbOf(indexed);
    byte[] png = write(indexed, "png");
    byte[] gif = write(indexed, "gif");
    assertThat(png[25]).as("IHDR colour type 3: palette").isEqualTo((byte) 3);
    assertThat(decoder.decode(png).pixels()).isEqualTo(expected);
    DecodedImage g = decoder.decode(gif);
    assertThat(g.format()).isEqualTo("gif");
    assertThat(g.pixels()).isEqualTo(expected);
  }

  @Test
  void bmpIsExact() throws Exception {
    BufferedImage bgr = new BufferedImage(101, 77, BufferedImage.TYPE_3BYTE_BGR); // odd width: row padding
    bgr.getGraphics().drawImage(KODIM23_IMG.getSubimage(10, 10, 101, 77), 0, 0, null);
    DecodedImage d = decoder.decode(write(bgr, "bmp"));
    assertThat(d.format()).isEqualTo("bmp");
    assertThat(d.pixels()).isEqualTo(rgbOf(bgr));
  }

  @Test
  void formatComesFromTheBytesNotFromANameAndOthersAreNamed() {
    assertThat(ImageFormat.detect(KODIM23)).contains(ImageFormat.PNG);
    byte[] heic = new byte[32];
    System.arraycopy("\0\0\0\u0018ftypheic".getBytes(StandardCharsets.ISO_8859_1), 0, heic, 0, 12);
    assertThatThrownBy(() -> decoder.decode(heic)).isInstanceOf(ImageDecodeException.class)
        .hasMessage("not a supported image: HEIF/HEIC image, which is not supported; supported are JPEG, PNG, GIF, WebP and BMP");
    assertThatThrownBy(() -> decoder.decode("<!DOCTYPE html><html>404</html>".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("HTML document, not an image");
    assertThatThrownBy(() -> decoder.decode(new byte[] {1, 2, 3, 4})).hasMessageContaining("unknown format (first bytes 01020304)");
    assertThatThrownBy(() -> decoder.decode(new byte[0])).hasMessage("empty image: no bytes to decode");
  }

  // ---- EXIF orientation -----------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void exifOrientationIsApplied(int o) throws Exception {
    byte[] jpg = resource("orientation-" + o + ".jpg");
    DecodedImage d = decoder.decode(jpg);
    // Reference 1: the same bytes through the JDK reader (which ignores EXIF), turned longhand.
    RgbImage expected = TestImages.upright(rgbOf(jdkRead(jpg, "jpeg")), o);
    assertThat(d.pixels()).isEqualTo(expected);
    assertThat(d.width()).isEqualTo(o >= 5 ? 128 : 192);
    assertThat(d.height()).isEqualTo(o >= 5 ? 192 : 128);
    // Reference 2: Pillow's exif_transpose of the file decoded by libjpeg-turbo.
    RgbImage pillow = decoder.decode(resource("orientation-" + o + ".pillow.png")).pixels();
    assertThat(meanAbsDiff(d.pixels(), pillow)).isLessThan(0.5);
  }

  @Test
  void webpExifOrientationIsApplied() throws Exception {
    DecodedImage d = decoder.decode(resource("orientation-6.webp"));
    assertThat(d.width()).isEqualTo(128);
    assertThat(d.height()).isEqualTo(192);
    assertThat(d.pixels()).isEqualTo(TestImages.rotateClockwise(rgbOf(jdkRead(resource("crop.png"), "png"))));
  }

  // ---- limits ---------------------------------------------------------------------------------

  @Test
  void decompressionBombHeaderIsRefusedBeforeDecoding() throws Exception {
    byte[] bomb = pngHeaderOnly(50_000, 50_000);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> decoder.decode(bomb)).isInstanceOf(ImageDecodeException.class)
        .hasMessage("image is 50000x50000 = 2.5e9 pixels, over image.max_pixels=100000000 (a decompression bomb, "
            + "or a larger image than this service decodes)");
    assertThat((System.nanoTime() - t0) / 1e6).as("ms").isLessThan(1_000);
    assertThatThrownBy(() -> decoder.decode(pngHeaderOnly(1, 40_000)))
        .hasMessage("image is 1x40000, a side over image.max_dimension=32768");
  }

  @Test
  void realHighlyCompressible20000SquarePngIsRefusedThenSubsampledWhenAllowed() throws Exception {
    byte[] png = blackPng(20_000, 20_000);
    assertThat(png.length).as("a real PNG of 400 million pixels in a few tens of KB").isLessThan(200_000);
    assertThatThrownBy(() -> decoder.decode(png)).hasMessageStartingWith("image is 20000x20000 = 4.0e8 pixels, over image.max_pixels=");
    SafeImageDecoder generous = new SafeImageDecoder(new DecodeLimits(1 << 20, 500_000_000L, 20_000, 4L << 20));
    DecodedImage d = generous.decode(png);
    assertThat(d.subsampling()).isEqualTo(10); // ceil(20000/9)^2 = 2223^2 > 4 Mi; 2000^2 <= 4 Mi
    assertThat(d.pixels().width()).isEqualTo(2000);
    assertThat(d.width()).isEqualTo(20_000);
    assertThat(d.pixels().sample(1999, 1999, 2)).isEqualTo(0);
  }

  @Test
  void largeImagesAreSubsampledAtReadTime() throws Exception {
    SafeImageDecoder small = new SafeImageDecoder(new DecodeLimits(1 << 24, 1 << 30, 1 << 15, 100_000));
    DecodedImage d = small.decode(KODIM23);
    assertThat(d.subsampling()).isEqualTo(2); // 384 x 256 = 98,304 <= 100,000 < 393,216
    assertThat(d.width()).isEqualTo(768);
    assertThat(d.pixels().width()).isEqualTo(384);
    assertThat(d.pixels().height()).isEqualTo(256);
    for (int y = 0; y < 256; y += 17) {
      for (int x = 0; x < 384; x += 13) {
        for (int c = 0; c < 3; c++) {
          assertThat(d.pixels().sample(x, y, c)).isEqualTo(KODIM23_RGB.sample(2 * x, 2 * y, c));
        }
      }
    }
    DecodedImage r = small.decode(resource("orientation-6.jpg"));
    assertThat(r.width()).isEqualTo(128);
    assertThat(r.height()).isEqualTo(192);
    assertThat(r.subsampling()).isEqualTo(1);
    // 1000x1000 under 1,000 pixels: 32 gives 32 x 32 = 1,024 (ceil(1000/32) = 32), 33 gives 31 x 31 = 961.
    assertThat(new DecodeLimits(1, 1, 1, 1_000).subsampling(1000, 1000)).isEqualTo(33);
  }

  @Test
  void subsamplingAndOrientationTogether() throws Exception {
    // 192x128 under 5,000 pixels: factor 2 gives 96 x 64 = 6,144, factor 3 gives 64 x 43 = 2,752.
    SafeImageDecoder small = new SafeImageDecoder(new DecodeLimits(1 << 24, 1 << 30, 1 << 15, 5_000));
    byte[] jpg = resource("orientation-6.jpg");
    DecodedImage d = small.decode(jpg);
    assertThat(d.subsampling()).isEqualTo(3);
    assertThat(d.width()).isEqualTo(128);
    assertThat(d.height()).isEqualTo(192);
    RgbImage full = rgbOf(jdkRead(jpg, "jpeg"));
    byte[] every3rd = new byte[64 * 43 * 3];
    for (int y = 0; y < 43; y++) {
      for (int x = 0; x < 64; x++) {
        for (int c = 0; c < 3; c++) {
          every3rd[(y * 64 + x) * 3 + c] = (byte) full.sample(3 * x, 3 * y, c);
        }
      }
    }
    assertThat(d.pixels()).isEqualTo(TestImages.rotateClockwise(new RgbImage(64, 43, every3rd)));
  }

  @Test
  void encodedSizeLimit() {
    SafeImageDecoder tiny = new SafeImageDecoder(new DecodeLimits(1_000, 1 << 30, 1 << 15, 1 << 22));
    assertThatThrownBy(() -> tiny.decode(KODIM23))
        .hasMessage("image is " + KODIM23.length + " bytes, over image.max_encoded_bytes=1000");
  }

  // ---- damaged files --------------------------------------------------------------------------

  @Test
  void truncatedJpegPngWebpSayTruncatedAtEveryCut() throws Exception {
    byte[][] files = {jpeg(KODIM23_IMG, 0.85f), resource("progressive.jpg"), KODIM23, resource("lossless.webp"),
        resource("lossy.webp")};
    String[] names = {"JPEG", "JPEG", "PNG", "WebP", "WebP"};
    for (int f = 0; f < files.length; f++) {
      byte[] file = files[f];
      for (int k = 1; k < 40; k++) {
        int cut = (int) ((long) file.length * k / 40);
        byte[] part = Arrays.copyOf(file, cut);
        String what = names[f] + " cut at " + cut + " of " + file.length;
        try {
          decoder.decode(part);
          throw new AssertionError(what + " decoded");
        } catch (ImageDecodeException e) {
          assertThat(e.getMessage()).as(what).startsWith("truncated " + names[f] + ": ");
        }
      }
    }
  }

  @Test
  void truncatedGifAndBmpFailOrDecodeButNeverEscape() throws Exception {
    BufferedImage indexed = new BufferedImage(120, 90, BufferedImage.TYPE_BYTE_INDEXED);
    indexed.getGraphics().drawImage(KODIM23_IMG, 0, 0, null);
    byte[][] files = {write(indexed, "gif"), write(KODIM23_IMG.getSubimage(0, 0, 120, 90), "bmp")};
    int failures = 0;
    for (byte[] file : files) {
      for (int k = 1; k < 40; k++) {
        byte[] part = Arrays.copyOf(file, (int) ((long) file.length * k / 40));
        try {
          DecodedImage d = decoder.decode(part);
          assertThat(d.pixels().rgb()).hasSize(d.pixels().width() * d.pixels().height() * 3);
        } catch (ImageDecodeException e) {
          assertThat(e.getMessage()).matches("(truncated|corrupt) (GIF|BMP): .+");
          failures++;
        }
      }
    }
    assertThat(failures).as("most cuts are detected").isGreaterThan(40);
  }

  @Test
  void aWebpThatMadeTheCodecReadZerosForeverEndsQuickly() {
    // Found by DecoderJazzerFuzzTest: a 37-byte cut VP8L on which TwelveMonkeys' bit reader
    // swallows EOF and decodes Huffman tables from endless zero bits (did not end in a minute).
    byte[] hang = resource("hang-vp8l-reads-past-eof.webp");
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> decoder.decode(hang)).isInstanceOf(ImageDecodeException.class)
        .hasMessage("truncated WebP: the codec kept reading past the end of the 37-byte file");
    assertThat((System.nanoTime() - t0) / 1e6).as("ms").isLessThan(2_000);
  }

  @Test
  void interruptAbortsTheRead() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> decoder.decode(KODIM23)).isInstanceOf(ImageDecodeException.class)
          .hasMessage("PNG decoding was interrupted (time limit of the media stage)");
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void sciNotation() {
    assertThat(SafeImageDecoder.sci(2_500_000_000L)).isEqualTo("2.5e9");
    assertThat(SafeImageDecoder.sci(400_000_000L)).isEqualTo("4.0e8");
    assertThat(SafeImageDecoder.sci(123_456)).isEqualTo("123456");
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Longhand: colour at alpha a over white, rounded to nearest. */
  static RgbImage overWhite(BufferedImage argb) {
    int w = argb.getWidth();
    int h = argb.getHeight();
    byte[] out = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = argb.getRGB(x, y);
        double a = (p >>> 24) / 255.0;
        for (int c = 0; c < 3; c++) {
          int v = p >> (16 - 8 * c) & 0xFF;
          out[(y * w + x) * 3 + c] = (byte) Math.round(v * a + 255 * (1 - a));
        }
      }
    }
    return new RgbImage(w, h, out);
  }

  static double correlation(RgbImage a, RgbImage b, int c) {
    int n = a.width() * a.height();
    double sa = 0;
    double sb = 0;
    double saa = 0;
    double sbb = 0;
    double sab = 0;
    for (int i = 0; i < n; i++) {
      double x = a.rgb()[i * 3 + c] & 0xFF;
      double y = b.rgb()[i * 3 + c] & 0xFF;
      sa += x;
      sb += y;
      saa += x * x;
      sbb += y * y;
      sab += x * y;
    }
    double cov = sab / n - sa / n * sb / n;
    return cov / Math.sqrt((saa / n - sa / n * sa / n) * (sbb / n - sb / n * sb / n));
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** A PNG signature and an IHDR (8-bit RGB) claiming {@code w x h}, and nothing else. */
  static byte[] pngHeaderOnly(int w, int h) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    chunk(out, "IHDR", ihdr(w, h, 8, 2));
    return out.toByteArray();
  }

  /** A complete, valid 1-bit greyscale PNG of {@code w x h} black pixels, streamed (no w x h buffer). */
  static byte[] blackPng(int w, int h) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    chunk(out, "IHDR", ihdr(w, h, 1, 0));
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9))) {
      byte[] row = new byte[1 + (w + 7) / 8]; // filter type 0, then zero bits = black
      for (int y = 0; y < h; y++) {
        z.write(row);
      }
    }
    chunk(out, "IDAT", idat.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static byte[] ihdr(int w, int h, int depth, int colourType) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(w);
    d.writeInt(h);
    d.writeByte(depth);
    d.writeByte(colourType);
    d.writeByte(0);
    d.writeByte(0);
    d.writeByte(0);
    return b.toByteArray();
  }

  static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.writeInt(data.length);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    d.write(t);
    d.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    d.writeInt((int) crc.getValue());
  }
}
