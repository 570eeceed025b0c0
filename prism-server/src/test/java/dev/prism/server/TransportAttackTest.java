package dev.prism.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.graph.SignalGraph;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's transport attacks against a real server over real sockets: chunked bodies past the
 * limit, stalled and trickling bodies, slowloris headers, connection floods, wrong content types
 * and encodings. Each gets a precise answer (or a cut connection), and a good request afterwards
 * still gets its answer.
 */
class TransportAttackTest {
  static final long LIMIT = 64 * 1024;
  static ToyServers.LenNode node;
  static SignalGraph graph;
  static PrismServer server;
  static int port;

  @BeforeAll
  static void start() {
    node = new ToyServers.LenNode(0, false);
    graph = ToyServers.graph(node);
    server = new PrismServer(graph, ToyServers.config(Map.of("server.limits.max_body_bytes", Long.toString(LIMIT),
        "server.limits.body_timeout_ms", "1000", "server.limits.header_timeout_ms", "1000",
        "server.limits.idle_timeout_ms", "30000")), PrismServer.newRegistry()).start();
    port = server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
    graph.close();
  }

  static String head(String extra) {
    return "POST /v1/signals HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + extra + "\r\n";
  }

  static void goodRequestStillAnswered() throws IOException {
    try (Socket s = RawHttp.open(port, 5000)) {
      String body = ToyServers.oneItem("ok");
      RawHttp.send(s, head("Content-Length: " + body.length() + "\r\n") + body);
      RawHttp.Response r = RawHttp.read(s);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).contains("\"len@1\":3.0");
    }
  }

  @Test
  void chunkedBodyPastTheLimitGets413AndIsNotReadFurther() throws Exception {
    long attempted = 4L * 1024 * 1024 * 1024; // 4 GB offered, as chunks, never declared
    AtomicLong sent = new AtomicLong();
    try (Socket s = RawHttp.open(port, 10_000)) {
      RawHttp.send(s, head("Transfer-Encoding: chunked\r\n"));
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        byte[] chunk = new byte[16 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        chunk[0] = '[';
        byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
          OutputStream out = s.getOutputStream();
          while (sent.get() < attempted) {
            out.write(size);
            out.write(chunk);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            sent.addAndGet(chunk.length);
          }
        } catch (IOException expected) {
          // the server closed the connection at the limit
        }
      });
      RawHttp.Response r = RawHttp.read(s);
      long answered = System.nanoTime();
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.headers().get("content-type")).startsWith("application/problem+json");
      assertThat(r.body()).contains("body exceeds 65536 bytes (server.limits.max_body_bytes); reading stopped at the limit (chunked body)");
      assertThat(r.headers().get("connection")).isEqualToIgnoringCase("close");
      writer.get(30, TimeUnit.SECONDS);
      long cutMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered);
      // the writer was stopped by the closed connection: what it got out is the limit, what the
      // kernel's socket buffers held and what Jetty discarded in the 250 ms before the close
      assertThat(sent.get()).isLessThan(attempted / 8);
      System.out.printf("chunked attack: %,d bytes written before the server cut the connection (limit %,d), "
          + "%d ms after the 413%n", sent.get(), LIMIT, cutMs);
      assertThat(cutMs).as("closed after the linger, not the 5 s fallback").isLessThan(TransportLimits.CLOSE_FALLBACK_MS - 1000);
    }
    goodRequestStillAnswered();
  }

  /** Issue 9's exact attack: three concurrent 1.4 GB chunked bodies (OutOfMemoryError and empty 500s before). */
  @Test
  void threeConcurrentChunkedFloodsAllGet413AndMemoryStaysFlat() throws Exception {
    long each = 1_400L * 1024 * 1024;
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long usedBefore = rt.totalMemory() - rt.freeMemory();
    List<CompletableFuture<RawHttp.Response>> floods = new ArrayList<>();
    // own threads: the common pool has one thread on two cores, and a reader blocking there would
    // keep its writer from starting (the server then rightly answers 408 for a body that never came)
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();
    for (int i = 0; i < 3; i++) {
      floods.add(CompletableFuture.supplyAsync(() -> {
        try (Socket s = RawHttp.open(port, 20_000)) {
          RawHttp.send(s, head("Transfer-Encoding: chunked\r\n"));
          CompletableFuture.runAsync(() -> {
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) '[');
            try {
              OutputStream out = s.getOutputStream();
              for (long sent = 0; sent < each; sent += chunk.length) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
              }
            } catch (IOException expected) {
              // cut at the limit
            }
          }, threads);
          return RawHttp.read(s);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, threads));
    }
    for (CompletableFuture<RawHttp.Response> f : floods) {
      RawHttp.Response r = f.get(60, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.body()).contains("reading stopped at the limit (chunked body)");
    }
    threads.shutdown();
    System.gc();
    long grown = (rt.totalMemory() - rt.freeMemory()) - usedBefore;
    // the server (same JVM) kept at most the 64 KB limit per request, not 3 x 1.4 GB
    System.out.printf("three chunked floods: heap grew by %,d bytes%n", grown);
    assertThat(grown).isLessThan(64L * 1024 * 1024);
    goodRequestStillAnswered();
  }

  /**
   * Slow clients fill the connection cap; the header deadline frees the slots, so a good client
   * waiting behind them is served within about one deadline instead of never.
   */
  @Test
  void slowlorisFloodAtTheConnectionCapIsClearedByTheHeaderDeadline() throws Exception {
    ToyServers.LenNode n = new ToyServers.LenNode(0, false);
    try (SignalGraph g = ToyServers.graph(n);
        PrismServer capped = new PrismServer(g, ToyServers.config(Map.of("server.limits.max_connections", "8",
            "server.limits.header_timeout_ms", "1000")), PrismServer.newRegistry()).start()) {
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          Socket h = RawHttp.open(capped.port(), 1000);
          RawHttp.send(h, "POST /v1/signals HTTP/1.1\r\nHost: x\r\n");
          slow.add(h);
        }
        long t0 = System.nanoTime();
        try (Socket good = RawHttp.open(capped.port(), 10_000)) {
          RawHttp.send(good, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
          RawHttp.Response r = RawHttp.read(good);
          long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
          System.out.printf("slowloris flood at the cap: good client served after %d ms%n", ms);
          assertThat(r.status()).isEqualTo(200);
          assertThat(ms).as("served once the slow ones were cut").isBetween(500L, 5000L);
        }
        assertThat(slow).allSatisfy(s -> assertThat(RawHttp.closedByPeer(s)).isTrue());
      } finally {
        for (Socket h : slow) {
          h.close();
        }
      }
    }
  }

  /** What Jetty refuses before a handler runs is problem+json too, not an HTML page. */
  @Test
  void hugeHeadersAndGarbageRequestLinesGetProblems() throws Exception {
    try (Socket s = RawHttp.open(port, 5000)) {
      RawHttp.send(s, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
      RawHttp.Response r = RawHttp.read(s);
      assertThat(r.status()).isEqualTo(431);
      assertThat(r.headers().get("content-type")).startsWith("application/problem+json");
      assertThat(r.body()).contains("\"status\":431").contains("request refused before it was read");
    }
    try (Socket s = RawHttp.open(port, 5000)) {
      RawHttp.send(s, "\u0001\u0002 NONSENSE\r\n\r\n");
      RawHttp.Response r = RawHttp.read(s);
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.headers().get("content-type")).startsWith("application/problem+json");
      assertThat(r.body()).contains("https://prism.dev/problems/bad-message");
    }
    goodRequestStillAnswered();
  }

  @Test
  void declaredOversizeBodyGets413BeforeItIsSent() throws Exception {
    try (Socket s = RawHttp.open(port, 5000)) {
      RawHttp.send(s, head("Content-Length: 1500000000\r\n"));
      RawHttp.Response r = RawHttp.read(s);
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.body()).contains("body is 1500000000 bytes (Content-Length); the limit is 65536");
    }
  }

  @Test
  void stalledPartialBodyGets408ProblemNot500() throws Exception {
    try (Socket s = RawHttp.open(port, 10_000)) {
      long t0 = System.nanoTime();
      RawHttp.send(s, head("Content-Length: 100\r\n") + "{\"items\":[");
      RawHttp.Response r = RawHttp.read(s);
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertThat(r.status()).isEqualTo(408);
      assertThat(r.headers().get("content-type")).startsWith("application/problem+json");
      assertThat(r.body()).contains("request body not complete within 1000 ms (server.limits.body_timeout_ms); 10 bytes received");
      assertThat(ms).isBetween(900L, 5000L);
    }
    goodRequestStillAnswered();
  }

  @Test
  void headersWithoutAnyBodyGet408AtTheBodyDeadline() throws Exception {
    try (Socket s = RawHttp.open(port, 10_000)) {
      long t0 = System.nanoTime();
      RawHttp.send(s, head("Content-Length: 100\r\n"));
      RawHttp.Response r = RawHttp.read(s);
      assertThat(r.status()).isEqualTo(408);
      assertThat(r.body()).contains("request body not complete within 1000 ms (server.limits.body_timeout_ms); 0 bytes received");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(900L, 5000L);
    }
  }

  @Test
  void tricklingBodyIsCutAtTheBodyDeadline() throws Exception {
    try (Socket s = RawHttp.open(port, 10_000)) {
      long t0 = System.nanoTime();
      RawHttp.send(s, head("Content-Length: 1000\r\n"));
      RawHttp.Response r = null;
      // one byte every 200 ms never trips an idle timeout; the deadline is on the whole body
      for (int i = 0; i < 50 && r == null; i++) {
        try {
          RawHttp.send(s, " ");
        } catch (IOException closed) {
          break;
        }
        Thread.sleep(200);
        if (s.getInputStream().available() > 0) {
          r = RawHttp.read(s);
        }
      }
      if (r == null) {
        r = RawHttp.read(s);
      }
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertThat(r.status()).isEqualTo(408);
      assertThat(r.body()).contains("request body not complete within 1000 ms");
      assertThat(ms).isLessThan(4000L);
    }
  }

  @Test
  void slowlorisHeadersAreCutAtTheHeaderDeadline() throws Exception {
    try (Socket s = RawHttp.open(port, 200)) {
      long t0 = System.nanoTime();
      RawHttp.send(s, "POST /v1/signals HTTP/1.1\r\nHost: x\r\n");
      boolean closed = false;
      for (int i = 0; i < 50 && !closed; i++) {
        try {
          RawHttp.send(s, "X-A: b\r\n"); // a header line every 200 ms, never the blank line
        } catch (IOException e) {
          closed = true;
          break;
        }
        closed = RawHttp.closedByPeer(s);
      }
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      System.out.printf("slowloris headers: cut after %d ms%n", ms);
      assertThat(closed).as("connection cut").isTrue();
      assertThat(ms).isBetween(900L, 4000L);
    }
    try (Socket silent = RawHttp.open(port, 5000)) {
      long t0 = System.nanoTime();
      assertThat(RawHttp.closedByPeer(silent)).as("a connection that sends nothing is cut too").isTrue();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(700L, 4000L);
    }
    goodRequestStillAnswered();
  }

  @Test
  void idleKeepAliveConnectionOutlivesTheHeaderDeadline() throws Exception {
    try (Socket s = RawHttp.open(port, 5000)) {
      String body = ToyServers.oneItem("k1");
      RawHttp.send(s, head("Content-Length: " + body.length() + "\r\n") + body);
      assertThat(RawHttp.read(s).status()).isEqualTo(200);
      Thread.sleep(2500); // 2.5 header deadlines without a byte: left to the 30 s idle timeout
      body = ToyServers.oneItem("k2");
      RawHttp.send(s, head("Content-Length: " + body.length() + "\r\n") + body);
      RawHttp.Response r = RawHttp.read(s);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).contains("\"id\":\"k2\"");
    }
  }

  @Test
  void contentTypeAndCharsetAreEnforced() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String url = "http://127.0.0.1:" + port + "/v1/signals";
    String body = ToyServers.oneItem("ct");
    HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(url))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(none.statusCode()).isEqualTo(415);
    assertThat(none.body()).contains("Content-Type is missing; send 'Content-Type: application/json'");
    HttpResponse<String> text = send(http, url, "text/plain", body.getBytes(StandardCharsets.UTF_8));
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(text.body()).contains("Content-Type must be application/json, got 'text/plain'");
    HttpResponse<String> utf16Declared = send(http, url, "application/json; charset=UTF-16",
        body.getBytes(StandardCharsets.UTF_16));
    assertThat(utf16Declared.statusCode()).isEqualTo(415);
    assertThat(utf16Declared.body()).contains("charset 'UTF-16' is not supported; send the body in UTF-8");
    HttpResponse<String> utf16Bom = send(http, url, "application/json", body.getBytes(StandardCharsets.UTF_16));
    assertThat(utf16Bom.statusCode()).isEqualTo(415);
    assertThat(utf16Bom.body()).contains("body starts with a UTF-16 byte-order mark; send the body in UTF-8");
    HttpResponse<String> utf16le = send(http, url, "application/json", body.getBytes(StandardCharsets.UTF_16LE));
    assertThat(utf16le.statusCode()).isEqualTo(415);
    assertThat(utf16le.body()).contains("body has a NUL byte at offset 1 (UTF-16 or UTF-32 text)");
    HttpResponse<String> ok = send(http, url, "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    assertThat(ok.statusCode()).isEqualTo(200);
    String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).containsPattern("prism_refusals_total\\{reason=\"unsupported-media-type\",status=\"415\"} [5-9]");
  }

  static HttpResponse<String> send(HttpClient http, String url, String type, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Its own server: a cap of 4 connections, and a header deadline long enough not to interfere. */
  @Test
  void connectionCapHoldsSlowClientsOutsideUntilASlotFrees() throws Exception {
    ToyServers.LenNode n = new ToyServers.LenNode(0, false);
    try (SignalGraph g = ToyServers.graph(n);
        PrismServer capped = new PrismServer(g, ToyServers.config(Map.of("server.limits.max_connections", "4",
            "server.limits.header_timeout_ms", "60000")), PrismServer.newRegistry()).start()) {
      List<Socket> hogs = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          Socket h = RawHttp.open(capped.port(), 1000);
          RawHttp.send(h, "GET /healthz HTTP/1.1\r\nHost: x\r\n"); // headers never finished
          hogs.add(h);
        }
        Thread.sleep(300);
        try (Socket fifth = RawHttp.open(capped.port(), 1500)) {
          RawHttp.send(fifth, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
          // not accepted while 4 are open: no answer
          assertThat(fifth.getInputStream().available()).isZero();
          try {
            fifth.getInputStream().read();
            throw new AssertionError("the fifth connection was served while 4 were open");
          } catch (java.net.SocketTimeoutException expected) {
            // held in the backlog
          }
          hogs.remove(0).close();
          fifth.setSoTimeout(10_000);
          RawHttp.Response r = RawHttp.read(fifth);
          assertThat(r.status()).isEqualTo(200);
        }
      } finally {
        for (Socket h : hogs) {
          h.close();
        }
      }
    }
  }
}
