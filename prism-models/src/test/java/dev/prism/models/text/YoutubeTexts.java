package dev.prism.models.text;

import dev.prism.core.io.CsvReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real comments from the bundled YouTube Spam Collection (datasets/README.md). */
final class YoutubeTexts {
  private YoutubeTexts() {}

  static Path datasets() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("datasets/youtube_spam_collection"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("datasets/youtube_spam_collection not found above " + Path.of("").toAbsolutePath());
    }
    return p.resolve("datasets");
  }

  /** The CONTENT column of one file, in file order. */
  static List<String> comments(String file) throws IOException {
    List<String> out = new ArrayList<>();
    try (CsvReader r = new CsvReader(Files.newBufferedReader(datasets().resolve("youtube_spam_collection").resolve(file), StandardCharsets.UTF_8))) {
      List<String> header = r.next().fields();
      int content = header.indexOf("CONTENT");
      for (CsvReader.Row row = r.next(); row != null; row = r.next()) {
        out.add(row.fields().get(content));
      }
    }
    return out;
  }
}
