package dev.prism.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.prism.store.db.MetadataDb;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhooks delivered over real HTTP to a JDK HttpServer receiver. */
class WebhookDispatcherTest {
  private static final byte[] SECRET = "a-webhook-secret-of-32-bytes-ok!".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern SIGNATURE = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})");
  /** Fast retries, so the test does not wait seconds; the policy's shape is what is tested. */
  private static final WebhookDispatcher.RetryPolicy FAST = new WebhookDispatcher.RetryPolicy(4, Duration.ofMillis(20),
      Duration.ofMillis(80), Duration.ofSeconds(5));

  @TempDir Path tmp;
  HttpServer server;
  MetadataDb db;
  final AtomicInteger requests = new AtomicInteger();
  /** Status answered for request n (1-based); the last entry repeats. */
  volatile List<Integer> script = List.of(200);
  final List<Received> received = new CopyOnWriteArrayList<>();

  record Received(String signature, String eventId, String eventType, byte[] body, long nanos) {}

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hook", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      received.add(new Received(ex.getRequestHeaders().getFirst("Prism-Signature"),
          ex.getRequestHeaders().getFirst("Prism-Event-Id"), ex.getRequestHeaders().getFirst("Prism-Event-Type"), body,
          System.nanoTime()));
      int n = requests.incrementAndGet();
      List<Integer> s = script;
      ex.sendResponseHeaders(s.get(Math.min(n, s.size()) - 1), -1);
      ex.close();
    });
    server.start();
    db = MetadataDb.open(TestDatabases.sqliteUrl(tmp));
  }

  @AfterEach
  void stop() {
    server.stop(0);
    db.close();
  }

  private URI hook() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  private WebhookDispatcher dispatcher(WebhookDeliveries deliveries) {
    return new WebhookDispatcher(List.of(new WebhookDispatcher.Webhook(hook(), SECRET)), FAST, deliveries,
        HttpClient.newHttpClient(), Clock.systemUTC());
  }

  @Test
  void hmacMatchesRfc4231TestCase2() {
    // RFC 4231 section 4.3: key "Jefe", data "what do ya want for nothing?"
    byte[] mac = WebhookDispatcher.hmacSha256("Jefe".getBytes(StandardCharsets.US_ASCII),
        "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
    assertThat(HexFormat.of().formatHex(mac)).isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void registryEventsArriveSignedAndAreRecordedAsDelivered() throws Exception {
    WebhookDeliveries deliveries = new WebhookDeliveries(db, Clock.systemUTC());
    ModelRegistry registry = new ModelRegistry(db, new FileArtifactStore(tmp.resolve("a")), Clock.systemUTC(),
        dispatcher(deliveries));
    registry.register(Fixtures.BUNDLED_HEAD, null, "cli:alice", "");
    registry.setAlias("spam", "production", 1, "cli:alice", "first release");

    assertThat(received).hasSize(2);
    List<RegistryEvent> events = registry.events(0, 10);
    for (int i = 0; i < 2; i++) {
      Received r = received.get(i);
      RegistryEvent e = events.get(i);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(e.payloadJson());
      assertThat(r.eventId()).isEqualTo(e.id());
      assertThat(r.eventType()).isEqualTo(e.type());
      // the receiver's check, written from the header's documented definition
      Matcher m = SIGNATURE.matcher(r.signature());
      assertThat(m.matches()).as(r.signature()).isTrue();
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
      mac.update((m.group(1) + ".").getBytes(StandardCharsets.UTF_8));
      assertThat(HexFormat.of().formatHex(mac.doFinal(r.body()))).isEqualTo(m.group(2));
      assertThat(Math.abs(Long.parseLong(m.group(1)) - System.currentTimeMillis() / 1000)).isLessThan(60);
    }
    JsonNode moved = Fixtures.JSON.readTree(received.get(1).body());
    assertThat(moved.at("/data/to_version").asInt()).isEqualTo(1);
    assertThat(moved.at("/data/reason").asText()).isEqualTo("first release");
    assertThat(deliveries.statuses(hook().toString())).containsOnlyKeys(events.get(0).id(), events.get(1).id())
        .containsValues("delivered");
  }

  @Test
  void aReceiverThatFailsTwiceThenRecoversGetsTheEventOnTheThirdAttempt() {
    script = List.of(503, 500, 200);
    WebhookDeliveries deliveries = new WebhookDeliveries(db, Clock.systemUTC());
    RegistryEvent e = event();
    assertThat(dispatcher(deliveries).deliver(e, new WebhookDispatcher.Webhook(hook(), SECRET))).isTrue();
    assertThat(received).hasSize(3).extracting(Received::eventId).containsOnly(e.id());
    // backoff 20 ms then 40 ms: the gaps are at least that
    assertThat(received.get(1).nanos() - received.get(0).nanos()).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
    assertThat(received.get(2).nanos() - received.get(1).nanos()).isGreaterThanOrEqualTo(Duration.ofMillis(40).toNanos());
    assertThat(deliveries.statuses(hook().toString())).containsEntry(e.id(), "delivered");
  }

  @Test
  void retriesAreBoundedAndAPermanentRefusalIsNotRetried() {
    script = List.of(503);
    WebhookDeliveries deliveries = new WebhookDeliveries(db, Clock.systemUTC());
    RegistryEvent e = event();
    assertThat(dispatcher(deliveries).deliver(e, new WebhookDispatcher.Webhook(hook(), SECRET))).isFalse();
    assertThat(received).hasSize(FAST.maxAttempts());
    assertThat(deliveries.statuses(hook().toString())).containsEntry(e.id(), "failed");

    received.clear();
    requests.set(0);
    script = List.of(400);
    RegistryEvent e2 = new RegistryEvent(2, "e2", e.type(), e.signal(), e.actor(), e.at(), e.payloadJson());
    assertThat(dispatcher(deliveries).deliver(e2, new WebhookDispatcher.Webhook(hook(), SECRET))).isFalse();
    assertThat(received).hasSize(1);
  }

  @Test
  void theOutboxPassDeliversWhatFailedEarlierAndNothingTwice() {
    script = List.of(503);
    WebhookDeliveries deliveries = new WebhookDeliveries(db, Clock.systemUTC());
    WebhookDispatcher d = dispatcher(deliveries);
    ModelRegistry registry = new ModelRegistry(db, new FileArtifactStore(tmp.resolve("a")), Clock.systemUTC(), d);
    registry.register(Fixtures.BUNDLED_HEAD, null, "cli:alice", ""); // receiver down: given up after 4 attempts
    List<RegistryEvent> events = registry.events(0, 10);
    assertThat(deliveries.statuses(hook().toString())).containsEntry(events.get(0).id(), "failed");
    script = List.of(200); // the receiver is back
    requests.set(0);
    received.clear();
    assertThat(d.redeliver(events)).isEqualTo(1);
    assertThat(received).singleElement().extracting(Received::eventId).isEqualTo(events.get(0).id());
    assertThat(deliveries.statuses(hook().toString())).containsEntry(events.get(0).id(), "delivered");
    assertThat(d.redeliver(events)).as("already delivered: not sent again").isZero();
    assertThat(received).hasSize(1);
  }

  @Test
  void anUnreachableReceiverIsRetriedThenRecordedAsFailed() throws Exception {
    int port = server.getAddress().getPort();
    server.stop(0);
    WebhookDeliveries deliveries = new WebhookDeliveries(db, Clock.systemUTC());
    URI dead = URI.create("http://127.0.0.1:" + port + "/hook");
    WebhookDispatcher d = new WebhookDispatcher(List.of(new WebhookDispatcher.Webhook(dead, SECRET)), FAST, deliveries,
        HttpClient.newHttpClient(), Clock.systemUTC());
    RegistryEvent e = event();
    assertThat(d.deliver(e, d.webhooks().get(0))).isFalse();
    assertThat(deliveries.statuses(dead.toString())).containsEntry(e.id(), "failed");
  }

  @Test
  void backoffDoublesUpToTheCapAndBadConfigurationIsRefused() {
    WebhookDispatcher.RetryPolicy p = new WebhookDispatcher.RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(500),
        Duration.ofSeconds(1));
    assertThat(List.of(p.backoff(1), p.backoff(2), p.backoff(3), p.backoff(4))).containsExactly(Duration.ofMillis(100),
        Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(500));
    assertThatThrownBy(() -> new WebhookDispatcher.Webhook(hook(), "short".getBytes(StandardCharsets.US_ASCII)))
        .hasMessageContaining("at least 16 bytes");
    assertThatThrownBy(() -> new WebhookDispatcher.Webhook(URI.create("ftp://x/y"), SECRET)).hasMessageContaining("http or https");
  }

  private static RegistryEvent event() {
    return new RegistryEvent(1, "e1", RegistryEvent.ALIAS_MOVED, "spam", "cli:alice", java.time.Instant.now(),
        "{\"id\":\"e1\",\"type\":\"alias.moved\"}");
  }
}
