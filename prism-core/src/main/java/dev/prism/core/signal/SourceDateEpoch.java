package dev.prism.core.signal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The time recorded in files Prism produces ({@code trained_at} of a head artifact,
 * {@code created_at} of a snapshot's metadata). The reproducible-builds convention
 * {@code SOURCE_DATE_EPOCH} (seconds since 1970-01-01 UTC) fixes it, so that two trainings of the
 * same snapshot write byte-identical artifacts (docs/reproducibility.md); unset, it is the
 * current time to the second.
 */
public final class SourceDateEpoch {
  /** The environment variable (https://reproducible-builds.org/specs/source-date-epoch/). */
  public static final String ENV = "SOURCE_DATE_EPOCH";

  private SourceDateEpoch() {}

  /** From this process's environment. */
  public static String timestamp() {
    return timestamp(System.getenv(ENV), Instant.now());
  }

  /**
   * @param value the variable's value, null or blank when unset
   * @return ISO-8601 instant, e.g. {@code 2026-11-26T13:37:47Z}
   */
  public static String timestamp(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return now.truncatedTo(ChronoUnit.SECONDS).toString();
    }
    long seconds;
    try {
      seconds = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(ENV + " must be an integer number of seconds since 1970-01-01T00:00:00Z, got '" + value + "'", e);
    }
    if (seconds < 0) {
      throw new IllegalArgumentException(ENV + " must be >= 0, got " + seconds);
    }
    return Instant.ofEpochSecond(seconds).toString();
  }
}
