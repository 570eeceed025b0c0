package dev.prism.spark.neardup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A seeded corpus of real texts and perturbed copies, for the near-duplicate benchmark and tests.
 * The pool is the distinct texts of the bundled YouTube Spam Collection (comments) and WRENCH
 * SemEval (sentences), about 4,300: far fewer than the items needed, and two originals built from
 * whole pool texts would share most of their text. So an original is {@value #FRAGMENTS} fragments
 * of {@value #MIN_WORDS}–{@value #MAX_WORDS} consecutive words, each from a random pool text: real
 * word sequences, and two originals share at most a fragment or two by chance. A share
 * {@code copyShare} of originals get 1..{@code maxCopies} copies, each with 1–3
 * random edits: a word deleted, two adjacent words swapped, a typo (a letter replaced, inserted or
 * deleted), the case changed (all upper, all lower, or one word capitalised) or punctuation added or
 * stripped. Ground truth: items of one group are duplicates of each other.
 */
public final class SyntheticCorpus {
  /** Where the pool's texts come from, relative to the project root. */
  public static final List<String> SOURCES = List.of("datasets/youtube_spam_collection/Youtube0*.csv",
      "datasets/wrench_semeval/{train,valid,test}.json");

  private SyntheticCorpus() {}

  /** The pool: distinct texts, in a fixed order. */
  public static List<String> pool(SparkSession spark, Path root) throws IOException {
    Set<String> texts = new LinkedHashSet<>();
    for (Row r : spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
        .csv(root.resolve("datasets/youtube_spam_collection").toString() + "/Youtube0*.csv")
        .select("CONTENT").collectAsList()) {
      if (!r.isNullAt(0) && !r.getString(0).isBlank()) {
        texts.add(r.getString(0).strip());
      }
    }
    ObjectMapper json = new ObjectMapper();
    for (String split : List.of("train", "valid", "test")) {
      JsonNode n = json.readTree(root.resolve("datasets/wrench_semeval/" + split + ".json").toFile());
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        String t = it.next().getValue().path("data").path("text").asText("").strip();
        if (!t.isEmpty()) {
          texts.add(t);
        }
      }
    }
    return new ArrayList<>(texts);
  }

  /** Fragments per original. */
  public static final int FRAGMENTS = 4;
  /** Words per fragment: uniform in MIN..MAX (fewer when the text is shorter). */
  public static final int MIN_WORDS = 3;
  public static final int MAX_WORDS = 8;

  /**
   * Writes {@code n} items as JSONL ({@code id}, {@code text}) and the truth as CSV
   * ({@code id,group,sources,copy}; sources: the pool indices of the original's fragments, {@code ;}-separated).
   */
  public static long write(List<String> pool, long n, double copyShare, int maxCopies, long seed, Path jsonl, Path truthCsv)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    SplittableRandom random = new SplittableRandom(seed);
    List<String[]> words = pool.stream().map(t -> t.split("\\s+")).toList();
    long written = 0;
    long group = 0;
    try (BufferedWriter items = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8);
        BufferedWriter truth = Files.newBufferedWriter(truthCsv, StandardCharsets.UTF_8)) {
      truth.write("id,group,sources,copy\n");
      while (written < n) {
        StringBuilder original = new StringBuilder();
        StringBuilder sources = new StringBuilder();
        for (int f = 0; f < FRAGMENTS; f++) {
          int t = random.nextInt(words.size());
          String[] w = words.get(t);
          int len = Math.min(w.length, MIN_WORDS + random.nextInt(MAX_WORDS - MIN_WORDS + 1));
          int from = random.nextInt(w.length - len + 1);
          for (int k = from; k < from + len; k++) {
            if (!original.isEmpty()) {
              original.append(' ');
            }
            original.append(w[k]);
          }
          sources.append(f == 0 ? "" : ";").append(t);
        }
        int copies = random.nextDouble() < copyShare ? 1 + random.nextInt(maxCopies) : 0;
        for (int c = 0; c <= copies && written < n; c++) {
          String text = c == 0 ? original.toString() : perturb(original.toString(), random);
          String id = String.format(Locale.ROOT, "c%08d", written);
          ObjectNode o = json.createObjectNode();
          o.put("id", id);
          o.put("text", text);
          items.write(json.writeValueAsString(o));
          items.write('\n');
          truth.write(id + "," + group + "," + sources + "," + c + "\n");
          written++;
        }
        group++;
      }
    }
    return written;
  }

  /** 1–3 random edits of {@code text}. */
  static String perturb(String text, SplittableRandom r) {
    String t = text;
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits; e++) {
      t = switch (r.nextInt(5)) {
        case 0 -> deleteWord(t, r);
        case 1 -> swapWords(t, r);
        case 2 -> typo(t, r);
        case 3 -> recase(t, r);
        default -> punctuate(t, r);
      };
    }
    return t;
  }

  private static String deleteWord(String t, SplittableRandom r) {
    String[] w = t.split(" ");
    if (w.length < 3) {
      return typo(t, r);
    }
    int i = r.nextInt(w.length);
    List<String> out = new ArrayList<>(List.of(w));
    out.remove(i);
    return String.join(" ", out);
  }

  private static String swapWords(String t, SplittableRandom r) {
    String[] w = t.split(" ");
    if (w.length < 3) {
      return typo(t, r);
    }
    int i = r.nextInt(w.length - 1);
    String x = w[i];
    w[i] = w[i + 1];
    w[i + 1] = x;
    return String.join(" ", w);
  }

  private static String typo(String t, SplittableRandom r) {
    if (t.isEmpty()) {
      return "x";
    }
    StringBuilder sb = new StringBuilder(t);
    int i = r.nextInt(sb.length());
    if (Character.isSurrogate(sb.charAt(i))) { // never split an emoji's surrogate pair (unencodable)
      return t + (char) ('a' + r.nextInt(26));
    }
    char c = (char) ('a' + r.nextInt(26));
    switch (r.nextInt(3)) {
      case 0 -> sb.setCharAt(i, c);
      case 1 -> sb.insert(i, c);
      default -> sb.deleteCharAt(i);
    }
    return sb.toString();
  }

  private static String recase(String t, SplittableRandom r) {
    return switch (r.nextInt(3)) {
      case 0 -> t.toUpperCase(Locale.ROOT);
      case 1 -> t.toLowerCase(Locale.ROOT);
      default -> {
        String[] w = t.split(" ");
        int i = r.nextInt(w.length);
        if (!w[i].isEmpty()) {
          w[i] = Character.toUpperCase(w[i].charAt(0)) + w[i].substring(1);
        }
        yield String.join(" ", w);
      }
    };
  }

  private static String punctuate(String t, SplittableRandom r) {
    return switch (r.nextInt(3)) {
      case 0 -> t + "!!!";
      case 1 -> t.replaceAll("[\\p{Punct}]", "");
      default -> t.replace(" ", ", ");
    };
  }
}
