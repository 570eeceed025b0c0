package dev.prism.runtime.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.graph.ItemResult;
import dev.prism.core.io.SignalJson;
import dev.prism.core.signal.SignalSpec;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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
   * Reads the ids already written to {@code path} by a run of the same {@code wanted} signals and
   * truncates a torn last line. Returns the ids whose lines are complete, so a resumed run skips
   * exactly those. Refuses (without touching the file) a file that is not a Prism output, or whose
   * lines were written for other signals: resuming it would append to someone else's data, or skip
   * items that never got the signals asked for now.
   *
   * @throws IllegalArgumentException naming the file and line when the file cannot be resumed
   */
  public static Set<String> resumeFrom(Path path, Set<SignalSpec> wanted) throws IOException {
    Set<String> done = new HashSet<>();
    if (!Files.exists(path)) {
      return done;
    }
    Set<String> want = new TreeSet<>();
    wanted.forEach(w -> want.add(w.toString()));
    long len = Files.size(path);
    long goodBytes; // the end of the last complete line
    try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "r")) {
      long pos = len;
      while (pos > 0) {
        raf.seek(pos - 1);
        if (raf.read() == '\n') {
          break;
        }
        pos--;
      }
      goodBytes = pos;
    }
    long lineNo = 0;
    // A lenient decoder: a tear may split a multi-byte character, which a strict one would throw on.
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8))) {
      String tail = null;
      String next = in.readLine();
      while (next != null) {
        String l = next;
        next = in.readLine();
        lineNo++;
        if (next == null && goodBytes < len) {
          tail = l; // the file does not end with a newline: its last line is torn
          break;
        }
        if (!l.isBlank()) {
          done.add(checkLine(path, lineNo, l, want));
        }
      }
      if (tail != null) {
        // Our own writer starts every line with {"id": and flushes whole batches, so a torn tail
        // starts that way and does not parse; anything else is not a line of ours.
        boolean parses;
        try {
          SignalJson.MAPPER.readTree(tail);
          parses = true;
        } catch (IOException e) {
          parses = false;
        }
        if (!tail.startsWith("{\"id\":") || parses && checkQuietly(tail, want) != null) {
          throw notOurs(path, lineNo, "its last line is not a torn line of a prism score output");
        }
      }
    }
    if (goodBytes < len) {
      try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
        raf.setLength(goodBytes);
      }
    }
    return done;
  }

  private static String checkLine(Path path, long lineNo, String line, Set<String> want) {
    JsonNode n;
    try {
      n = SignalJson.MAPPER.readTree(line);
    } catch (IOException e) {
      throw notOurs(path, lineNo, "malformed JSON");
    }
    String why = checkQuietly(n, want);
    if (why != null && why.startsWith("signals ")) {
      throw new IllegalArgumentException(path + ":" + lineNo + ": written for " + why + ", this run requests "
          + want + "; resume needs the same signals: request those, or use --on-existing overwrite or another output");
    }
    if (why != null) {
      throw notOurs(path, lineNo, why);
    }
    return n.get("id").asText();
  }

  private static String checkQuietly(String line, Set<String> want) {
    try {
      return checkQuietly(SignalJson.MAPPER.readTree(line), want);
    } catch (IOException e) {
      return "malformed JSON";
    }
  }

  /** Why a parsed line is not a line this sink wrote for {@code want}, or null. */
  private static String checkQuietly(JsonNode n, Set<String> want) {
    if (n == null || !n.isObject() || !n.path("id").isTextual() || !n.path("signals").isObject()
        || n.has("errors") && !n.get("errors").isObject()) {
      return "expected {\"id\": ..., \"signals\": {...}}";
    }
    Set<String> got = new TreeSet<>();
    n.get("signals").fieldNames().forEachRemaining(got::add);
    if (n.has("errors")) {
      n.get("errors").fieldNames().forEachRemaining(got::add);
    }
    return got.equals(want) ? null : "signals " + got;
  }

  private static IllegalArgumentException notOurs(Path path, long lineNo, String why) {
    return new IllegalArgumentException(path + ":" + lineNo + ": not a prism score output (" + why
        + "); cannot resume it: choose another output, or --on-existing overwrite to replace it");
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
