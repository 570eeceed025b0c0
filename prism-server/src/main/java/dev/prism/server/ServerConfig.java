package dev.prism.server;

import dev.prism.core.config.ConfigKey;
import java.util.List;

/** Configuration keys of {@code prism serve}. Documented in docs/configuration.md (generated). */
public final class ServerConfig {
  private ServerConfig() {}

  public static final ConfigKey<String> HOST = ConfigKey.stringKey("server.host", "127.0.0.1",
      "Interface to bind. 0.0.0.0 exposes the API on every interface.");
  public static final ConfigKey<Integer> PORT = ConfigKey.intKey("server.port", 8080, 0, 65535,
      "TCP port; 0 picks a free port (logged at start-up).");
  public static final ConfigKey<Integer> MAX_BATCH_SIZE = ConfigKey.intKey("server.batch.max_size", 256, 1, 4096,
      "Most items the micro-batcher puts into one graph run, across concurrent requests. Larger batches let "
          + "the encoder group texts of similar length (bench: 256 gave 1.25x the throughput of 64 at saturation); "
          + "at low load a batch never waits longer than server.batch.max_wait_us.");
  public static final ConfigKey<Integer> MAX_WAIT_MICROS = ConfigKey.intKey("server.batch.max_wait_us", 500, 0, 1_000_000,
      "How long the first item of a batch may wait for more items before the batch runs anyway. "
          + "Under load batches fill while the workers are busy; at low load this is latency added to every request "
          + "(bench on 2 cores, single-item traffic at half load: 500 us gave p50 10.6 ms where 2000 us gave 12.9 ms).");
  public static final ConfigKey<Integer> BATCH_TARGET_MS = ConfigKey.intKey("server.batch.target_ms", 0, 0, 60_000,
      "Adaptive batch size: a batch holds at most the items whose expected graph time (items x the measured time "
          + "per item) fits this target, and never fewer than server.batch.min_size. Every request of a batch waits for "
          + "the whole run, so a burst that would form one long batch is cut into short ones and its first requests "
          + "are answered early. 0 = off (the default: batches fill up to server.batch.max_size; on the shared 2-core bench "
          + "machine a 50 ms target lowered single-item saturation and did not lower p99, see BATCHING.md).");
  public static final ConfigKey<Integer> MIN_BATCH_SIZE = ConfigKey.intKey("server.batch.min_size", 8, 1, 4096,
      "Smallest cap the adaptive batch size (server.batch.target_ms) may set: below it the model's per-call "
          + "overhead costs more throughput than the shorter run saves latency.");
  public static final ConfigKey<Integer> SPLIT_CHARS = ConfigKey.intKey("server.batch.split_chars", 256, 0, 10_000_000,
      "Requests with at least this many chars of text, or with an image, run after the short requests of their batch, "
          + "in a second graph run, so a short text is not held until a long one is computed (every request of a run is "
          + "answered when the run ends). 256 chars is about 64 tokens, the 90th percentile of the YouTube comments. "
          + "0 = one run per batch.");
  public static final ConfigKey<Integer> WORKERS = ConfigKey.intKey("server.batch.workers", 2, 1, 64,
      "Threads running graph batches concurrently. With one, a request arriving during a batch waits for all of it; "
          + "with two, it starts at once and the runs share the cores, so a short text is not queued behind a long one "
          + "(bench on 2 cores, single-item traffic at half load: p99 121 ms with 2 workers against 179 ms with 1, "
          + "BATCHING.md). Each worker's ONNX calls use models.onnx.intra_op_threads threads.");
  public static final ConfigKey<Integer> QUEUE_CAPACITY = ConfigKey.intKey("server.queue.capacity_items", 2048, 1, 1_000_000,
      "Items waiting for a batch, a hard memory bound behind deadline-aware admission: a request that would "
          + "exceed it is refused with 503 and Retry-After instead of queueing without bound.");
  public static final ConfigKey<Long> MAX_BODY_BYTES = ConfigKey.longKey("server.limits.max_body_bytes", 1L << 20, 1024, 1L << 30,
      "Largest request body accepted, counted while it streams (chunked bodies too): the read stops at the "
          + "limit with 413 and the connection is closed, nothing past it is buffered.");
  public static final ConfigKey<Integer> MAX_ITEMS = ConfigKey.intKey("server.limits.max_items_per_request", 256, 1, 100_000,
      "Most items in one POST /v1/signals; more gets 413.");
  public static final ConfigKey<Integer> MAX_TEXT_CHARS = ConfigKey.intKey("server.limits.max_text_chars", 20_000, 1, 10_000_000,
      "Longest title + description of one item, in chars; longer gets 413 naming the item.");
  public static final ConfigKey<Integer> REQUEST_TIMEOUT_MS = ConfigKey.intKey("server.request_timeout_ms", 30_000, 1, 600_000,
      "Deadline of a request, and the cap on a client's own deadline (header Prism-Deadline-Ms). A request "
          + "whose expected completion (backlog x measured time per item) is past its deadline is refused at once "
          + "with 503 and Retry-After; one not answered by then gets 503 and is dropped before it reaches the model.");

