package dev.prism.models.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalValue;
import dev.prism.models.TextNodeProvider;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Coverage-guided fuzzing (Jazzer) of {@code text_stats}: for any string, every feature is within
 * the contract (22 named, finite values; counts whole and non-negative; ratios in [0, 1]; checked
 * by hand and by the contract itself), the pattern counts equal the {@code java.util.regex}
 * definitions they replaced (on inputs short enough for those regexes), and the time is linear: the
 * input ({@code textStats}) and the input repeated to {@value #AMPLIFIED_CHARS} characters ({@code
 * linearTime}) each finish within {@link #boundNanos}. A normal test run replays the committed seeds in {@code
 * src/test/resources/dev/prism/models/text/TextStatsFuzzTestInputs/<method>/}; {@code
 * JAZZER_FUZZ=1} fuzzes (docs/FUZZING.md).
 *
 * <p>Input bytes are UTF-8 text, except that a first byte 0 makes the rest raw UTF-16LE code
 * units, so the fuzzer can also produce unpaired surrogates (which no UTF-8 decoding yields).
 */
class TextStatsFuzzTest {
  /** Repeating the input up to this length turns a superlinear scanner into seconds. */
  static final int AMPLIFIED_CHARS = 16_384;
  /** Inputs up to this length are also run through the reference regexes (which overflow the stack on long runs). */
  static final int REGEX_REFERENCE_MAX_CHARS = 512;
  /**
   * Per-input bound: 50 ms plus 20 us per character (330 ms at 16k characters). Linear scans take
   * about 1 ms per 16k characters here; the replaced EMAIL regex took 1.2 s on one 20k-character token.
   */
  static final long BASE_NANOS = 50_000_000L;
  static final long NANOS_PER_CHAR = 20_000L;

  private static final Set<String> RATIOS = Set.of("unique_token_ratio", "uppercase_ratio", "all_caps_token_ratio",
      "digit_ratio", "punctuation_ratio", "emoji_ratio", "non_ascii_ratio");
  private static final SignalContract CONTRACT = TextNodeProvider.contracts().stream()
      .filter(c -> c.spec().equals(TextStatsNode.TEXT_STATS)).findFirst().orElseThrow();

  static String decode(byte[] input) {
    if (input.length > 0 && input[0] == 0) {
      ByteBuffer b = ByteBuffer.wrap(input, 1, input.length - 1).order(ByteOrder.LITTLE_ENDIAN);
      StringBuilder s = new StringBuilder();
      while (b.remaining() >= 2) {
        s.append(b.getChar());
      }
      return s.toString();
    }
    return new String(input, StandardCharsets.UTF_8);
  }

  static long boundNanos(int chars) {
    return BASE_NANOS + NANOS_PER_CHAR * chars;
  }

  /** Best of two runs, so that one GC pause or JIT compilation does not count as superlinear. */
  private static long timed(String s) {
    long best = Long.MAX_VALUE;
    for (int k = 0; k < 2; k++) {
      long t0 = System.nanoTime();
      TextStats.compute(s);
      best = Math.min(best, System.nanoTime() - t0);
      if (best <= boundNanos(s.length())) {
        break;
      }
    }
    return best;
  }

  @FuzzTest(maxDuration = "60s")
  void textStats(byte[] input) {
    String s = decode(input);
    Map<String, Double> f = TextStats.compute(s);

    assertThat(new ArrayList<>(f.keySet())).isEqualTo(TextStats.NAMES);
    CONTRACT.validate(new SignalValue.Features(f));
    int n = s.codePointCount(0, s.length());
    for (Map.Entry<String, Double> e : f.entrySet()) {
      double v = e.getValue();
      assertThat(Double.isFinite(v)).as(e.getKey()).isTrue();
      assertThat(v).as(e.getKey()).isGreaterThanOrEqualTo(0.0);
      if (RATIOS.contains(e.getKey())) {
        assertThat(v).as(e.getKey()).isLessThanOrEqualTo(1.0);
      } else if (!e.getKey().equals("avg_token_length")) {
        assertThat(v).as("%s is a count", e.getKey()).isEqualTo(Math.rint(v));
        if (!e.getKey().equals("line_count")) {
          assertThat(v).as("%s <= characters", e.getKey()).isLessThanOrEqualTo(n);
        }
      }
    }
    assertThat(f.get("char_count")).isEqualTo(n);
    assertThat(f.get("avg_token_length")).isLessThanOrEqualTo(f.get("max_token_length"));
    assertThat(f.get("exclamation_count")).isEqualTo(s.chars().filter(c -> c == '!').count());
    assertThat(f.get("question_count")).isEqualTo(s.chars().filter(c -> c == '?').count());
    assertThat(f.get("max_char_run")).isEqualTo(n == 0 ? 0 : Math.max(1, f.get("max_char_run")));
    assertThat(f.get("line_count")).isLessThanOrEqualTo(s.length() + 1);

    if (s.length() <= REGEX_REFERENCE_MAX_CHARS) {
      Map<String, Double> ref = TextPatternTest.referenceFeatures(s);
      ref.forEach((name, want) -> assertThat(f.get(name)).as("%s against the regex", name).isEqualTo(want));
    }

    assertThat(timed(s)).as("time for %d chars", s.length()).isLessThanOrEqualTo(boundNanos(s.length()));
  }

  /**
   * Linear time: the input repeated to {@value #AMPLIFIED_CHARS} characters (periodic inputs are
   * what broke the regexes: digit runs, {@code a.a.a.}, long tokens) within {@link #boundNanos}. A
   * method of its own because it runs at tens of inputs per second, the others at thousands.
   */
  @FuzzTest(maxDuration = "60s")
  void linearTime(byte[] input) {
    String s = decode(input);
    if (s.isEmpty()) {
      return;
    }
    String big = s.repeat(Math.max(1, AMPLIFIED_CHARS / s.length()));
    assertThat(timed(big)).as("time for the input repeated to %d chars", big.length())
        .isLessThanOrEqualTo(boundNanos(big.length()));
  }

  /** The scanners alone, on the same inputs: spans in order, inside the text, not overlapping. */
  @FuzzTest(maxDuration = "60s")
  void patterns(byte[] input) {
    String s = decode(input);
    for (TextPattern p : TextPattern.values()) {
      TextPattern.Spans spans = new TextPattern.Spans();
      p.scan(s, spans);
      int at = 0;
      for (int k = 0; k < spans.size(); k++) {
        assertThat(spans.start(k)).as("%s span %d", p, k).isGreaterThanOrEqualTo(at);
        assertThat(spans.end(k)).as("%s span %d", p, k).isGreaterThan(spans.start(k)).isLessThanOrEqualTo(s.length());
        at = spans.end(k);
      }
      if (s.length() <= REGEX_REFERENCE_MAX_CHARS) {
        assertThat(TextPatternTest.scannerSpans(p, s)).as("%s against the regex", p)
            .isEqualTo(TextPatternTest.regexSpans(TextPatternTest.REFERENCE.get(p), s));
        assertThat(p.replaceAll(s, " ")).isEqualTo(TextPatternTest.REFERENCE.get(p).matcher(s).replaceAll(" "));
      }
    }
  }
}
