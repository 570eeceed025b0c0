package dev.prism.server;

/**
 * An RFC 9457 problem detail. {@code type} is a stable URI naming the kind of problem (documented in
 * the OpenAPI document), {@code detail} the precise, human-readable reason for this occurrence.
 */
public record Problem(String type, String title, int status, String detail) {
  public static final String MEDIA_TYPE = "application/problem+json";
  static final String BASE = "https://prism.dev/problems/";

  /** A 4xx/5xx answer carrying a problem. Thrown inside handlers, rendered by the server. */
  public static final class Failure extends RuntimeException {
    private final transient Problem problem;
    private final Integer retryAfterSeconds;

    public Failure(Problem problem, Integer retryAfterSeconds) {
      super(problem.detail());
      this.problem = problem;
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
      return problem;
    }

    public Integer retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  static Failure badRequest(String detail) {
    return new Failure(new Problem(BASE + "invalid-request", "Invalid request", 400, detail), null);
  }

  static Failure unknownSignal(String detail) {
    return new Failure(new Problem(BASE + "unknown-signal", "Unknown signal", 400, detail), null);
  }

  static Failure tooLarge(String detail) {
    return new Failure(new Problem(BASE + "too-large", "Request too large", 413, detail), null);
  }

  static Failure unsupportedMedia(String detail) {
    return new Failure(new Problem(BASE + "unsupported-media-type", "Unsupported media type", 415, detail), null);
  }

  static Failure overloaded(String detail) {
    return overloaded(detail, 1);
  }

  static Failure overloaded(String detail, int retryAfterSeconds) {
    return new Failure(new Problem(BASE + "overloaded", "Server overloaded", 503, detail), retryAfterSeconds);
  }

  /** The request could not be answered within its deadline: refused before any work (503). */
  static Failure deadline(String detail, int retryAfterSeconds) {
    return new Failure(new Problem(BASE + "deadline-unmeetable", "Deadline cannot be met", 503, detail), retryAfterSeconds);
  }

  static Failure requestTimeout(String detail) {
    return new Failure(new Problem(BASE + "request-timeout", "Request timeout", 408, detail), null);
  }

  static Failure rateLimited(String detail, int retryAfterSeconds) {
    return new Failure(new Problem(BASE + "rate-limited", "Too many requests", 429, detail), retryAfterSeconds);
  }

  static Failure unauthorized(String detail) {
    return new Failure(new Problem(BASE + "unauthorized", "Unauthorized", 401, detail), null);
  }

  static Failure forbidden(String detail) {
    return new Failure(new Problem(BASE + "forbidden", "Forbidden", 403, detail), null);
  }

  /** The short reason of a problem type (the last path segment of its URI), for metrics. */
  String reason() {
    return type.substring(type.lastIndexOf('/') + 1);
  }

  static Failure batchFailed(String detail) {
    return new Failure(new Problem(BASE + "batch-failed", "Batch failed", 500, detail), null);
  }

  /** 499 (nginx's "client closed request"): counted in the request metrics by status; the client is gone and reads nothing. */
  static Failure clientClosed(String detail) {
    return new Failure(new Problem(BASE + "client-closed", "Client closed request", 499, detail), null);
  }

  static Failure timeout(String detail) {
    return new Failure(new Problem(BASE + "timeout", "Request timed out", 503, detail), 1);
  }
}
