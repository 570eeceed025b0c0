package dev.prism.models.text.langid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The labelled short texts of {@code datasets/langid_short_texts} (27 languages, three length
 * buckets, one text per line; provenance in {@code datasets/README.md}), split into a calibration
 * half and an evaluation half.
 *
 * <p>The split is by a seeded hash of the text, not by line position, so that it is fixed, needs no
 * random state, is independent of file order, and puts a text that occurs in several files (a word
 * shared by two languages) on one side only. Calibration constants and the abstention threshold
 * are fitted on {@link Split#CALIBRATION}; every reported number is on {@link Split#EVALUATION}.
 */
public final class LangIdCorpus {
  /** Seed of the calibration/evaluation split used for every number in LANGID.md. */
  public static final long DEFAULT_SPLIT_SEED = 20_261_126L;

  /** Length buckets, as named by the corpus folders. */
  public enum Bucket {
    SINGLE_WORDS("single-words"),
    WORD_PAIRS("word-pairs"),
    SENTENCES("sentences");

    private final String folder;

    Bucket(String folder) {
      this.folder = folder;
    }

    public String folder() {
      return folder;
    }
  }

  public enum Split { CALIBRATION, EVALUATION }

  /**
   * One labelled text.
   *
   * @param language gold ISO 639-3 code
   * @param line 1-based line number in its file
   */
  public record Sample(Bucket bucket, String language, int line, String text) {}

  private final List<Sample> samples;
  private final long seed;

  private LangIdCorpus(List<Sample> samples, long seed) {
    this.samples = List.copyOf(samples);
    this.seed = seed;
  }

  /**
   * Reads {@code dir/{bucket}/{iso639-1}.txt} for every bucket and every language of {@link
   * LanguageCodes#ISO_639_1_TO_3}. A missing file or an unknown file name is an error: a partial
   * corpus would silently change every number.
   */
  public static LangIdCorpus load(Path dir, long seed) {
    List<Sample> out = new ArrayList<>();
    for (Bucket b : Bucket.values()) {
      Path folder = dir.resolve(b.folder());
      if (!Files.isDirectory(folder)) {
        throw new IllegalArgumentException("corpus folder " + folder + " does not exist (expected "
            + dir + "/{single-words,word-pairs,sentences}/{iso639-1}.txt)");
      }
      TreeMap<String, Path> files = new TreeMap<>();
      try (Stream<Path> s = Files.list(folder)) {
        s.forEach(p -> files.put(p.getFileName().toString(), p));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + folder, e);
      }
      for (String name : files.keySet()) {
        if (!name.endsWith(".txt") || !LanguageCodes.ISO_639_1_TO_3.containsKey(name.substring(0, name.length() - 4))) {
          throw new IllegalArgumentException("unexpected file " + folder.resolve(name)
              + ": files are named {iso639-1}.txt for one of " + new java.util.TreeSet<>(LanguageCodes.ISO_639_1_TO_3.keySet()));
        }
      }
      for (String code : new java.util.TreeSet<>(LanguageCodes.ISO_639_1_TO_3.keySet())) {
        Path f = folder.resolve(code + ".txt");
        if (!Files.isRegularFile(f)) {
          throw new IllegalArgumentException("corpus file " + f + " is missing");
        }
        List<String> lines;
        try {
          lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + f, e);
        }
        String gold = LanguageCodes.iso639_3(code);
        for (int i = 0; i < lines.size(); i++) {
          String t = lines.get(i).strip();
          if (!t.isEmpty()) {
            out.add(new Sample(b, gold, i + 1, t));
          }
        }
      }
    }
    return new LangIdCorpus(out, seed);
  }

  public static LangIdCorpus load(Path dir) {
    return load(dir, DEFAULT_SPLIT_SEED);
  }

  public List<Sample> samples() {
    return samples;
  }

  public long seed() {
    return seed;
  }

  /** The samples of one half, in corpus order (bucket, language, line). */
  public List<Sample> split(Split split) {
    List<Sample> out = new ArrayList<>();
    for (Sample s : samples) {
      if (splitOf(s.text(), seed) == split) {
        out.add(s);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** Which half a text belongs to: the lowest bit of SHA-256(seed + ":" + text). */
  public static Split splitOf(String text, long seed) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest((seed + ":" + text).getBytes(StandardCharsets.UTF_8));
      return (d[0] & 1) == 0 ? Split.CALIBRATION : Split.EVALUATION;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every {@code k}-th sample of each (bucket, language) group, starting with the first: a smaller
   * deterministic subset with the same language and bucket mix.
   */
  public static List<Sample> everyKth(List<Sample> samples, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    List<Sample> out = new ArrayList<>();
    Bucket b = null;
    String lang = null;
    int i = 0;
    for (Sample s : samples) {
      if (s.bucket() != b || !s.language().equals(lang)) {
        b = s.bucket();
        lang = s.language();
        i = 0;
      }
      if (i++ % k == 0) {
        out.add(s);
      }
    }
    return Collections.unmodifiableList(out);
  }
}
