package dev.prism.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.UnknownSignalException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated {@code POST /v1/signals} body. Parsing is strict and every rejection names the field
 * and item (by index and id) it is about, so a client can fix the exact input.
 *
 * <pre>{@code
 * {"signals": ["text_embedding", "lang@1"],            // optional: default = every served signal
 *  "items": [{"id": "c1", "text": "...",               // "text" is an alias of "description"
 *             "title": "...", "description": "...", "link": "...", "image_ref": "...",
 *             "metadata": {"author": "..."}}]}
 * }</pre>
 */
record SignalsRequest(List<ContentItem> items, Set<SignalSpec> signals) {

  private static final Set<String> ITEM_FIELDS = Set.of("id", "title", "description", "text", "link", "image_ref", "metadata");
  private static final Set<String> TOP_FIELDS = Set.of("items", "signals");

  static SignalsRequest parse(JsonNode root, SignalGraph graph, int maxItems, int maxTextChars) {
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
      ContentItem item = parseItem(arr.get(i), i, maxTextChars);
      if (!ids.add(item.id())) {
        throw Problem.badRequest("items[" + i + "]: duplicate id '" + item.id() + "' in one request");
      }
      items.add(item);
    }
    return new SignalsRequest(items, signals);
  }

  private static ContentItem parseItem(JsonNode n, int i, int maxTextChars) {
    String where = "items[" + i + "]";
    if (!n.isObject()) {
      throw Problem.badRequest(where + " must be an object");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!ITEM_FIELDS.contains(f)) {
        throw Problem.badRequest(where + ": unknown field '" + f + "' (expected " + ITEM_FIELDS + ")");
      }
    }
    JsonNode id = n.get("id");
    if (id == null || !(id.isTextual() || id.isIntegralNumber()) || id.asText().isBlank()) {
      throw Problem.badRequest(where + ": 'id' is required (a non-empty string)");
    }
    where = where + " (id '" + id.asText() + "')";
    String title = text(n, "title", where);
    String description = text(n, "description", where);
    String alias = text(n, "text", where);
    if (!alias.isEmpty()) {
      if (!description.isEmpty()) {
        throw Problem.badRequest(where + ": give 'text' or 'description', not both");
      }
      description = alias;
    }
    int chars = title.length() + description.length();
    if (chars > maxTextChars) {
      throw Problem.tooLarge(where + ": title + description is " + chars + " chars; the limit is " + maxTextChars
          + " (server.limits.max_text_chars)");
    }
    Map<String, String> meta = new LinkedHashMap<>();
    JsonNode m = n.get("metadata");
    if (m != null && !m.isNull()) {
      if (!m.isObject()) {
        throw Problem.badRequest(where + ": 'metadata' must be an object of strings");
      }
      m.fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    }
    return new ContentItem(id.asText(), title, description, text(n, "link", where), text(n, "image_ref", where),
        new HashMap<>(meta));
  }

  private static String text(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw Problem.badRequest(where + ": '" + field + "' must be a string, got " + v.getNodeType().name().toLowerCase());
    }
    return v.asText();
  }
}
