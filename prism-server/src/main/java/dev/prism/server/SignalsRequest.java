package dev.prism.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.item.ContentItem;
import dev.prism.core.item.ItemJson;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.UnknownSignalException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A validated {@code POST /v1/signals} body. Parsing is strict and every rejection names the field
 * and item (by index and id) it is about, so a client can fix the exact input.
 *
 * <pre>{@code
 * {"signals": ["text_embedding", "lang@1"],            // optional: default = every served signal that applies to the item
 *  "items": [{"id": "c1", "text": "...",               // items as dev.prism.core.item.ItemJson reads them
 *             "image": {"base64": "..."}, "metadata": {"author": "..."}}]}
 * }</pre>
 *
 * Items are read strictly (an unknown field is an error) by the same {@code ItemJson} mapping that
 * reads JSONL files, so an item means the same thing over HTTP and in batch.
 */
record SignalsRequest(List<ContentItem> items, Set<SignalSpec> signals, boolean defaults) {

  private static final Set<String> TOP_FIELDS = Set.of("items", "signals");

  static SignalsRequest parse(JsonNode root, SignalGraph graph, int maxItems, int maxTextChars, long maxMediaBytes) {
    if (root == null || !root.isObject()) {
      throw Problem.badRequest("body must be a JSON object with an 'items' array");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!TOP_FIELDS.contains(f)) {
        throw Problem.badRequest("unknown field '" + f + "' (expected " + TOP_FIELDS + ")");
      }
    }
    Set<SignalSpec> signals = new LinkedHashSet<>();
    JsonNode sig = root.get("signals");
    if (sig == null || sig.isNull()) {
      signals.addAll(graph.served());
    } else {
      if (!sig.isArray() || sig.isEmpty()) {
        throw Problem.badRequest("'signals' must be a non-empty array of signal names");
      }
      for (JsonNode s : sig) {
        if (!s.isTextual()) {
          throw Problem.badRequest("'signals' entries must be strings, got " + s);
        }
        try {
          signals.add(graph.resolve(s.asText()));
        } catch (UnknownSignalException e) {
          throw Problem.unknownSignal(e.getMessage());
        } catch (IllegalArgumentException e) {
          throw Problem.badRequest("bad signal name '" + s.asText() + "': " + e.getMessage());
        }
      }
    }
    JsonNode arr = root.get("items");
    if (arr == null || !arr.isArray()) {
      throw Problem.badRequest("'items' must be an array of items");
    }
    if (arr.isEmpty()) {
      throw Problem.badRequest("'items' is empty: send 1 to " + maxItems + " items");
    }
    if (arr.size() > maxItems) {
      throw Problem.tooLarge(arr.size() + " items in one request; the limit is " + maxItems
          + " (server.limits.max_items_per_request): split the request");
    }
    List<ContentItem> items = new ArrayList<>(arr.size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < arr.size(); i++) {
      ContentItem item = parseItem(arr.get(i), i, maxTextChars, maxMediaBytes);
      if (!ids.add(item.id())) {
        throw Problem.badRequest("items[" + i + "]: duplicate id '" + item.id() + "' in one request");
      }
      items.add(item);
    }
    return new SignalsRequest(items, signals, sig == null || sig.isNull());
  }

  private static ContentItem parseItem(JsonNode n, int i, int maxTextChars, long maxMediaBytes) {
    ContentItem item;
    try {
      item = ItemJson.parse(n, ItemJson.Fields.defaults(), ItemJson.Mode.STRICT, maxMediaBytes);
    } catch (ItemJson.ItemException e) {
      String where = "items[" + i + "]" + (e.itemId() == null ? "" : " (id '" + e.itemId() + "')");
      if (e.getMessage().contains("(media.max_bytes)")) {
        throw Problem.tooLarge(where + ": " + e.getMessage());
      }
      throw Problem.badRequest(where + ": " + e.getMessage());
    }
    int chars = item.title().length() + item.description().length();
    if (chars > maxTextChars) {
      throw Problem.tooLarge("items[" + i + "] (id '" + item.id() + "'): title + description is " + chars
          + " chars; the limit is " + maxTextChars + " (server.limits.max_text_chars)");
    }
    return item;
  }
}
