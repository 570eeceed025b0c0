package dev.prism.models.image.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.prism.core.image.DecodedImage;
import dev.prism.core.image.ImageDecodeException;

/**
 * Coverage-guided fuzzing of {@link SafeImageDecoder} with Jazzer. In a normal test run (no
 * {@code JAZZER_FUZZ}) this replays the committed seed corpus in
 * {@code src/test/resources/dev/prism/models/image/decode/DecoderJazzerFuzzTestInputs/decode/}
 * (one small real image per format and variant) as a regression test; with {@code JAZZER_FUZZ=1}
 * it fuzzes (see DECODING.md).
 */
class DecoderJazzerFuzzTest {
  private static final SafeImageDecoder DECODER = new SafeImageDecoder(DecoderMutationFuzzTest.FUZZ_LIMITS);

  @FuzzTest(maxDuration = "60s")
  void decode(byte[] input) {
    try {
      DecodedImage d = DECODER.decode(input);
      int s = d.subsampling();
      assertThat(d.pixels().width()).isEqualTo((d.width() + s - 1) / s);
      assertThat(d.pixels().height()).isEqualTo((d.height() + s - 1) / s);
      assertThat(d.encodedBytes()).isEqualTo(input.length);
    } catch (ImageDecodeException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
