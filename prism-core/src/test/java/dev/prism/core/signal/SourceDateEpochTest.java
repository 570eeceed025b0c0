package dev.prism.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SourceDateEpochTest {
  static final Instant NOW = Instant.parse("2026-11-26T13:37:47.123456Z");

  @Test
  void fixedBySourceDateEpochElseNowToTheSecond() {
    // 1700000000 s after the epoch is 2023-11-14T22:13:20Z (date -u -d @1700000000)
    assertThat(SourceDateEpoch.timestamp("1700000000", NOW)).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(SourceDateEpoch.timestamp(null, NOW)).isEqualTo("2026-11-26T13:37:47Z");
    assertThat(SourceDateEpoch.timestamp(" ", NOW)).isEqualTo("2026-11-26T13:37:47Z");
  }

  @Test
  void rejectsWhatIsNotSecondsSinceTheEpoch() {
    assertThatThrownBy(() -> SourceDateEpoch.timestamp("2026-01-01", NOW))
        .hasMessage("SOURCE_DATE_EPOCH must be an integer number of seconds since 1970-01-01T00:00:00Z, got '2026-01-01'");
    assertThatThrownBy(() -> SourceDateEpoch.timestamp("-5", NOW)).hasMessage("SOURCE_DATE_EPOCH must be >= 0, got -5");
  }
}
