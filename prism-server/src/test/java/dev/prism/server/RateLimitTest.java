package dev.prism.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.graph.SignalGraph;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitTest {
  static final long MS = 1_000_000;

  /** Token buckets against hand arithmetic: 2 per second, burst 3. */
  @Test
  void bucketRefillsContinuouslyUpToItsBurst() {
    AtomicLong now = new AtomicLong(1_000 * MS);
    RateLimiter r = new RateLimiter(2, 3, now::get);
    assertThat(r.acquire("a")).isZero();
    assertThat(r.acquire("a")).isZero();
    assertThat(r.acquire("a")).isZero();
    assertThat(r.acquire("a")).as("empty: one token takes 1 / 2 s").isEqualTo(500 * MS);
    assertThat(r.acquire("b")).as("another client has its own bucket").isZero();
    now.addAndGet(250 * MS); // half a token back
    assertThat(r.acquire("a")).isEqualTo(250 * MS);
    now.addAndGet(250 * MS);
    assertThat(r.acquire("a")).isZero();
    now.addAndGet(60_000 * MS); // a minute idle refills to the burst, not to 120
    for (int i = 0; i < 3; i++) {
      assertThat(r.acquire("a")).isZero();
    }
    assertThat(r.acquire("a")).isPositive();
  }

  /** A flood of distinct clients: memory stays bounded, new ones share an overflow bucket until idle ones are evicted. */
  @Test
  void clientMapIsBoundedAndIdleClientsAreEvicted() {
    AtomicLong now = new AtomicLong(0);
    RateLimiter r = new RateLimiter(1, 1, now::get);
    for (int i = 0; i < RateLimiter.MAX_CLIENTS; i++) {
      assertThat(r.acquire("10.0." + i)).isZero();
    }
    assertThat(r.acquire("new-1")).as("first in the overflow bucket").isZero();
    assertThat(r.acquire("new-2")).as("shares it: empty, 1 s to the next token").isEqualTo(1_000 * MS);
    assertThat(r.clients()).isEqualTo(RateLimiter.MAX_CLIENTS + 1);
    now.addAndGet(2_000 * MS); // every bucket is full again: those clients are idle
    assertThat(r.acquire("new-3")).isZero();
    assertThat(r.clients()).isLessThanOrEqualTo(2);
  }

  /**
   * Buckets are per token when one is presented (two tokens from one address do not share), and a
   * caller with a bad token is limited by address before it is told 401.
   */
  @Test
  void tokensHaveTheirOwnBucketsAndBadTokensAreLimitedByAddress() throws Exception {
    ToyServers.LenNode node = new ToyServers.LenNode(0, false);
    dev.prism.core.auth.TokenVerifier verifier = t -> switch (t) {
      case "token-a" -> java.util.Optional.of(new dev.prism.core.auth.Principal("a", "A", dev.prism.core.auth.Scope.READ));
      case "token-b" -> java.util.Optional.of(new dev.prism.core.auth.Principal("b", "B", dev.prism.core.auth.Scope.READ));
      default -> java.util.Optional.empty();
    };
    try (SignalGraph g = ToyServers.graph(node);
        PrismServer server = new PrismServer(g, ToyServers.config(Map.of("server.rate_limit.requests_per_second", "0.1",
            "server.rate_limit.burst", "2")), PrismServer.newRegistry(), verifier, null).start()) {
      HttpClient http = HttpClient.newHttpClient();
      URI contracts = URI.create("http://127.0.0.1:" + server.port() + "/v1/contracts");
      java.util.function.Function<String, Integer> call = token -> {
        try {
          return http.send(HttpRequest.newBuilder(contracts).header("Authorization", "Bearer " + token).build(),
              HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      };
      assertThat(java.util.List.of(call.apply("token-a"), call.apply("token-a"), call.apply("token-a")))
          .containsExactly(200, 200, 429);
      assertThat(java.util.List.of(call.apply("token-b"), call.apply("token-b"), call.apply("token-b")))
          .containsExactly(200, 200, 429);
      assertThat(java.util.List.of(call.apply("guess-1"), call.apply("guess-2"), call.apply("guess-3")))
          .containsExactly(401, 401, 429);
    }
  }

  @Test
  void overTheLimitA429WithRetryAfterAndProbesStayOpen() throws Exception {
    ToyServers.LenNode node = new ToyServers.LenNode(0, false);
    try (SignalGraph g = ToyServers.graph(node);
        PrismServer server = new PrismServer(g, ToyServers.config(Map.of("server.rate_limit.requests_per_second", "0.5",
            "server.rate_limit.burst", "2")), PrismServer.newRegistry()).start()) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      HttpRequest contracts = HttpRequest.newBuilder(URI.create(base + "/v1/contracts")).build();
      assertThat(http.send(contracts, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThat(http.send(contracts, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      HttpResponse<String> limited = http.send(contracts, HttpResponse.BodyHandlers.ofString());
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
      // 0.5 per second: the next token is at most 2 s away
      assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 2));
      assertThat(limited.body()).contains("rate limit of this client exceeded");
      HttpResponse<String> signals = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/signals"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(ToyServers.oneItem("x"))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(signals.statusCode()).isEqualTo(429);
      for (int i = 0; i < 5; i++) {
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(), HttpResponse.BodyHandlers.ofString())
            .statusCode()).isEqualTo(200);
      }
      String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).contains("prism_refusals_total{reason=\"rate-limited\",status=\"429\"} 2.0");
      assertThat(node.computedIds).isEmpty();
    }
  }
}
