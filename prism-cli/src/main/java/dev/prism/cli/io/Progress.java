package dev.prism.cli.io;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line on stderr: percentage of input bytes read, items done, rate, ETA. Redrawn in
 * place on a terminal at most 5 times per second; off a terminal (CI logs, pipes) a plain line
 * every 10 seconds so logs stay readable.
 */
public final class Progress {
  private static final long TTY_INTERVAL_NANOS = 200_000_000L;
  private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

  private final PrintStream out;
  private final boolean tty;
  private final long totalBytes;
  private final long start = System.nanoTime();
  private long last;

  public Progress(PrintStream out, boolean tty, long totalBytes) {
    this.out = out;
    this.tty = tty;
    this.totalBytes = totalBytes;
  }

  public void update(long bytesRead, long items, long failed) {
    long now = System.nanoTime();
    if (now - last < (tty ? TTY_INTERVAL_NANOS : LOG_INTERVAL_NANOS)) {
      return;
    }
    last = now;
    out.print(render(bytesRead, items, failed, now) + (tty ? "\r" : "\n"));
    out.flush();
  }

  public void finish(long items, long failed) {
    long now = System.nanoTime();
    out.print(render(totalBytes, items, failed, now) + "\n");
    out.flush();
  }

  String render(long bytesRead, long items, long failed, long now) {
    double secs = Math.max(1e-9, (now - start) / 1e9);
    double frac = totalBytes > 0 ? Math.min(1.0, (double) bytesRead / totalBytes) : 0;
    int width = 30;
    int filled = (int) Math.round(frac * width);
    String bar = "#".repeat(filled) + ".".repeat(width - filled);
    double rate = items / secs;
    String eta = frac > 0 && frac < 1 ? duration(secs / frac - secs) : "-";
    return String.format(Locale.ROOT, "[%s] %3.0f%% %,d items %,.0f/s elapsed %s ETA %s%s", bar, frac * 100, items, rate,
        duration(secs), eta, failed > 0 ? String.format(Locale.ROOT, " (%,d failed)", failed) : "");
  }

  static String duration(double secs) {
    long s = Math.round(secs);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
