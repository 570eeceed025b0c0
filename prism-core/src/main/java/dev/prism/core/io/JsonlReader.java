package dev.prism.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads JSON Lines (one JSON value per line) a line at a time, so memory is bounded by the longest
 * line and every problem names its 1-based line.
 *
 * <ul>
 *   <li>Blank lines (only whitespace) are skipped; line numbers still count them, so they match
 *       what an editor shows.
 *   <li>A UTF-8 byte-order mark at the start of the first line is dropped (some editors and
 *       spreadsheet exports write one; it is not JSON).
 *   <li>A line that is not exactly one JSON value — malformed, or with text after the value
 *       ({@code {"a":1} {"b":2}}) — is a {@link JsonlException} naming the source, line and problem.
 *       The reader has already moved past that line, so a caller that skips bad rows just calls
 *       {@link #next()} again; a caller that stops lets it propagate.
 * </ul>
 *
 * What a value must look like (an object, required fields) is the caller's business; {@link
 * #forEach} prefixes the caller's own {@link IllegalArgumentException}s with {@code SOURCE:LINE:} so
 * the message format is the same for both kinds of problem.
 */
public final class JsonlReader implements AutoCloseable {

  private static final char BOM = '\uFEFF';
  private static final ObjectReader DEFAULT_READER = new ObjectMapper().readerFor(JsonNode.class);

  /** One non-blank line: its 1-based number and the JSON value on it. */
  public record Line(long number, JsonNode value) {}

  /** Receives each line of {@link #forEach}. */
  @FunctionalInterface
  public interface Handler {
    void accept(Line line) throws IOException;
  }

  /**
   * A problem at one line of a JSON Lines source. The message is {@code SOURCE:LINE: PROBLEM};
   * {@link #problem()} is the part after the location, for callers that report location separately.
   */
  public static final class JsonlException extends IllegalArgumentException {
    private final String source;
    private final long line;
    private final String problem;

    public JsonlException(String source, long line, String problem, Throwable cause) {
      super(source + ":" + line + ": " + problem, cause);
      this.source = source;
      this.line = line;
      this.problem = problem;
    }

    /** What the input was called in the message (usually the file path). */
    public String source() {
      return source;
    }

    /** 1-based line. */
    public long line() {
      return line;
    }

    /** The problem without the location. */
    public String problem() {
      return problem;
    }
  }

  private final BufferedReader in;
  private final String source;
  private final ObjectReader json;
  private long lineNumber;

  /**
   * @param source what to call the input in messages, usually its file path
   * @param mapper parses each line (its configuration applies); trailing text after the value is
   *     always an error
   */
  public JsonlReader(Reader in, String source, ObjectMapper mapper) {
    this.in = in instanceof BufferedReader b ? b : new BufferedReader(in);
    this.source = source;
    this.json = (mapper == null ? DEFAULT_READER : mapper.readerFor(JsonNode.class))
        .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  public JsonlReader(Reader in, String source) {
    this(in, source, null);
  }

  /** Opens a UTF-8 file; messages name it by its path. */
  public static JsonlReader open(Path file) throws IOException {
    return new JsonlReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Every line of {@code file}, in order, to {@code handler}. An {@link IllegalArgumentException}
   * thrown by the handler becomes a {@link JsonlException} at that line (its message prefixed with
   * {@code FILE:LINE:}, the original as its cause); a malformed line stops reading with one.
   */
  public static void forEach(Path file, Handler handler) throws IOException {
    try (JsonlReader r = open(file)) {
      for (Line line = r.next(); line != null; line = r.next()) {
        try {
          handler.accept(line);
        } catch (JsonlException e) {
          throw e;
        } catch (IllegalArgumentException e) {
          throw new JsonlException(r.source, line.number(), e.getMessage(), e);
        }
      }
    }
  }

  /**
   * The next non-blank line, or null at the end of the input.
   *
   * @throws JsonlException when the line is not exactly one JSON value; the reader stands at the
   *     next line
   */
  public Line next() throws IOException {
    String text;
    while ((text = in.readLine()) != null) {
      lineNumber++;
      if (lineNumber == 1 && !text.isEmpty() && text.charAt(0) == BOM) {
        text = text.substring(1);
      }
      if (text.isBlank()) {
        continue;
      }
      try {
        return new Line(lineNumber, json.readTree(text));
      } catch (MismatchedInputException e) {
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
          throw new JsonlException(source, lineNumber, "not valid JSON: more than one value on the line"
              + column(e) + "; JSON Lines holds one value per line", e);
        }
        throw new JsonlException(source, lineNumber, "not valid JSON: " + e.getOriginalMessage(), e);
      } catch (JsonProcessingException e) {
        throw new JsonlException(source, lineNumber, "not valid JSON: " + e.getOriginalMessage(), e);
      }
    }
    return null;
  }

  private static String column(JsonProcessingException e) {
    return e.getLocation() == null || e.getLocation().getColumnNr() < 1 ? "" : " (the next starts at column " + e.getLocation().getColumnNr() + ")";
  }

  /** Lines read so far, blank ones included: the number of the last line returned or rejected. */
  public long lineNumber() {
    return lineNumber;
  }

  /** What the input is called in messages. */
  public String source() {
    return source;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
