package dev.prism.cli.learn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.core.data.YoutubeSpamCollection;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.learn.data.SnapshotItem;
import dev.prism.learn.data.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The YouTube Spam Collection (Alberto et al., ICMLA 2015) on the Snorkel tutorial's split, as a
 * training snapshot with simple real features computed from the text: signed feature hashing
 * (Weinberger et al. 2009) of word 1–2-grams and character 3–4-grams into {@link #DIM} log-count
 * columns, plus a few surface statistics. Train items also carry a weak soft label: the majority
 * vote share of the tutorial's ten labeling functions (WRENCH's precomputed votes), as a simple
 * stand-in for a label model.
 */
final class YoutubeData {
  static final int DIM = 2048;
  static final SignalSpec NGRAMS = new SignalSpec("text_ngrams", 1);
  static final SignalSpec SURFACE = new SignalSpec("text_surface", 1);
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
  private static final Pattern URL = Pattern.compile("https?://|www\\.|\\.com\\b", Pattern.CASE_INSENSITIVE);

  private YoutubeData() {}

  static List<SnapshotItem> load() throws IOException {
    Path dir = YoutubeSpamCollection.find();
    JsonNode wrenchTrain = new ObjectMapper().readTree(dir.resolveSibling("wrench_youtube").resolve("train.json").toFile());
    List<SnapshotItem> items = new ArrayList<>();
    for (YoutubeSpamCollection.SplitComment r : YoutubeSpamCollection.splits(dir)) {
      String which = r.split();
      if (which.equals("dev_subset_of_train")) {
        continue; // repeats train rows
      }
      YoutubeSpamCollection.Comment c = r.comment();
      String text = c.content();
      Optional<double[]> soft = Optional.empty();
      if (which.equals("train")) {
        JsonNode w = wrenchTrain.get(Integer.toString(r.position()));
        if (!w.path("data").path("text").asText().equals(text)) {
          throw new IllegalStateException("WRENCH train row " + r.position() + " is not " + c.commentId());
        }
        int spam = 0;
        int ham = 0;
        for (JsonNode v : w.path("weak_labels")) {
          spam += v.asInt() == 1 ? 1 : 0;
          ham += v.asInt() == 0 ? 1 : 0;
        }
        if (spam + ham > 0) {
          double p = (double) spam / (spam + ham);
          soft = Optional.of(new double[] {1 - p, p});
        }
      }
      Map<SignalSpec, SignalValue> features = new LinkedHashMap<>();
      features.put(NGRAMS, new SignalValue.Embedding(hashed(text)));
      features.put(SURFACE, new SignalValue.Features(surface(text)));
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put("video", c.video());
      meta.put("has_url", URL.matcher(text).find() ? "yes" : "no");
      meta.put("length", text.length() < 40 ? "short" : text.length() < 120 ? "medium" : "long");
      // COMMENT_ID repeats 3 times in the collection: make ids unique with the split position
      items.add(new SnapshotItem(which + "-" + r.position() + "-" + c.commentId(), text, features,
          Optional.of(Integer.toString(c.spam())), soft, meta, Split.parse(which)));
    }
    return items;
  }

  static float[] hashed(String text) {
    float[] v = new float[DIM];
    String t = text.toLowerCase(Locale.ROOT);
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(t);
    while (m.find()) {
      words.add(m.group());
    }
    for (int i = 0; i < words.size(); i++) {
      add(v, "w:" + words.get(i));
      if (i + 1 < words.size()) {
        add(v, "b:" + words.get(i) + " " + words.get(i + 1));
      }
    }
    String padded = " " + t.replaceAll("\\s+", " ").strip() + " ";
    for (int n = 3; n <= 4; n++) {
      for (int i = 0; i + n <= padded.length(); i++) {
        add(v, "c:" + padded.substring(i, i + n));
      }
    }
    for (int j = 0; j < DIM; j++) {
      v[j] = (float) (Math.signum(v[j]) * Math.log1p(Math.abs(v[j])));
    }
    return v;
  }

  private static void add(float[] v, String token) {
    int h = mix(token.hashCode());
    v[Math.floorMod(h, DIM)] += (h >>> 31) == 0 ? 1 : -1;
  }

  /** MurmurHash3's 32-bit finaliser: spreads String.hashCode's low-entropy bits. */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  static Map<String, Double> surface(String text) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("log_chars", Math.log1p(text.length()));
    m.put("url_count", (double) URL.matcher(text).results().count());
    long letters = text.chars().filter(Character::isLetter).count();
    long upper = text.chars().filter(Character::isUpperCase).count();
    m.put("uppercase_ratio", letters == 0 ? 0 : (double) upper / letters);
    m.put("exclamations", (double) text.chars().filter(c -> c == '!').count());
    return m;
  }
}
