package dev.prism.models.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.prism.core.image.RgbImage;
import org.junit.jupiter.api.Test;

/** Expected values by hand (and PIL's documented 'L' conversion for the primaries). */
class LumaTest {
  @Test
  void lumaOfPrimariesMatchesPil() {
    // PIL Image.new('RGB', (1,1), c).convert('L') gives 76, 150, 29, 255, 0 for red, green, blue, white, black.
    RgbImage img = new RgbImage(5, 1, new byte[] {(byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255,
        (byte) 255, (byte) 255, (byte) 255, 0, 0, 0});
    assertThat(Luma.of(img)).containsExactly(76, 150, 29, 255, 0);
  }

  @Test
  void greyIsItsOwnLuma() {
    for (int v = 0; v < 256; v++) {
      RgbImage img = new RgbImage(1, 1, new byte[] {(byte) v, (byte) v, (byte) v});
      assertThat(Luma.of(img)[0]).isEqualTo(v);
    }
  }

  @Test
  void boxDownscaleWeighsFractionalOverlap() {
    // 3 -> 2: output 0 covers [0, 1.5) = 1 x 0 + 0.5 x 30, / 1.5 = 10; output 1 = (0.5 x 30 + 60) / 1.5 = 50.
    assertThat(Luma.boxResample(new int[] {0, 30, 60}, 3, 1, 2, 1)).containsExactly(10.0, 50.0);
    // 2x2 -> 1x1 is the mean.
    assertThat(Luma.boxResample(new int[] {1, 2, 3, 6}, 2, 2, 1, 1)).containsExactly(3.0);
    // 5 -> 2 vertically: [0, 2.5) = (10 + 20 + 0.5 x 30) / 2.5 = 18; [2.5, 5) = (0.5 x 30 + 40 + 50) / 2.5 = 42.
    assertThat(Luma.boxResample(new int[] {10, 20, 30, 40, 50}, 1, 5, 1, 2)).containsExactly(18.0, 42.0);
  }

  @Test
  void boxUpscaleReplicatesAndIdentityKeeps() {
    assertThat(Luma.boxResample(new int[] {7, 9}, 2, 1, 4, 1)).containsExactly(7.0, 7.0, 9.0, 9.0);
    // 2 -> 3: middle output covers [2/3, 4/3): half of each source pixel.
    assertThat(Luma.boxResample(new int[] {0, 90}, 2, 1, 3, 1)).containsExactly(0.0, 45.0, 90.0);
    int[] plane = {1, 2, 3, 4, 5, 6};
    assertThat(Luma.boxResample(plane, 3, 2, 3, 2)).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void boxResampleKeepsTheMean() {
    int[] plane = new int[97 * 61];
    long sum = 0;
    for (int i = 0; i < plane.length; i++) {
      plane[i] = (i * 7919) % 256;
      sum += plane[i];
    }
    double[] out = Luma.boxResample(plane, 97, 61, 32, 32);
    double mean = java.util.Arrays.stream(out).average().orElseThrow();
    assertThat(mean).isCloseTo((double) sum / plane.length, within(1e-9));
  }

  @Test
  void badSizesAreRejected() {
    assertThatThrownBy(() -> Luma.boxResample(new int[4], 2, 2, 0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2x2 -> 0x1");
    assertThatThrownBy(() -> Luma.boxResample(new int[3], 2, 2, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 4 values, got 3");
  }
}
