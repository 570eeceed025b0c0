package dev.prism.runtime.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.graph.ItemResult;
import dev.prism.core.io.SignalJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One JSON object per line: {@code {"id", "signals": {...}, "errors": {...}}}. Flushed after every
 * batch, so after a crash the file holds whole lines plus at most one torn line, which
 * {@link #resumeFrom} cuts off before appending.
 */
public final class JsonlSink implements SignalSink {
  private final BufferedWriter out;

  public JsonlSink(Path path, boolean append) throws IOException {
    this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
  }

  /**
   * Reads the ids already written to {@code path} and truncates a torn last line. Returns the ids
   * whose lines are complete, so a resumed run skips exactly those.
   */
  public static Set<String> resumeFrom(Path path) throws IOException {
    Set<String> done = new HashSet<>();
    if (!Files.exists(path)) {
      return done;
    }
    long goodBytes = 0;
    try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
      long len = raf.length();
      // find the end of the last complete line
      long pos = len;
      while (pos > 0) {
        raf.seek(pos - 1);
        if (raf.read() == '\n') {
          break;
        }
        pos--;
      }
      goodBytes = pos;
      if (goodBytes < len) {
        raf.setLength(goodBytes);
      }
    }
    try (var lines = Files.lines(path, StandardCharsets.UTF_8)) {
      lines.forEach(l -> {
        try {
          JsonNode n = SignalJson.MAPPER.readTree(l);
          if (n.has("id")) {
            done.add(n.get("id").asText());
          }
        } catch (IOException e) {
          // a line we cannot read is not counted as done; it will be recomputed
        }
      });
    }
    return done;
  }

  @Override
  public void write(List<ItemResult> results) throws IOException {
    for (ItemResult r : results) {
      ObjectNode o = SignalJson.MAPPER.createObjectNode();
      o.put("id", r.itemId());
      ObjectNode sig = o.putObject("signals");
      r.values().forEach((spec, rec) -> SignalJson.putValue(sig, spec.toString(), rec.value()));
      if (!r.errors().isEmpty()) {
        ObjectNode err = o.putObject("errors");
        r.errors().forEach((spec, why) -> err.put(spec.toString(), why));
      }
      out.write(SignalJson.MAPPER.writeValueAsString(o));
      out.write('\n');
    }
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
