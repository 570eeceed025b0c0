package dev.prism.server;

import dev.prism.core.config.Config;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a client may cost the server before its request reaches a handler: connections, time to
 * send headers and body, body size, body encoding (issue 9: chunked bodies were buffered without
 * bound, slow clients held ~20k connections, a stalled body got 500 with an empty body, UTF-16
 * bodies were accepted).
 *
 * <ul>
 *   <li><b>connection cap</b> — Jetty's {@link ConnectionLimit}: at {@code server.limits.max_connections}
 *       the connector stops accepting, so file descriptors stay bounded;
 *   <li><b>header deadline</b> — a sweeper closes a connection that has not completed a request's
 *       header block within {@code server.limits.header_timeout_ms} (Jetty's idle timeout alone
 *       never fires for a client that sends one byte every few seconds);
 *   <li><b>body limit and deadline</b> — {@link #readBody} counts bytes while they stream, whatever
 *       the framing, stops at {@code server.limits.max_body_bytes} with 413 and closes the
 *       connection (nothing past the limit is read or kept), and answers 408 when the body is not
 *       complete within {@code server.limits.body_timeout_ms};
 *   <li><b>encoding</b> — {@code Content-Type: application/json} is required (415 otherwise); a
 *       charset other than UTF-8, or a body in UTF-16/32 (which Jackson would otherwise detect and
 *       accept), gets 415 naming it;
 *   <li><b>TLS</b> — HTTPS only, from a PKCS12 keystore, when {@code server.tls.keystore} is set.
 * </ul>
 */
final class TransportLimits implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TransportLimits.class);
  /** Size of one read from the request body; the body buffer grows only as bytes arrive. */
  private static final int READ_CHUNK = 16 * 1024;
  /** The header sweeper runs this many times per header deadline (so a cut comes within 1.25x of it). */
  private static final int SWEEPS_PER_DEADLINE = 4;
  /** How long a refused request's connection stays open after the refusal, for the answer to leave. */
  static final long LINGER_MS = 250;
  /** Latest close of a refused request's connection, should its answer never complete. */
  static final long CLOSE_FALLBACK_MS = 5_000;
  private static final String CLOSE_AFTER = "prism.close-after-answer";

  private final String host;
  private final int port;
  private final long maxBodyBytes;
  private final int maxConnections;
  private final long headerTimeoutNanos;
  private final long bodyTimeoutMs;
  private final long idleTimeoutMs;
  private final String keystore;
  private final String keystorePassword;
  private final Refusals refusals;
  private final HeaderDeadline headerDeadline = new HeaderDeadline();
  private final ScheduledExecutorService sweeper;
  private volatile ConnectionLimit connectionLimit;

  TransportLimits(Config config, Refusals refusals) {
    this.host = config.get(ServerConfig.HOST);
    this.port = config.get(ServerConfig.PORT);
    this.maxBodyBytes = config.get(ServerConfig.MAX_BODY_BYTES);
    this.maxConnections = config.get(ServerConfig.MAX_CONNECTIONS);
    this.headerTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.get(ServerConfig.HEADER_TIMEOUT_MS));
    this.bodyTimeoutMs = config.get(ServerConfig.BODY_TIMEOUT_MS);
    this.idleTimeoutMs = config.get(ServerConfig.IDLE_TIMEOUT_MS);
    this.keystore = config.get(ServerConfig.TLS_KEYSTORE).strip();
    this.keystorePassword = config.get(ServerConfig.TLS_KEYSTORE_PASSWORD);
    this.refusals = refusals;
    if (!keystore.isEmpty() && !Files.isReadable(Path.of(keystore))) {
      throw new IllegalArgumentException("config " + ServerConfig.TLS_KEYSTORE.name() + ": cannot read keystore '"
          + keystore + "'");
    }
    this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
        .name("prism-header-deadline").unstarted(r));
    long every = Math.max(TimeUnit.MILLISECONDS.toNanos(25), headerTimeoutNanos / SWEEPS_PER_DEADLINE);
    sweeper.scheduleWithFixedDelay(headerDeadline::sweep, every, every, TimeUnit.NANOSECONDS);
  }

  boolean tls() {
    return !keystore.isEmpty();
  }

  /** Installs the connector (plain or TLS) with the connection cap and the header deadline. */
  void configure(JavalinConfig cfg) {
    cfg.jetty.addConnector(this::connector);
    cfg.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrors()));
  }

  /**
   * Requests Jetty refuses before any handler sees them (a header block over Jetty's 8 KiB, a
   * malformed request line or chunk) are answered in problem+json like every other refusal,
   * instead of Jetty's HTML page.
   */
  private final class ProblemErrors extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      String title = HttpStatus.getMessage(status);
      refusals.count(status, "bad-message");
      fields.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
      com.fasterxml.jackson.databind.node.ObjectNode o = dev.prism.core.io.SignalJson.MAPPER.createObjectNode();
      o.put("type", Problem.BASE + "bad-message").put("title", title).put("status", status)
          .put("detail", "request refused before it was read: " + (reason == null || reason.isBlank() ? title : reason));
      try {
        return ByteBuffer.wrap(dev.prism.core.io.SignalJson.MAPPER.writeValueAsBytes(o));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        return super.badMessageError(status, reason, fields);
      }
    }
  }

  private ServerConnector connector(Server server, HttpConfiguration http) {
    // Jetty waits for the first body byte before handing a request over; a client that sends
    // headers and then nothing would sit unseen (not idle: no deadline of ours runs) until the idle
    // timeout. Dispatched at once, the handler's body deadline applies from the end of the headers.
    http.setDelayDispatchUntilContent(false);
    ServerConnector connector;
    if (tls()) {
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStorePath(keystore);
      ssl.setKeyStoreType("PKCS12");
      ssl.setKeyStorePassword(keystorePassword);
      HttpConfiguration https = new HttpConfiguration(http);
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      // clients reach the server by IP as often as by name; the certificate is checked by the client
      secure.setSniHostCheck(false);
      https.addCustomizer(secure);
      connector = new ServerConnector(server, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
          new HttpConnectionFactory(https));
    } else {
      connector = new ServerConnector(server, new HttpConnectionFactory(http));
    }
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(idleTimeoutMs);
    connector.addBean(headerDeadline);
    connector.addBean(new CloseAfterAnswer());
    ConnectionLimit limit = new ConnectionLimit(maxConnections, connector);
    server.addBean(limit);
    this.connectionLimit = limit;
    return connector;
  }

  /** Connections open now (the gauge); 0 before start. */
  int connections() {
    ConnectionLimit l = connectionLimit;
    return l == null ? 0 : l.getConnections();
  }

  /**
   * The request body, read under every limit: content type and charset first, then the declared
   * length, then bytes counted as they arrive (chunked bodies have no declared length), the read
   * stopping at the limit; each read waits at most until the body deadline.
   */
  byte[] readBody(Context ctx) {
    checkContentType(ctx.header("Content-Type"));
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) {
      closeAfterResponse(ctx);
      throw Problem.tooLarge("body is " + declared + " bytes (Content-Length); the limit is " + maxBodyBytes
          + " (server.limits.max_body_bytes)");
    }
    Request base = Request.getBaseRequest(ctx.req());
    EndPoint endPoint = base == null ? null : base.getHttpChannel().getEndPoint();
    long idle = endPoint == null ? 0 : endPoint.getIdleTimeout();
    long start = System.nanoTime();
    long deadline = start + TimeUnit.MILLISECONDS.toNanos(bodyTimeoutMs);
    ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 256), READ_CHUNK));
    byte[] buf = new byte[READ_CHUNK];
    long total = 0;
    try {
      ServletInputStream in = ctx.req().getInputStream();
      while (true) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw bodyTimeout(ctx, total);
        }
        if (endPoint != null) {
          // a blocking read gives up after the endpoint's idle timeout: never later than the body deadline
          endPoint.setIdleTimeout(Math.min(idle, left));
        }
        int n = in.read(buf, 0, (int) Math.min(buf.length, maxBodyBytes + 1 - total));
        if (n < 0) {
          break;
        }
        total += n;
        if (total > maxBodyBytes) {
          closeAfterResponse(ctx);
          throw Problem.tooLarge("body exceeds " + maxBodyBytes + " bytes (server.limits.max_body_bytes); "
              + "reading stopped at the limit" + (declared < 0 ? " (chunked body)" : ""));
        }
        body.write(buf, 0, n);
      }
    } catch (BadMessageException e) {
      closeAfterResponse(ctx);
      if (e.getCode() == 408) {
        throw bodyTimeout(ctx, total);
      }
      throw Problem.badRequest("malformed request body framing: " + e.getReason());
    } catch (IOException e) {
      if (isTimeout(e) || System.nanoTime() - deadline >= 0) {
        throw bodyTimeout(ctx, total);
      }
      closeAfterResponse(ctx);
      throw Problem.badRequest("request body ended early after " + total + " bytes: " + e.getMessage());
    } finally {
      if (endPoint != null) {
        endPoint.setIdleTimeout(idle);
      }
    }
    byte[] bytes = body.toByteArray();
    checkEncoding(bytes);
    return bytes;
  }

  private Problem.Failure bodyTimeout(Context ctx, long received) {
    closeAfterResponse(ctx);
    return Problem.requestTimeout("request body not complete within " + bodyTimeoutMs
        + " ms (server.limits.body_timeout_ms); " + received + " bytes received");
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /**
   * After a refused body the rest of it must not be read, nor the connection reused. {@code
   * Connection: close} alone is not enough: Jetty then half-closes and keeps reading (and
   * discarding) whatever the client still sends, so a client streaming a huge chunked body would
   * keep the connection busy. The connection is closed outright {@link #LINGER_MS} after the
   * answer has been written (time for it to reach the client before the close resets the
   * connection), and at the latest {@link #CLOSE_FALLBACK_MS} after the refusal.
   */
  private void closeAfterResponse(Context ctx) {
    ctx.header("Connection", "close");
    Request base = Request.getBaseRequest(ctx.req());
    if (base != null && base.getAttribute(CLOSE_AFTER) == null) {
      base.setAttribute(CLOSE_AFTER, Boolean.TRUE);
      EndPoint endPoint = base.getHttpChannel().getEndPoint();
      sweeper.schedule(() -> endPoint.close(), CLOSE_FALLBACK_MS, TimeUnit.MILLISECONDS);
    }
  }

  /** Closes refused requests' connections once their answer is written. */
  private final class CloseAfterAnswer implements HttpChannel.Listener {
    @Override
    public void onComplete(Request request) {
      if (request.getAttribute(CLOSE_AFTER) != null) {
        EndPoint endPoint = request.getHttpChannel().getEndPoint();
        sweeper.schedule(() -> endPoint.close(), LINGER_MS, TimeUnit.MILLISECONDS);
      }
    }
  }

  /**
   * {@code application/json}, optionally with {@code charset=utf-8}: JSON is UTF-8 on the wire
   * (RFC 8259 §8.1), and a body declared in another charset would be read wrongly.
   */
  static void checkContentType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw Problem.unsupportedMedia("Content-Type is missing; send 'Content-Type: application/json'");
    }
    String[] parts = contentType.split(";");
    String type = parts[0].strip().toLowerCase(Locale.ROOT);
    if (!type.equals("application/json")) {
      throw Problem.unsupportedMedia("Content-Type must be application/json, got '" + contentType + "'");
    }
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].strip();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase("charset")) {
        String cs = p.substring(eq + 1).strip().replace("\"", "");
        if (!cs.equalsIgnoreCase("utf-8") && !cs.equalsIgnoreCase("utf8")) {
          throw Problem.unsupportedMedia("charset '" + cs + "' is not supported; send the body in UTF-8 "
              + "(charset=utf-8 or no charset)");
        }
      }
    }
  }

  /**
   * JSON text starts with an ASCII character, so a NUL among the first four bytes means UTF-16 or
   * UTF-32 (RFC 4627 §3's detection), as does a UTF-16 byte-order mark.
   */
  static void checkEncoding(byte[] body) {
    if (body.length >= 2 && ((body[0] & 0xff) == 0xFE && (body[1] & 0xff) == 0xFF
        || (body[0] & 0xff) == 0xFF && (body[1] & 0xff) == 0xFE)) {
      throw Problem.unsupportedMedia("body starts with a UTF-16 byte-order mark; send the body in UTF-8");
    }
    for (int i = 0; i < Math.min(4, body.length); i++) {
      if (body[i] == 0) {
        throw Problem.unsupportedMedia("body has a NUL byte at offset " + i + " (UTF-16 or UTF-32 text); "
            + "send the body in UTF-8");
      }
    }
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }

  /**
   * Closes connections that take longer than the header deadline to send a request's headers. A
   * connection's clock starts when it opens, and again at the first byte after a finished request
   * (an idle keep-alive connection is left to the idle timeout); it stops when the request's
   * headers are complete (Jetty then counts a message in and starts handling it).
   */
  private final class HeaderDeadline implements Connection.Listener {
    /** Per connection: messages and bytes at the last sample, and since when headers are being awaited (0: not). */
    private static final class Mark {
      long messages;
      long bytes;
      long waitingSince;
      boolean handling;
    }

    private final Map<HttpConnection, Mark> open = new ConcurrentHashMap<>();

    @Override
    public void onOpened(Connection connection) {
      if (connection instanceof HttpConnection http) {
        Mark m = new Mark();
        m.waitingSince = System.nanoTime();
        open.put(http, m);
      }
    }

    @Override
    public void onClosed(Connection connection) {
      if (connection instanceof HttpConnection http) {
        open.remove(http);
      }
    }

    void sweep() {
      try {
        long now = System.nanoTime();
        open.forEach((http, m) -> {
          long messages = http.getMessagesIn();
          long bytes = http.getBytesIn();
          boolean idle = http.getHttpChannel().getState().isIdle();
          if (messages != m.messages || !idle || m.handling) {
            // a request's headers are in, or it is being handled (the body deadline applies), or it
            // has just finished: its last body bytes must not count as the next request's start
            m.handling = !idle;
            m.messages = messages;
            m.bytes = bytes;
            m.waitingSince = 0;
            return;
          }
          if (m.waitingSince == 0 && bytes > m.bytes) {
            m.waitingSince = now; // the next request has begun to arrive
          }
          if (m.waitingSince != 0 && now - m.waitingSince >= headerTimeoutNanos) {
            open.remove(http);
            refusals.count(0, "header-timeout");
            log.debug("closing {}: request headers not complete within {} ms", http.getEndPoint().getRemoteSocketAddress(),
                TimeUnit.NANOSECONDS.toMillis(headerTimeoutNanos));
            http.getEndPoint().close();
          }
        });
      } catch (RuntimeException e) {
        log.warn("header deadline sweep failed", e);
      }
    }
  }
}
