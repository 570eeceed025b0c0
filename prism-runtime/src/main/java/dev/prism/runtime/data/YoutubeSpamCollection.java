package dev.prism.runtime.data;

import dev.prism.core.item.ContentItem;
import dev.prism.core.item.MediaRef;
import dev.prism.runtime.item.ItemMapping;
import dev.prism.runtime.item.ItemReader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The bundled YouTube Spam Collection CSVs (datasets/youtube_spam_collection), read for the demo and the bench. */
public final class YoutubeSpamCollection {
  private YoutubeSpamCollection() {}

  /** One comment with its CLASS column (1 = spam, 0 = ham). */
  public record Comment(ContentItem item, int spam) {}

  /**
   * All comments of all {@code Youtube*.csv} files in file order. Ids are {@code file:COMMENT_ID:line}
   * because COMMENT_ID repeats across files; metadata keeps AUTHOR, DATE, CLASS and the source file.
   */
  public static List<Comment> load(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("data directory not found: " + dir + " (pass --data DIR)");
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().matches("Youtube\\d+-.*\\.csv")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no Youtube*.csv files in " + dir);
    }
    List<Comment> out = new ArrayList<>();
    for (Path f : files) {
      String prefix = f.getFileName().toString().replace(".csv", "");
      try (InputStream in = Files.newInputStream(f);
          ItemReader r = ItemReader.open(in, "csv", new ItemMapping("COMMENT_ID", "CONTENT", "title", "link", "image", "path",
              List.of("AUTHOR", "DATE", "CLASS")), f.toString(), 0)) {
        for (ItemReader.Record rec = r.next(); rec != null; rec = r.next()) {
          if (rec instanceof ItemReader.Record.Good g) {
            ContentItem it = g.item();
            Map<String, String> meta = new HashMap<>(it.metadata());
            meta.put("source", prefix);
            ContentItem withId = new ContentItem(prefix + ":" + it.id() + ":" + g.line(), "", it.description(), "", MediaRef.NONE, meta);
            out.add(new Comment(withId, Integer.parseInt(meta.getOrDefault("CLASS", "0").strip())));
          }
        }
      }
    }
    return out;
  }
}
