package dev.prism.runtime.item;

import dev.prism.core.item.ItemJson;
import java.util.List;
import java.util.Locale;

/**
 * Which fields (JSONL) or columns (CSV) hold an item's parts. In CSV the image column holds a
 * string whose meaning {@code imageKind} states ({@code path}, {@code url} or {@code base64}); in
 * JSONL the image field is an object that says it itself.
 *
 * @param metaColumns extra fields/columns kept as metadata; for CSV, empty = every unmapped column
 */
public record ItemMapping(String id, String text, String title, String link, String image, String imageKind,
    List<String> metaColumns) {

  public ItemMapping {
    metaColumns = metaColumns == null ? List.of() : List.copyOf(metaColumns);
    imageKind = imageKind == null ? "path" : imageKind.toLowerCase(Locale.ROOT);
    if (!List.of("path", "url", "base64").contains(imageKind)) {
      throw new IllegalArgumentException("image kind must be path, url or base64, got '" + imageKind + "'");
    }
  }

  public static ItemMapping defaults() {
    return new ItemMapping("id", "text", "title", "link", "image", "path", List.of());
  }

  /** The JSON field mapping shared with the HTTP API. */
  public ItemJson.Fields jsonFields() {
    return new ItemJson.Fields(id, text, title, link, image, metaColumns);
  }
}
