package dev.prism.models.image.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.prism.core.image.RgbImage;
import dev.prism.models.image.Kodak;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hash layout and arithmetic against hand-built inputs, and pHash/dHash of the 24 Kodak images against
 * an independent numpy implementation (src/test/python/hash_reference.py).
 */
class PerceptualHashTest {
  private static final int N = PerceptualHash.PHASH_SIZE;

  private static double basis(int k, int i) {
    return Math.cos(Math.PI * (2 * i + 1) * k / (2.0 * N));
  }

  @Test
  void dctOfOneCosineIsOneCoefficient() {
    // p[y][x] = cos(pi (2x+1) / 64): the (u=0, v=1) basis. Unnormalized DCT-II (scipy norm=None):
    // D[0][1] = 2 sum_y (2 sum_x cos^2) = 2 x 32 x (2 x 16) = 2048, every other coefficient 0 by orthogonality.
    double[] p = new double[N * N];
    for (int y = 0; y < N; y++) {
      for (int x = 0; x < N; x++) {
        p[y * N + x] = basis(1, x);
      }
    }
    double[] d = PerceptualHash.dctLow(p);
    for (int i = 0; i < 64; i++) {
      assertThat(d[i]).as("coefficient %d", i).isCloseTo(i == 1 ? 2048.0 : 0.0, within(1e-9));
    }
    // A constant plane of 1: only DC, 2 x 32 x 2 x 32 = 4096.
    java.util.Arrays.fill(p, 1.0);
    assertThat(PerceptualHash.dctLow(p)[0]).isCloseTo(4096.0, within(1e-9));
  }

  @Test
  void phashThresholdsAtTheMedianInRowMajorOrder() {
    // Build a thumbnail whose low 8x8 DCT is exactly c[u][v] = (u*8+v)*37 mod 64, a permutation of 0..63:
    // p = sum c[u][v] b_u(y) b_v(x) / (4 s_u s_v), with s_0 = 32 and s_k = 16 (sum of the squared basis).
    int[] c = new int[64];
    for (int i = 0; i < 64; i++) {
      c[i] = i * 37 % 64;
    }
    double[] p = new double[N * N];
    for (int u = 0; u < 8; u++) {
      for (int v = 0; v < 8; v++) {
        double a = c[u * 8 + v] / (4.0 * (u == 0 ? 32 : 16) * (v == 0 ? 32 : 16));
        for (int y = 0; y < N; y++) {
          for (int x = 0; x < N; x++) {
            p[y * N + x] += a * basis(u, y) * basis(v, x);
          }
        }
      }
    }
    // Median of 0..63 is 31.5: bit i (from the most significant) is c[i] >= 32.
    StringBuilder bits = new StringBuilder();
    for (int i = 0; i < 64; i++) {
      bits.append(c[i] >= 32 ? '1' : '0');
    }
    long expected = Long.parseUnsignedLong(bits.toString(), 2);
    assertThat(PerceptualHash.phashOfThumbnail(p)).isEqualTo(expected);
  }

  @Test
  void dhashBitsAreLeftToRightIncreasesRowByRow() {
    // A 9x8 grey image (the box resample is the identity at that size): row y steps up for the 1-bits of
    // the byte 0x5a ^ (y * 29) and down for its 0-bits, so the hash is those 8 bytes, row 0 first.
    long expected = 0;
    byte[] rgb = new byte[9 * 8 * 3];
    for (int y = 0; y < 8; y++) {
      int b = (0x5a ^ (y * 29)) & 0xFF;
      expected = (expected << 8) | b;
      int v = 100;
      for (int x = 0; x < 9; x++) {
        if (x > 0) {
          v += ((b >>> (8 - x)) & 1) == 1 ? 3 : -3;
        }
        int j = (y * 9 + x) * 3;
        rgb[j] = rgb[j + 1] = rgb[j + 2] = (byte) v;
      }
    }
    assertThat(PerceptualHash.dhash(new RgbImage(9, 8, rgb))).isEqualTo(expected);
  }

  @Test
  void hexAndHamming() {
    assertThat(PerceptualHash.hex(0x00ffL)).isEqualTo("00000000000000ff");
    assertThat(PerceptualHash.hex(-1L)).isEqualTo("ffffffffffffffff");
    assertThat(PerceptualHash.parse("8000000000000001")).isEqualTo(0x8000000000000001L);
    assertThat(PerceptualHash.hamming("0000000000000000", "ffffffffffffffff")).isEqualTo(64);
    assertThat(PerceptualHash.hamming("00000000000000f0", "000000000000000f")).isEqualTo(8);
    assertThat(PerceptualHash.hamming(0b1011L, 0b0001L)).isEqualTo(2);
    assertThat(PerceptualHash.phashNearDuplicate(0L, (1L << PerceptualHash.PHASH_DUPLICATE_THRESHOLD) - 1)).isTrue();
    assertThat(PerceptualHash.phashNearDuplicate(0L, (1L << (PerceptualHash.PHASH_DUPLICATE_THRESHOLD + 1)) - 1)).isFalse();
    assertThatThrownBy(() -> PerceptualHash.parse("abc")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16 hex digits, got 'abc'");
    assertThatThrownBy(() -> PerceptualHash.parse("000000000000000g")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a hex hash");
    assertThatThrownBy(() -> PerceptualHash.phashOfThumbnail(new double[10])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 1024 values, got 10");
  }

  @Test
  void kodakHashesMatchTheIndependentNumpyReference() throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        PerceptualHashTest.class.getResourceAsStream("/image-hash-reference.tsv"), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.startsWith("#")) {
          rows.add(line.split("\t"));
        }
      }
    }
    assertThat(rows).hasSize(Kodak.COUNT);
    for (int i = 0; i < Kodak.COUNT; i++) {
      String[] row = rows.get(i);
      assertThat(row[0]).isEqualTo(Kodak.name(i));
      PerceptualHash.Hashes h = PerceptualHash.both(Kodak.rgb(Kodak.image(i)));
      assertThat(PerceptualHash.hex(h.phash())).as("pHash of %s", row[0]).isEqualTo(row[1]);
      assertThat(PerceptualHash.hex(h.dhash())).as("dHash of %s", row[0]).isEqualTo(row[2]);
    }
  }
}