  public static final ConfigKey<Integer> CLIENT_GONE_CHECK_MS = ConfigKey.intKey("server.client_gone_check_ms", 100, 0, 60_000,
      "How often the server looks for clients that closed their connection while their request waits (Linux: "
          + "connections in TCP state CLOSE_WAIT in /proc/net/tcp and tcp6); such a request is cancelled before it reaches "
          + "the model. Jetty itself does not read a connection while its request is handled. A client that half-closes its "
          + "sending side after the request and still reads the answer (HTTP/1.1 clients do not; e.g. `nc -N`) looks gone too: "
          + "set 0 for such clients. 0 = off; off where /proc is missing.");
  public static final ConfigKey<Integer> MAX_CONNECTIONS = ConfigKey.intKey("server.limits.max_connections", 1024, 1, 1_000_000,
      "Most open client connections. At the cap the server stops accepting (new connections wait in the kernel's "
          + "backlog) and shortens idle connections' timeout, so slow or idle clients cannot exhaust file descriptors.");
  public static final ConfigKey<Integer> HEADER_TIMEOUT_MS = ConfigKey.intKey("server.limits.header_timeout_ms", 10_000, 100, 600_000,
      "Time a client has to send a request's whole header block, from the connection's opening (first request) or "
          + "from the first byte of the next request (keep-alive); a slower client is disconnected (slowloris). Checked "
          + "every quarter of this time, so a cut comes within 1.25x of it.");
  public static final ConfigKey<Integer> BODY_TIMEOUT_MS = ConfigKey.intKey("server.limits.body_timeout_ms", 20_000, 100, 600_000,
      "Time a client has to send a request's whole body once its headers are in; a stalled or trickling body gets "
          + "408 problem+json and the connection is closed.");
  public static final ConfigKey<Integer> IDLE_TIMEOUT_MS = ConfigKey.intKey("server.limits.idle_timeout_ms", 30_000, 100, 3_600_000,
      "How long a keep-alive connection may sit idle between requests before it is closed.");
  public static final ConfigKey<Double> RATE_LIMIT_RPS = ConfigKey.doubleKey("server.rate_limit.requests_per_second", 0.0, 0.0, 1e6,
      "Requests per second each client may make to /v1 endpoints, refilled continuously (token bucket keyed by API "
          + "token when the caller presents one, else by client address); over it answers 429 with Retry-After. "
          + "0 turns rate limiting off (the default: a benchmark from one address would otherwise be throttled).");
  public static final ConfigKey<Integer> RATE_LIMIT_BURST = ConfigKey.intKey("server.rate_limit.burst", 50, 1, 1_000_000,
      "Requests a client may make at once before server.rate_limit.requests_per_second applies (bucket size).");
  public static final ConfigKey<String> AUTH_READ = ConfigKey.enumKey("server.auth.read", "open", List.of("open", "token"),
      "Whether reading signals and contracts needs an API token (token: 'Authorization: Bearer ...' with scope read "
          + "or higher, from `prism tokens create`; needs `prism serve --db`) or is open. Write and admin endpoints always "
          + "need a token of their scope, and every write is recorded in the audit log. /healthz, /readyz, /metrics and "
          + "/openapi.json stay open.");
  public static final ConfigKey<String> TLS_KEYSTORE = ConfigKey.stringKey("server.tls.keystore", "",
      "PKCS12 keystore with the server's private key and certificate chain; when set the server speaks HTTPS only. "
          + "Default: none (plain HTTP, e.g. behind a TLS-terminating proxy).");
  public static final ConfigKey<String> TLS_KEYSTORE_PASSWORD = ConfigKey.stringKey("server.tls.keystore_password", "",
      "Password of server.tls.keystore (and of its key). Pass it in the environment (PRISM_SERVER_TLS_KEYSTORE_PASSWORD) "
          + "rather than on the command line.");

  public static final List<ConfigKey<?>> KEYS = List.of(HOST, PORT, MAX_BATCH_SIZE, MAX_WAIT_MICROS, BATCH_TARGET_MS, MIN_BATCH_SIZE, SPLIT_CHARS, WORKERS,
      QUEUE_CAPACITY, MAX_BODY_BYTES, MAX_ITEMS, MAX_TEXT_CHARS, REQUEST_TIMEOUT_MS, CLIENT_GONE_CHECK_MS, MAX_CONNECTIONS, HEADER_TIMEOUT_MS,
      BODY_TIMEOUT_MS, IDLE_TIMEOUT_MS, RATE_LIMIT_RPS, RATE_LIMIT_BURST, AUTH_READ, TLS_KEYSTORE, TLS_KEYSTORE_PASSWORD,
      NearDuplicatesHandler.INDEX_DIRS);
}
