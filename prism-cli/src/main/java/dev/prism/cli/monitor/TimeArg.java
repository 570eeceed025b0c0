package dev.prism.cli.monitor;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A point in time on the command line: {@code now}, an ISO-8601 instant, or {@code -N[smhd]} before now. */
public final class TimeArg {
  private static final Pattern AGO = Pattern.compile("-(\\d+)([smhd])");

  private TimeArg() {}

  public static Instant parse(String option, String text, Instant now) {
    String t = text.strip();
    if (t.equals("now")) {
      return now;
    }
    Matcher m = AGO.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d = switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
      return now.minus(d);
    }
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + " '" + text + "': expected now, an ISO-8601 instant "
          + "(2026-11-26T10:00:00Z) or a time before now (-2h, -30m, -1d)");
    }
  }
}
