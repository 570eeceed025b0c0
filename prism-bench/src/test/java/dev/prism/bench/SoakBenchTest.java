package dev.prism.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The one-minute soak (issue 9) in CI: the real encoder and text_stats behind the real server, 70 %
 * of the measured single-item saturation, good requests mixed with hostile and oversize ones.
 * Bounds are for a loaded 2-core CI machine: nothing about speed, only that good requests keep
 * their answers, descriptors do not pile up and memory does not climb steeply.
 */
class SoakBenchTest {
  /**
   * Descriptors beyond one connection per request in flight (a socket each side, see {@link
   * SoakBench.Result#peakInFlight()}): they may follow concurrency, never the number of requests
   * (a leak of one per request would be over a thousand here).
   */
  static final int FD_SLACK = 64;
  /**
   * RSS slope bound: generous, since a one-minute window on a JVM still sizing its heap is noisy;
   * one-minute runs here measured 109 and 189 MB/min (RSS 595 -> 687, 645 -> 839 MB while the heap grew); a leak of
   * the kind issue 9 saw (714 MB -> 4.1 GB within minutes) is far above it. The 10-minute soak reports the real slope.
   */
  static final double RSS_SLOPE_BOUND_MB_PER_MIN = 400;

  @Test
  void oneMinuteSoakKeepsGoodAnswersAndResourcesFlat() throws Exception {
    SoakBench.Result r = new SoakBench(new SoakBench.Options(Path.of("../datasets/youtube_spam_collection"),
        Duration.ofSeconds(50), SoakBench.DEFAULT_LOAD, 0, Duration.ofSeconds(6), Duration.ofSeconds(2), null)).run();

    assertThat(r.good()).as("good requests sent").isGreaterThan(100);
    assertThat(r.goodErrors()).as("good requests not answered correctly: %s", r.goodErrorExamples()).isZero();
    // hostile and oversize requests were answered (refused or computed), never left without an answer
    r.statuses().forEach((kind, byStatus) -> assertThat(byStatus).as(kind).doesNotContainKey(500));
    assertThat(r.statuses()).containsKeys("hostile:digits_3000", "hostile:malformed_json", "oversize:body_over_limit");
    assertThat(r.statuses().get("hostile:malformed_json")).containsOnlyKeys(400);
    assertThat(r.statuses().get("hostile:unknown_signal")).containsOnlyKeys(400);
    assertThat(r.fdMax() - r.fdFirst()).as("fd growth over the soak, %d requests in flight at most", r.peakInFlight())
        .isLessThanOrEqualTo(2 * r.peakInFlight() + FD_SLACK);
    assertThat(r.rssSlopeMbPerMin()).as("RSS slope after the first quarter").isLessThan(RSS_SLOPE_BOUND_MB_PER_MIN);
  }

  @Test
  void rssSlopeIsTheLeastSquaresFitInMegabytesPerMinute() {
    // hand calculation: 1024 kB every 2 s = 1 MB / 2 s = 30 MB/min; samples before 3 s are ignored
    var s = java.util.List.of(new SoakBench.Sample(0, 999_999, 10, 0), new SoakBench.Sample(4, 1024, 10, 0),
        new SoakBench.Sample(6, 2048, 10, 0), new SoakBench.Sample(8, 3072, 10, 0));
    assertThat(SoakBench.rssSlopeMbPerMin(s, 3)).isCloseTo(30.0, org.assertj.core.data.Offset.offset(1e-9));
  }
}
