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
  public static final ConfigKey<Integer> MAX_WAIT_MICROS = ConfigKey.intKey("server.batch.max_wait_us", 2000, 0, 1_000_000,
      "How long the first item of a batch may wait for more items before the batch runs anyway. "
          + "Under load batches fill before this; at low load it bounds the latency added by batching.");
  public static final ConfigKey<Integer> WORKERS = ConfigKey.intKey("server.batch.workers", 1, 1, 64,
      "Threads running graph batches concurrently. ONNX Runtime already uses every core inside one call, so on "
          + "small machines one worker is fastest (bench on 2 cores: 2 workers ran each call 2x slower); raise it "
          + "with models.onnx.intra_op_threads lowered on many-core machines.");
  public static final ConfigKey<Integer> QUEUE_CAPACITY = ConfigKey.intKey("server.queue.capacity_items", 2048, 1, 1_000_000,
      "Items waiting for a batch. A request that would exceed it is refused with 503 and Retry-After "
          + "instead of queueing without bound.");
  public static final ConfigKey<Long> MAX_BODY_BYTES = ConfigKey.longKey("server.limits.max_body_bytes", 1L << 20, 1024, 1L << 30,
      "Largest request body accepted; larger bodies get 413.");
  public static final ConfigKey<Integer> MAX_ITEMS = ConfigKey.intKey("server.limits.max_items_per_request", 256, 1, 100_000,
      "Most items in one POST /v1/signals; more gets 413.");
  public static final ConfigKey<Integer> MAX_TEXT_CHARS = ConfigKey.intKey("server.limits.max_text_chars", 20_000, 1, 10_000_000,
      "Longest title + description of one item, in chars; longer gets 413 naming the item.");
  public static final ConfigKey<Integer> REQUEST_TIMEOUT_MS = ConfigKey.intKey("server.request_timeout_ms", 30_000, 1, 600_000,
      "A request whose items are not computed within this time gets 503.");

  public static final List<ConfigKey<?>> KEYS = List.of(HOST, PORT, MAX_BATCH_SIZE, MAX_WAIT_MICROS, WORKERS,
      QUEUE_CAPACITY, MAX_BODY_BYTES, MAX_ITEMS, MAX_TEXT_CHARS, REQUEST_TIMEOUT_MS,
      NearDuplicatesHandler.INDEX_DIRS);
}
