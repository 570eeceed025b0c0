package dev.prism.cli.support;

/** Exit codes shared by every {@code prism} subcommand, so scripts can rely on one convention. */
public final class ExitCodes {
  private ExitCodes() {}

  /** Everything worked. */
  public static final int OK = 0;
  /** The command could not run: bad file, bad configuration, unknown task, database error. */
  public static final int ERROR = 1;
  /** Bad command line (picocli's own convention). */
  public static final int USAGE = 2;
  /** The command completed, but some rows or signals failed; each is reported with its line. */
  public static final int PARTIAL = 3;
}
