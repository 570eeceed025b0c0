package dev.prism.core.item;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one mapping from a JSON object to a {@link ContentItem}, shared by JSONL input ({@code prism
 * score}), the HTTP API ({@code POST /v1/signals}) and every other JSON reader, so an item means
 * the same thing everywhere.
 *
 * <pre>{@code
 * {"id": "c1", "text": "...",                // "text" is an alias of "description"
 *  "title": "...", "description": "...", "link": "...",
 *  "image": {"base64": "..."} | {"path": "photos/1.jpg"} | {"url": "https://..."},
 *  "metadata": {"author": "..."}}
 * }</pre>
 *
 * Field names can be remapped ({@link Fields}). In {@link Mode#STRICT} (HTTP) an unknown field is
 * an error; in {@link Mode#LENIENT} (files) unknown fields are ignored unless listed as metadata.
 * Every rejection is an {@link ItemException} naming the field.
 */
public final class ItemJson {
  private ItemJson() {}

  /** How the object is read: strictly (an API) or leniently (files with extra columns). */
  public enum Mode { STRICT, LENIENT }

  /** Which JSON fields hold what. {@code metaFields}: extra top-level fields kept as metadata. */
  public record Fields(String id, String text, String title, String link, String image, List<String> metaFields) {
    public Fields {
      metaFields = metaFields == null ? List.of() : List.copyOf(metaFields);
    }

    public static Fields defaults() {
      return new Fields("id", "text", "title", "link", "image", List.of());
    }

    Set<String> known() {
      Set<String> k = new LinkedHashSet<>(List.of(id, text, title, link, image, "description", "metadata"));
      k.addAll(metaFields);
      return k;
    }
  }

  /** A JSON object that is not a valid item; the message names the field. */
  public static final class ItemException extends IllegalArgumentException {
    private final String itemId;

    public ItemException(String itemId, String message) {
      super(message);
      this.itemId = itemId;
    }

    /** The item's id when it was readable, else null. */
    public String itemId() {
      return itemId;
    }
  }

  /**
   * Reads one item.
   *
   * @param maxInlineMediaBytes largest decoded {@code image.base64} accepted
   */
  public static ContentItem parse(JsonNode n, Fields f, Mode mode, long maxInlineMediaBytes) {
    if (n == null || !n.isObject()) {
      throw new ItemException(null, "expected a JSON object, got " + kind(n));
    }
    if (mode == Mode.STRICT) {
      Set<String> known = f.known();
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!known.contains(name)) {
          throw new ItemException(null, "unknown field '" + name + "' (expected " + known + ")");
        }
      }
    }
    JsonNode idNode = n.get(f.id());
    if (idNode == null || !(idNode.isTextual() || idNode.isIntegralNumber()) || idNode.asText().isBlank()) {
      throw new ItemException(null, "'" + f.id() + "' is required (a non-empty string)");
    }
    String id = idNode.asText();
    String title = text(n, f.title(), id);
    String description = text(n, "description", id);
    String alias = f.text().equals("description") ? "" : text(n, f.text(), id);
    if (!alias.isEmpty()) {
      if (!description.isEmpty()) {
        throw new ItemException(id, "give '" + f.text() + "' or 'description', not both");
      }
      description = alias;
    }
    Map<String, String> meta = new LinkedHashMap<>();
    JsonNode m = n.get("metadata");
    if (m != null && !m.isNull()) {
      if (!m.isObject()) {
        throw new ItemException(id, "'metadata' must be an object of strings");
      }
      m.properties().forEach(e -> {
        if (!e.getValue().isNull()) { // a null metadata value is absent, not the string "null"
          meta.put(e.getKey(), scalar(e.getValue()));
        }
      });
    }
    for (String c : f.metaFields()) {
      JsonNode v = n.get(c);
      if (v != null && !v.isNull()) {
        meta.put(c, scalar(v));
      }
    }
    MediaRef image = media(n.get(f.image()), f.image(), id, maxInlineMediaBytes);
    return new ContentItem(id, title, description, text(n, f.link(), id), image, meta);
  }

  /**
   * Reads a media reference: {@code {"base64": ...}}, {@code {"path": ...}} or {@code {"url": ...}}
   * (exactly one). Base64 is decoded here (bounded); paths and URLs are resolved later by the
   * runtime's media stage.
   */
  public static MediaRef media(JsonNode v, String field, String id, long maxInlineBytes) {
    if (v == null || v.isNull()) {
      return MediaRef.NONE;
    }
    if (!v.isObject() || v.size() != 1) {
      throw new ItemException(id, "'" + field + "' must be an object with exactly one of "
          + "\"base64\", \"path\", \"url\"");
    }
    Map.Entry<String, JsonNode> e = v.properties().iterator().next();
    if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
      throw new ItemException(id, "'" + field + "." + e.getKey() + "' must be a non-empty string");
    }
    return mediaOf(e.getKey(), e.getValue().asText(), field, id, maxInlineBytes);
  }

  /** A media reference of a given kind ({@code base64}, {@code path}, {@code url}) from a string. */
  public static MediaRef mediaOf(String kind, String value, String field, String id, long maxInlineBytes) {
    String where = "'" + field + "." + kind + "'";
    switch (kind.toLowerCase(Locale.ROOT)) {
      case "base64" -> {
        String b64 = value;
        if (b64.regionMatches(true, 0, "data:", 0, 5)) { // a data URI: data:image/png;base64,....
          int comma = b64.indexOf(',');
          if (comma < 0 || !b64.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) {
            throw new ItemException(id, where + " is a data URI without ';base64,'");
          }
          b64 = b64.substring(comma + 1);
        }
        // 4 base64 chars carry 3 bytes: refuse before decoding so a huge string costs nothing.
        long approx = (long) b64.length() / 4 * 3;
        if (approx > maxInlineBytes + 3 + b64.length() / 64) { // + line breaks a MIME encoder may insert
          throw new ItemException(id, where + " decodes to about " + approx + " bytes; the limit is " + maxInlineBytes
              + " (media.max_bytes)");
        }
        byte[] bytes;
        try {
          bytes = decodeBase64(b64);
        } catch (IllegalArgumentException ex) {
          throw new ItemException(id, where + " is not valid base64: " + ex.getMessage());
        }
        if (bytes.length == 0) {
          throw new ItemException(id, where + " decodes to zero bytes");
        }
        if (bytes.length > maxInlineBytes) {
          throw new ItemException(id, where + " is " + bytes.length + " bytes; the limit is " + maxInlineBytes
              + " (media.max_bytes)");
        }
        return new MediaRef.Inline(bytes, "base64");
      }
      case "path" -> {
        if (value.indexOf('\0') >= 0) {
          throw new ItemException(id, where + " contains a NUL character");
        }
        return new MediaRef.LocalPath(value);
      }
      case "url" -> {
        try {
          URI u = new URI(value);
          String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
          if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ItemException(id, where + " must be an http or https URL, got scheme '" + scheme + "'");
          }
          if (u.getHost() == null) {
            throw new ItemException(id, where + " has no host");
          }
          return new MediaRef.Remote(u);
        } catch (URISyntaxException ex) {
          throw new ItemException(id, where + " is not a URL: " + ex.getMessage());
        }
      }
      default -> throw new ItemException(id, "'" + field + "' has unknown key '" + kind
          + "' (expected base64, path or url)");
    }
  }

  /**
   * Strict base64 (standard or URL-safe alphabet, padding optional), tolerating only line breaks
   * and spaces between groups. Not the MIME decoder: it silently skips any character it does not
   * know, so garbage would "decode" to a few stray bytes instead of being rejected.
   */
  static byte[] decodeBase64(String s) {
    StringBuilder clean = new StringBuilder(s.length());
    boolean urlSafe = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n' || c == ' ' || c == '\t') {
        continue;
      }
      urlSafe |= c == '-' || c == '_';
      clean.append(c);
    }
    return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(clean.toString());
  }

  private static String text(JsonNode n, String field, String id) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw new ItemException(id, "'" + field + "' must be a string, got " + kind(v));
    }
    return v.asText();
  }

  private static String scalar(JsonNode v) {
    return v.isTextual() ? v.asText() : v.toString();
  }

  private static String kind(JsonNode n) {
    return n == null ? "nothing" : n.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
