package dev.prism.models.image.decode;

import static dev.prism.models.image.decode.TestImages.jdkRead;
import static dev.prism.models.image.decode.TestImages.jpeg;
import static dev.prism.models.image.decode.TestImages.resource;
import static dev.prism.models.image.decode.TestImages.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.image.DecodedImage;
import dev.prism.core.image.ImageDecodeException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of {@link SafeImageDecoder} with real images (Kodak crops in every
 * format and variant) as seeds: bit flips, interesting bytes, truncation, splicing ranges from
 * other seeds, and corruption of the formats' length fields (PNG chunk lengths, JPEG segment
 * lengths, RIFF sizes, BMP/GIF/PNG dimensions). The decoder must return a consistent
 * {@link DecodedImage} or throw {@link ImageDecodeException} with a classified message, each within
 * {@link #PER_IMAGE_MS}; anything else (an unchecked exception, an Error, a hang) fails the test,
 * and the input is written to {@code target/fuzz-failures/} for replay.
 *
 * <p>Runs for {@code -Dprism.fuzz.seconds} (default {@value #DEFAULT_SECONDS}) with
 * {@code -Dprism.fuzz.seed} (default {@value #DEFAULT_SEED}); the sequence of inputs depends only on
 * the seed, the number reached on the time. See DECODING.md for longer runs.
 */
class DecoderMutationFuzzTest {
  static final long DEFAULT_SEED = 20261126L;
  static final int DEFAULT_SECONDS = 4;
  /**
   * Upper bound for one decode under the fuzz limits (images of at most 4 MP): generous on a shared
   * 2-core CI machine, where the seeds decode in under 50 ms; a hang or quadratic blow-up exceeds it.
   */
  static final long PER_IMAGE_MS = 5_000;
  /** Tighter than the defaults so that a mutated header claiming a large image costs milliseconds, not seconds. */
  static final DecodeLimits FUZZ_LIMITS = new DecodeLimits(1 << 20, 4_000_000, 4_096, 1 << 20);
  private static final Pattern MESSAGE = Pattern.compile(
      "(truncated|corrupt|corrupt or oversized) (JPEG|PNG|GIF|WebP|BMP): .+|image is .+|not a supported image: .+"
          + "|empty image: .+|(JPEG|PNG|GIF|WebP|BMP) decoding was interrupted.*", Pattern.DOTALL);

  static Map<String, byte[]> seeds() {
    BufferedImage crop = jdkRead(resource("crop.png"), "png");
    BufferedImage small = crop.getSubimage(0, 0, 96, 64);
    BufferedImage indexed = new BufferedImage(96, 64, BufferedImage.TYPE_BYTE_INDEXED);
    indexed.getGraphics().drawImage(small, 0, 0, null);
    BufferedImage grey16 = new BufferedImage(48, 32, BufferedImage.TYPE_USHORT_GRAY);
    grey16.getGraphics().drawImage(small, 0, 0, null);
    BufferedImage bgr = new BufferedImage(96, 64, BufferedImage.TYPE_3BYTE_BGR);
    bgr.getGraphics().drawImage(small, 0, 0, null);
    Map<String, byte[]> s = new LinkedHashMap<>();
    s.put("baseline.jpg", jpeg(bgr, 0.8f));
    s.put("progressive.jpg", resource("progressive.jpg"));
    s.put("cmyk.jpg", resource("cmyk.jpg"));
    s.put("orientation-6.jpg", resource("orientation-6.jpg"));
    s.put("rgb.png", write(bgr, "png"));
    s.put("palette.png", write(indexed, "png"));
    s.put("grey16.png", write(grey16, "png"));
    s.put("alpha.png", resource("alpha.png"));
    s.put("first.gif", write(indexed, "gif"));
    s.put("rgb.bmp", write(bgr, "bmp"));
    s.put("lossless.webp", resource("lossless.webp"));
    s.put("lossy.webp", resource("lossy.webp"));
    s.put("alpha.webp", resource("alpha.webp"));
    return s;
  }

  @Test
  void mutatedRealImagesOnlyDecodeOrFailWithAReason() throws Exception {
    long seed = Long.getLong("prism.fuzz.seed", DEFAULT_SEED);
    long budgetNanos = Integer.getInteger("prism.fuzz.seconds", DEFAULT_SECONDS) * 1_000_000_000L;
    SafeImageDecoder decoder = new SafeImageDecoder(FUZZ_LIMITS);
    List<byte[]> corpus = new ArrayList<>(seeds().values());
    for (byte[] s : corpus) {
      assertThat(decoder.decode(s).pixels()).as("every seed decodes").isNotNull();
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    long t0 = System.nanoTime();
    int n = 0;
    int decoded = 0;
    Map<String, Integer> reasons = new LinkedHashMap<>();
    while (System.nanoTime() - t0 < budgetNanos) {
      byte[] input = Mutator.mutate(corpus.get(rnd.nextInt(corpus.size())), corpus, rnd);
      n++;
      long start = System.nanoTime();
      try {
        DecodedImage d = decoder.decode(input);
        decoded++;
        check(d, input);
      } catch (ImageDecodeException e) {
        String m = e.getMessage();
        if (m == null || !MESSAGE.matcher(m).matches()) {
          fail(seed, n, input, "unclassified message: " + m, e);
        }
        reasons.merge(m.startsWith("image is") ? "over a limit" : m.replaceAll(":.*", ""), 1, Integer::sum);
      } catch (Throwable t) {
        fail(seed, n, input, "escaped: " + t, t);
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      if (ms > PER_IMAGE_MS) {
        fail(seed, n, input, "took " + ms + " ms", null);
      }
    }
    System.out.printf("decoder fuzz: seed %d, %d inputs in %.1f s, %d decoded, failures by kind %s%n", seed, n,
        (System.nanoTime() - t0) / 1e9, decoded, reasons);
    assertThat(n).as("inputs tried").isGreaterThan(50);
    assertThat(reasons).as("mutations reach the error paths").isNotEmpty();
    assertThat(decoded).as("and some mutants still decode").isPositive();
  }

  private static void check(DecodedImage d, byte[] input) {
    assertThat(d.encodedBytes()).isEqualTo(input.length);
    assertThat(d.format()).isIn("jpeg", "png", "gif", "webp", "bmp");
    assertThat((long) d.width() * d.height()).isLessThanOrEqualTo(FUZZ_LIMITS.maxPixels());
    int s = d.subsampling();
    assertThat(d.pixels().width()).isEqualTo((d.width() + s - 1) / s);
    assertThat(d.pixels().height()).isEqualTo((d.height() + s - 1) / s);
    assertThat(d.pixels().pixels()).isLessThanOrEqualTo(FUZZ_LIMITS.maxDecodedPixels());
  }

  private static void fail(long seed, int n, byte[] input, String what, Throwable t) throws IOException {
    Path dir = Path.of("target", "fuzz-failures");
    Files.createDirectories(dir);
    Path file = dir.resolve("seed-" + seed + "-input-" + n + ".bin");
    Files.write(file, input);
    throw new AssertionError("decoder fuzz (seed " + seed + ", input " + n + ", saved to " + file + "): " + what, t);
  }

  /** The mutations, each chosen at random and applied one to four times per input. */
  static final class Mutator {
    private static final int[] INTERESTING = {0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE};

    static byte[] mutate(byte[] seed, List<byte[]> corpus, SplittableRandom rnd) {
      byte[] b = seed.clone();
      int rounds = 1 + rnd.nextInt(4);
      for (int r = 0; r < rounds && b.length > 0; r++) {
        b = switch (rnd.nextInt(7)) {
          case 0 -> flipBits(b, rnd);
          case 1 -> interestingByte(b, rnd);
          case 2 -> Arrays.copyOf(b, rnd.nextInt(b.length)); // truncation
          case 3 -> splice(b, corpus.get(rnd.nextInt(corpus.size())), rnd);
          case 4 -> corruptLength(b, rnd);
          case 5 -> deleteRange(b, rnd);
          default -> duplicateRange(b, rnd);
        };
      }
      return b;
    }

    static byte[] flipBits(byte[] b, SplittableRandom rnd) {
      int k = 1 + rnd.nextInt(8);
      for (int i = 0; i < k; i++) {
        int at = rnd.nextInt(b.length);
        b[at] ^= (byte) (1 << rnd.nextInt(8));
      }
      return b;
    }

    static byte[] interestingByte(byte[] b, SplittableRandom rnd) {
      b[rnd.nextInt(b.length)] = (byte) INTERESTING[rnd.nextInt(INTERESTING.length)];
      return b;
    }

    /** Replaces a range of {@code b} with a range of another real image (chunks, segments, scans). */
    static byte[] splice(byte[] b, byte[] other, SplittableRandom rnd) {
      int from = rnd.nextInt(other.length);
      int len = 1 + rnd.nextInt(Math.min(other.length - from, 4_096));
      int at = rnd.nextInt(b.length);
      int cut = rnd.nextInt(Math.min(b.length - at, 4_096) + 1);
      byte[] out = new byte[b.length - cut + len];
      System.arraycopy(b, 0, out, 0, at);
      System.arraycopy(other, from, out, at, len);
      System.arraycopy(b, at + cut, out, at + len, b.length - at - cut);
      return out;
    }

    static byte[] deleteRange(byte[] b, SplittableRandom rnd) {
      int at = rnd.nextInt(b.length);
      int len = rnd.nextInt(Math.min(b.length - at, 512) + 1);
      byte[] out = new byte[b.length - len];
      System.arraycopy(b, 0, out, 0, at);
      System.arraycopy(b, at + len, out, at, b.length - at - len);
      return out;
    }

    static byte[] duplicateRange(byte[] b, SplittableRandom rnd) {
      int at = rnd.nextInt(b.length);
      int len = 1 + rnd.nextInt(Math.min(b.length - at, 512));
      byte[] out = new byte[b.length + len];
      System.arraycopy(b, 0, out, 0, at + len);
      System.arraycopy(b, at, out, at + len, b.length - at);
      return out;
    }

    /** Overwrites one length or dimension field the format declares with an extreme or random value. */
    static byte[] corruptLength(byte[] b, SplittableRandom rnd) {
      List<int[]> fields = new ArrayList<>(); // {offset, width in bytes, big-endian 1/0}
      ImageFormat f = ImageFormat.detect(b).orElse(null);
      if (f == ImageFormat.PNG) {
        for (int i = 8; i + 8 <= b.length && fields.size() < 64; ) {
          fields.add(new int[] {i, 4, 1});
          long len = (b[i] & 0xFFL) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
          if (b[i + 4] == 'I' && b[i + 5] == 'H') {
            fields.add(new int[] {i + 8, 4, 1}); // width
            fields.add(new int[] {i + 12, 4, 1}); // height
          }
          if (len > b.length) {
            break;
          }
          i += 12 + (int) len;
        }
      } else if (f == ImageFormat.JPEG) {
        for (int i = 2; i + 4 <= b.length && fields.size() < 64; ) {
          if ((b[i] & 0xFF) != 0xFF) {
            break;
          }
          int m = b[i + 1] & 0xFF;
          if (m == 0xDA || m == 0xD9) {
            fields.add(new int[] {i + 2, 2, 1});
            break;
          }
          fields.add(new int[] {i + 2, 2, 1});
          if (m >= 0xC0 && m <= 0xC2) {
            fields.add(new int[] {i + 5, 2, 1}); // height
            fields.add(new int[] {i + 7, 2, 1}); // width
            fields.add(new int[] {i + 9, 1, 1}); // components
          }
          i += 2 + ((b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF));
        }
      } else if (f == ImageFormat.WEBP) {
        fields.add(new int[] {4, 4, 0});
        for (int i = 12; i + 8 <= b.length && fields.size() < 16; ) {
          fields.add(new int[] {i + 4, 4, 0});
          long len = (b[i + 4] & 0xFFL) | (b[i + 5] & 0xFF) << 8 | (b[i + 6] & 0xFF) << 16 | (b[i + 7] & 0xFFL) << 24;
          if (len > b.length) {
            break;
          }
          fields.add(new int[] {i + 8, 4, 0}); // the chunk's first word (VP8X flags / VP8L header / frame tag)
          i += 8 + (int) len + (int) (len & 1);
        }
      } else if (f == ImageFormat.BMP) {
        fields.add(new int[] {2, 4, 0});
        fields.add(new int[] {10, 4, 0});
        fields.add(new int[] {18, 4, 0});
        fields.add(new int[] {22, 4, 0});
        fields.add(new int[] {28, 2, 0});
        fields.add(new int[] {34, 4, 0});
      } else if (f == ImageFormat.GIF) {
        fields.add(new int[] {6, 2, 0});
        fields.add(new int[] {8, 2, 0});
        fields.add(new int[] {10, 1, 0});
      }
      if (fields.isEmpty()) {
        return flipBits(b, rnd);
      }
      int[] field = fields.get(rnd.nextInt(fields.size()));
      long v = switch (rnd.nextInt(5)) {
        case 0 -> 0;
        case 1 -> -1; // all ones
        case 2 -> 1L << (8 * field[1] - 1);
        case 3 -> rnd.nextLong();
        default -> 1 + rnd.nextInt(16);
      };
      for (int k = 0; k < field[1] && field[0] + k < b.length; k++) {
        int shift = field[2] == 1 ? 8 * (field[1] - 1 - k) : 8 * k;
        b[field[0] + k] = (byte) (v >>> shift);
      }
      return b;
    }
  }
}
