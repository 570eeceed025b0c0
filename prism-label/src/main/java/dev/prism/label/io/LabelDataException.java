package dev.prism.label.io;

import java.nio.file.Path;

/**
 * A data file that cannot be used, with where: the file, and the line and/or item id when known.
 * The message always starts with the file name so that the command line can print it as is.
 */
public final class LabelDataException extends IllegalArgumentException {

  private final transient Path file;
  private final long line;
  private final String item;
  private final String problem;

  /**
   * @param line 1-based line, or {@code -1} when unknown
   * @param item item id, or {@code null}
   */
  public LabelDataException(Path file, long line, String item, String problem, Throwable cause) {
    super(format(file, line, item, problem), cause);
    this.file = file;
    this.line = line;
    this.item = item;
    this.problem = problem;
  }

  public LabelDataException(Path file, long line, String item, String problem) {
    this(file, line, item, problem, null);
  }

  /**
   * {@code file} could not be opened or read as {@code what} ("LF file", "CSV"). The file
   * systems' own messages are only the path, which the message already starts with, so the
   * common cases are named.
   */
  public static LabelDataException unreadable(Path file, String what, java.io.IOException e) {
    String reason = switch (e) {
      case java.nio.file.NoSuchFileException x -> "no such file";
      case java.nio.file.AccessDeniedException x -> "permission denied";
      case java.nio.file.FileSystemException x when x.getReason() != null -> x.getReason();
      default -> String.valueOf(e.getMessage());
    };
    return new LabelDataException(file, -1, null, "cannot read " + what + ": " + reason, e);
  }

  private static String format(Path file, long line, String item, String problem) {
    StringBuilder sb = new StringBuilder(String.valueOf(file));
    if (line > 0) {
      sb.append(':').append(line);
    }
    if (item != null) {
      sb.append(" (item ").append(item).append(')');
    }
    return sb.append(": ").append(problem).toString();
  }

  public Path file() {
    return file;
  }

  /** 1-based line number, or -1 when unknown. */
  public long line() {
    return line;
  }

  /** The item id, or null. */
  public String item() {
    return item;
  }

  /** The problem without the file, line and item: for callers that report the location their own way. */
  public String problem() {
    return problem;
  }
}
