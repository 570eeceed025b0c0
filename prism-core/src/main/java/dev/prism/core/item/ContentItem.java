package dev.prism.core.item;

import java.util.Map;
import java.util.Objects;

/**
 * One piece of user content (a pin, post, comment or product) as Prism reads it.
 *
 * <p>Every field but {@code id} is optional; absent text fields are empty strings, never null, so
 * nodes never branch on null. {@code image} is a {@link MediaRef}: readers produce references, the
 * runtime's media stage resolves them to bytes before the graph runs. {@code metadata} carries free key/value fields (author, source video,
 * date...) that evaluation slices and labeling functions may use.
 */
public record ContentItem(
    String id, String title, String description, String link, MediaRef image, Map<String, String> metadata) {

  public ContentItem {
    Objects.requireNonNull(id, "ContentItem.id must not be null");
    if (id.isBlank()) {
      throw new IllegalArgumentException("ContentItem.id must not be blank");
    }
    title = title == null ? "" : title;
    description = description == null ? "" : description;
    link = link == null ? "" : link;
    image = image == null ? MediaRef.NONE : image;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** An item that is only a piece of text (a comment, a caption). */
  public static ContentItem ofText(String id, String text) {
    return new ContentItem(id, "", text, "", MediaRef.NONE, Map.of());
  }

  /** This item with its media replaced (the media stage's output). */
  public ContentItem withImage(MediaRef newImage) {
    return new ContentItem(id, title, description, link, newImage, metadata);
  }

  /**
   * The text that text encoders read: title and description joined by a newline, whichever are
   * present. This one definition is shared by every runner so training and serving see the same
   * string.
   */
  public String text() {
    if (title.isEmpty()) {
      return description;
    }
    if (description.isEmpty()) {
      return title;
    }
    return title + "\n" + description;
  }
}
