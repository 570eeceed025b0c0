package dev.prism.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers registry events to webhooks: an HTTP POST of the event's JSON, signed with
 * HMAC-SHA256, retried with exponential backoff for a bounded number of attempts. The outcome of
 * every (event, webhook) pair lands in {@link WebhookDeliveries}; a receiver that stays down loses
 * nothing, since the event itself is in {@code registry_event} and can be fetched again.
 *
 * <p>Headers: {@value #SIGNATURE_HEADER}: {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret,
 * "<t>.<body>")>} (the timestamp is signed so a captured request cannot be replayed later),
 * {@value #EVENT_ID_HEADER} (receivers deduplicate by it: delivery is at least once) and
 * {@value #EVENT_TYPE_HEADER}. A 2xx answer is delivered; 408, 429, 5xx and network errors are
 * retried; any other status is a permanent refusal and is not retried.
 */
public final class WebhookDispatcher implements Consumer<RegistryEvent> {
  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
  public static final String SIGNATURE_HEADER = "Prism-Signature";
  public static final String EVENT_ID_HEADER = "Prism-Event-Id";
  public static final String EVENT_TYPE_HEADER = "Prism-Event-Type";

  /** A receiver and the shared secret its signatures are made with. */
  public record Webhook(URI url, byte[] secret) {
    /** Secrets shorter than this are refused: HMAC is only as strong as its key. */
    public static final int MIN_SECRET_BYTES = 16;

    public Webhook {
      Objects.requireNonNull(url, "url");
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new IllegalArgumentException("webhook URL must be http or https, got '" + url + "'");
      }
      if (secret == null || secret.length < MIN_SECRET_BYTES) {
        throw new IllegalArgumentException("webhook secret for " + url + " must be at least " + MIN_SECRET_BYTES
            + " bytes, got " + (secret == null ? 0 : secret.length));
      }
      secret = secret.clone();
    }
  }

  /**
   * How hard to try.
   *
   * @param maxAttempts attempts per event and webhook, first one included
   * @param initialBackoff wait after the first failure; doubled after each further one
   * @param maxBackoff the wait never exceeds this
   * @param timeout per attempt (connect + answer)
   */
  public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration timeout) {
    /** 5 attempts, 0.5 s then doubling up to 8 s, 10 s per attempt: about 15 s of waiting at most. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(8),
        Duration.ofSeconds(10));

    public RetryPolicy {
      if (maxAttempts < 1 || maxAttempts > 20) {
        throw new IllegalArgumentException("maxAttempts must be in [1, 20], got " + maxAttempts);
      }
      if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0 || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("backoffs must be 0 <= initial <= max and the timeout positive, got " + initialBackoff
            + ", " + maxBackoff + ", " + timeout);
      }
    }

    /** The wait before attempt {@code attempt + 1} (attempt counts from 1). */
    Duration backoff(int attempt) {
      long ms = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
      return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }
  }

  private final List<Webhook> webhooks;
  private final RetryPolicy policy;
  private final WebhookDeliveries deliveries;
  private final HttpClient http;
  private final Clock clock;

  public WebhookDispatcher(List<Webhook> webhooks, RetryPolicy policy, WebhookDeliveries deliveries, HttpClient http, Clock clock) {
    this.webhooks = List.copyOf(webhooks);
    this.policy = policy;
    this.deliveries = deliveries;
    this.http = http;
    this.clock = clock;
  }

  public List<Webhook> webhooks() {
    return webhooks;
  }

  /** Delivers {@code event} to every webhook, each with retries; blocks until all are done. */
  @Override
  public void accept(RegistryEvent event) {
    for (Webhook w : webhooks) {
      deliver(event, w);
    }
  }

  /**
   * The outbox pass: delivers each of {@code events} to every webhook that has not taken it yet
   * (never tried, or given up on earlier), with the usual retries. Events already delivered to a
   * webhook are not sent to it again.
   *
   * @return how many (event, webhook) deliveries succeeded in this pass
   */
  public int redeliver(List<RegistryEvent> events) {
    int delivered = 0;
    for (Webhook w : webhooks) {
      java.util.Map<String, String> status = deliveries.statuses(w.url().toString());
      for (RegistryEvent e : events) {
        if (!"delivered".equals(status.get(e.id())) && deliver(e, w)) {
          delivered++;
        }
      }
    }
    return delivered;
  }

  /** Delivers to one webhook; returns whether it was delivered. */
  public boolean deliver(RegistryEvent event, Webhook w) {
    byte[] body = event.payloadJson().getBytes(StandardCharsets.UTF_8);
    String lastError = "";
    Integer lastStatus = null;
    int attempt = 0;
    while (attempt < policy.maxAttempts()) {
      attempt++;
      long t = clock.millis() / 1000;
      HttpRequest request = HttpRequest.newBuilder(w.url()).timeout(policy.timeout())
          .header("Content-Type", "application/json")
          .header(SIGNATURE_HEADER, "t=" + t + ",v1=" + sign(w.secret(), t, body))
          .header(EVENT_ID_HEADER, event.id())
          .header(EVENT_TYPE_HEADER, event.type())
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
      try {
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        lastStatus = response.statusCode();
        if (lastStatus / 100 == 2) {
          deliveries.record(new WebhookDeliveries.Outcome(event.id(), w.url().toString(), true, attempt, lastStatus, ""));
          return true;
        }
        lastError = "HTTP " + lastStatus;
        if (!retryable(lastStatus)) {
          break;
        }
      } catch (IOException e) {
        lastStatus = null;
        lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        lastError = "interrupted";
        break;
      }
      if (attempt < policy.maxAttempts()) {
        try {
          Thread.sleep(policy.backoff(attempt));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          lastError = "interrupted";
          break;
        }
      }
    }
    log.warn("webhook {} did not take event {} ({}) after {} attempts: {}", w.url(), event.id(), event.type(), attempt, lastError);
    deliveries.record(new WebhookDeliveries.Outcome(event.id(), w.url().toString(), false, attempt, lastStatus, lastError));
    return false;
  }

  static boolean retryable(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /** Hex HMAC-SHA256 of {@code "<t>.<body>"}: what {@value #SIGNATURE_HEADER}'s {@code v1} carries. */
  public static String sign(byte[] secret, long t, byte[] body) {
    byte[] prefix = (t + ".").getBytes(StandardCharsets.UTF_8);
    byte[] message = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, message, 0, prefix.length);
    System.arraycopy(body, 0, message, prefix.length, body.length);
    return HexFormat.of().formatHex(hmacSha256(secret, message));
  }

  static byte[] hmacSha256(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }
}
