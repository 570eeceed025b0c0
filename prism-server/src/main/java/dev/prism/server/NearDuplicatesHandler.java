package dev.prism.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.config.Config;
import dev.prism.core.config.ConfigKey;
import dev.prism.core.graph.ItemResult;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.io.SignalJson;
import dev.prism.core.item.ContentItem;
import dev.prism.core.item.ItemJson;
import dev.prism.core.item.MediaRef;
import dev.prism.core.signal.SignalRecord;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.UnknownSignalException;
import dev.prism.index.IndexManifest;
import dev.prism.index.NearDuplicateIndex;
import dev.prism.index.Neighbor;
import dev.prism.runtime.media.MediaResolver;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /v1/near-duplicates}: the indexed items nearest to one item, with distances.
 *
 * <pre>{@code
 * {"item": {"id": "q1", "text": "..."},   // as POST /v1/signals items (ItemJson, strict)
 *  "signal": "text_embedding",             // optional when one index is configured
 *  "k": 10,                                // optional, 1..MAX_K, default DEFAULT_K
 *  "max_distance": 0.15}                   // optional: only neighbours at most this far
 * }</pre>
 *
 * The item's signal is computed by the same micro-batched graph as {@code /v1/signals}, then
 * searched in the read-only index (built by {@code prism dedup}) whose manifest names that signal.
 * Indexes come from {@link #INDEX_DIRS}; they are opened at start-up, so a missing or mismatched
 * index fails {@code prism serve} at once, and they pick up new commits of a writer within a
 * second. The query item's own id is left out of its neighbours.
 */
final class NearDuplicatesHandler implements AutoCloseable {
  /** Neighbours returned when the request gives no {@code k}. */
  static final int DEFAULT_K = 10;
  /** Largest {@code k} a request may ask for: bounds the work one request can cause. */
  static final int MAX_K = 1000;

  static final ConfigKey<String> INDEX_DIRS = ConfigKey.stringKey("index.dir", "",
      "Near-duplicate index directories (comma-separated, built by `prism dedup --index DIR`) served by "
          + "POST /v1/near-duplicates, one per signal; empty: the endpoint answers 404.");

  private static final Set<String> FIELDS = Set.of("item", "signal", "k", "max_distance");
  private static final com.fasterxml.jackson.databind.ObjectMapper STRICT_JSON = SignalJson.MAPPER.copy()
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final SignalGraph graph;
  private final MicroBatcher batcher;
  private final MediaResolver media;
  private final Map<String, NearDuplicateIndex> bySignal = new LinkedHashMap<>();
  private final int maxTextChars;
  private final long timeoutMs;
  /** The server's body reader: content type, charset, streamed size limit and body deadline. */
  private final java.util.function.Function<Context, byte[]> bodyReader;

  NearDuplicatesHandler(SignalGraph graph, MicroBatcher batcher, MediaResolver media, Config config,
      java.util.function.Function<Context, byte[]> bodyReader) {
    this.bodyReader = bodyReader;
    this.graph = graph;
    this.batcher = batcher;
    this.media = media;
    this.maxTextChars = config.get(ServerConfig.MAX_TEXT_CHARS);
    this.timeoutMs = config.get(ServerConfig.REQUEST_TIMEOUT_MS);
    try {
      for (String d : config.get(INDEX_DIRS).split(",")) {
        if (d.isBlank()) {
          continue;
        }
        NearDuplicateIndex idx = NearDuplicateIndex.openReadOnly(Path.of(d.strip()));
        String signal = idx.manifest().signal();
        NearDuplicateIndex prev = bySignal.put(signal, idx);
        if (prev != null) {
          throw new IllegalArgumentException("index.dir: " + prev.directory() + " and " + idx.directory()
              + " both index " + signal + "; configure one index per signal");
        }
      }
    } catch (IOException | RuntimeException e) {
      close();
      if (e instanceof IOException io) {
        throw new IllegalArgumentException("index.dir: " + io.getMessage(), io);
      }
      throw (RuntimeException) e;
    }
  }

  void handle(Context ctx) {
    JsonNode root = readBody(ctx);
    if (root == null || !root.isObject()) {
      throw Problem.badRequest("body must be a JSON object with an 'item'");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw Problem.badRequest("unknown field '" + f + "' (expected " + FIELDS + ")");
      }
    }
    if (bySignal.isEmpty()) {
      throw new Problem.Failure(new Problem(Problem.BASE + "no-index", "No index", 404,
          "no near-duplicate index configured (set index.dir to a directory built by `prism dedup --index DIR`)"), null);
    }
    SignalSpec spec = signal(root.get("signal"));
    NearDuplicateIndex index = bySignal.get(spec.toString());
    if (index == null) {
      throw new Problem.Failure(new Problem(Problem.BASE + "no-index", "No index", 404,
          "no near-duplicate index for " + spec + " (indexed: " + bySignal.keySet() + ")"), null);
    }
    int k = intField(root, "k", DEFAULT_K, 1, MAX_K);
    Double maxDistance = null;
    JsonNode md = root.get("max_distance");
    if (md != null && !md.isNull()) {
      if (!md.isNumber() || !(md.asDouble() >= 0)) {
        throw Problem.badRequest("'max_distance' must be a number >= 0, got " + md);
      }
      maxDistance = md.asDouble();
    }
    JsonNode itemNode = root.get("item");
    if (itemNode == null || itemNode.isNull()) {
      throw Problem.badRequest("'item' is missing: send the item to look up, e.g. {\"id\": \"q\", \"text\": \"...\"}");
    }
    ContentItem item = parseItem(itemNode);
    ContentItem resolved = media.resolve(List.of(item), graph.readsImages(Set.of(spec))).get(0);
    SignalRecord rec = compute(resolved, spec);
    List<Neighbor> hits;
    try {
      // one more than asked: the item itself may be indexed, and is left out
      hits = maxDistance == null ? index.search(rec.value(), k + 1) : index.within(rec.value(), maxDistance, k + 1);
    } catch (IllegalArgumentException e) {
      throw new Problem.Failure(new Problem(Problem.BASE + "item-failed", "Item failed", 422,
          "item '" + item.id() + "': its " + spec + " value does not fit the index: " + e.getMessage()), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode out = SignalJson.MAPPER.createObjectNode();
    out.put("id", item.id());
    out.put("signal", spec.toString());
    out.put("metric", index.manifest().metric().name().toLowerCase(Locale.ROOT));
    ArrayNode arr = out.putArray("neighbors");
    int n = 0;
    for (Neighbor h : hits) {
      if (h.id().equals(item.id()) || n == k) {
        continue;
      }
      arr.addObject().put("id", h.id()).put("distance", h.distance());
      n++;
    }
    try {
      ctx.contentType("application/json").result(SignalJson.MAPPER.writeValueAsBytes(out));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private SignalSpec signal(JsonNode s) {
    if (s == null || s.isNull()) {
      if (bySignal.size() == 1) {
        return graph.resolve(bySignal.keySet().iterator().next());
      }
      throw Problem.badRequest("'signal' is missing: " + bySignal.size() + " indexes are configured ("
          + bySignal.keySet() + "); name one");
    }
    if (!s.isTextual()) {
      throw Problem.badRequest("'signal' must be a string, got " + s);
    }
    try {
      return graph.resolve(s.asText());
    } catch (UnknownSignalException e) {
      throw Problem.unknownSignal(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("bad signal name '" + s.asText() + "': " + e.getMessage());
    }
  }

  private static int intField(JsonNode root, String field, int def, int min, int max) {
    JsonNode v = root.get(field);
    if (v == null || v.isNull()) {
      return def;
    }
    if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
      throw Problem.badRequest("'" + field + "' must be an integer in [" + min + ", " + max + "], got " + v);
    }
    return v.asInt();
  }

  private ContentItem parseItem(JsonNode n) {
    ContentItem item;
    try {
      item = ItemJson.parse(n, ItemJson.Fields.defaults(), ItemJson.Mode.STRICT, media.config().maxBytes());
    } catch (ItemJson.ItemException e) {
      String where = "item" + (e.itemId() == null ? "" : " (id '" + e.itemId() + "')");
      if (e.getMessage().contains("(media.max_bytes)")) {
        throw Problem.tooLarge(where + ": " + e.getMessage());
      }
      throw Problem.badRequest(where + ": " + e.getMessage());
    }
    int chars = item.title().length() + item.description().length();
    if (chars > maxTextChars) {
      throw Problem.tooLarge("item (id '" + item.id() + "'): title + description is " + chars
          + " chars; the limit is " + maxTextChars + " (server.limits.max_text_chars)");
    }
    return item;
  }

  private SignalRecord compute(ContentItem item, SignalSpec spec) {
    CompletableFuture<List<ItemResult>> future;
    try {
      future = batcher.submit(List.of(item), Set.of(spec));
    } catch (MicroBatcher.OverloadedException e) {
      throw Problem.overloaded(e.getMessage() + "; retry later");
    }
    List<ItemResult> results;
    try {
      results = future.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw Problem.timeout("item not computed within " + timeoutMs + " ms (server.request_timeout_ms)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Problem.timeout("interrupted");
    } catch (ExecutionException e) {
      throw Problem.batchFailed(e.getCause().getMessage() + "; the server is still serving, retry may succeed");
    }
    ItemResult r = results.get(0);
    SignalRecord rec = r.values().get(spec);
    if (rec == null) {
      String why = item.image() instanceof MediaRef.Unavailable u ? "image " + u.describe()
          : r.errors().getOrDefault(spec, "no value");
      throw new Problem.Failure(new Problem(Problem.BASE + "item-failed", "Item failed", 422,
          "item '" + item.id() + "': " + spec + " could not be computed: " + why), null);
    }
    return rec;
  }

  /** The body as strict JSON, with the same limits and problems as {@code POST /v1/signals}. */
  private JsonNode readBody(Context ctx) {
    byte[] body = bodyReader.apply(ctx);
    try (com.fasterxml.jackson.core.JsonParser parser = STRICT_JSON.createParser(body)) {
      JsonNode root = parser.readValueAsTree();
      if (root != null && parser.nextToken() != null) {
        throw Problem.badRequest("malformed JSON: more text after the request object at line "
            + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr());
      }
      return root;
    } catch (IOException e) {
      String msg = e instanceof JsonProcessingException jpe && jpe.getLocation() != null
          ? jpe.getOriginalMessage() + " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr()
          : e.getMessage();
      throw Problem.badRequest("malformed JSON: " + msg);
    }
  }

  /** The configured indexes' signals, for logs. */
  List<String> signals() {
    return new ArrayList<>(bySignal.keySet());
  }

  @Override
  public void close() {
    for (NearDuplicateIndex idx : bySignal.values()) {
      try {
        idx.close();
      } catch (IOException e) {
        // closing a read-only index releases files only; nothing to recover
      }
    }
    bySignal.clear();
  }
}
