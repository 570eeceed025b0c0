package dev.prism.models.text;

import com.github.pemistahl.lingua.api.IsoCode639_3;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.graph.Node;
import dev.prism.core.signal.ContractRegistry;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lang@2}: language of short texts (single words, word pairs, one-line comments) with a
 * calibrated confidence, from Lingua's character n-gram models (1- to 5-grams in high-accuracy
 * mode, trigrams only in low-accuracy mode) over a closed set of languages. Why Lingua, which
 * languages and how the confidence is calibrated: {@code prism-models/LANGID.md}.
 *
 * <p>Per text: links, e-mails, mentions, hashtags and digits are removed (as for {@code lang@1});
 * fewer than {@code minLetters} letters left, or a degenerate run (at least 12 letters drawn from at
 * most 2 distinct ones: "xxxx…", "hahaha…"), gives {@code und} with confidence 0. Otherwise
 * Lingua ranks the loaded languages; the evidence is the relative distance between the best and
 * the runner-up log-likelihood ({@code margin}, 1 when Lingua's script rules leave one candidate)
 * and the number of letters. {@link LanguageCalibration} (logistic, fitted on the calibration half
 * of {@code datasets/langid_short_texts}) maps them to the probability that the best language is
 * right. Below {@code minConfidence} the label is {@code und} with the rejected language's
 * probability as confidence; an exact tie between the two best, or no candidate at all, is {@code
 * und} with confidence 0.
 *
 * <p>Lingua keeps its models in a JVM-wide cache shared by all its detectors (two nodes with the
 * same languages cost the memory once). {@link #close()} unloads this node's languages from that
 * cache; another live node using them reloads them lazily on its next call (correct, but that call
 * is slow). The node is thread-safe: Lingua's detector is, and this class holds no mutable state
 * but the closed flag. Lingua scores the n-gram sizes of each text in parallel on the common
 * fork-join pool, so one call can use several cores.
 */
public final class ShortTextLanguageNode implements Node {
  private static final Logger LOG = LoggerFactory.getLogger(ShortTextLanguageNode.class);

  public static final String NODE_NAME = "lingua_short_text_lang";
  public static final SignalSpec LANG = new SignalSpec("lang", 2);
  public static final String UNDETERMINED = "und";
  public static final String CONTRACT_RESOURCE = "/contracts/lang.v2.json";
  public static final String LINGUA_VERSION = "1.2.2";

  /**
   * The languages loaded by default: the 27 of the evaluation corpus, the only set whose accuracy
   * and calibration are measured. Each costs about 26 MB of heap in high-accuracy mode. They are
   * also the contract's label set (plus {@code und}), so a deployment can load fewer but not others.
   */
  public static final List<String> DEFAULT_LANGUAGES = List.of(
      "ara", "ces", "dan", "deu", "ell", "eng", "fas", "fin", "fra", "heb", "hin", "hun", "ind", "ita",
      "jpn", "kor", "nld", "pol", "por", "ron", "rus", "spa", "swe", "tur", "ukr", "vie", "zho");

  /** One letter is enough: a single CJK character is a word (the corpus has such single words). */
  public static final int DEFAULT_MIN_LETTERS = 1;

  /**
   * Below this calibrated probability the label is {@code und}. Chosen on the calibration split
   * (never the evaluation split) by {@code LanguageCalibration.chooseThreshold}: the threshold that
   * maximises (right labels - wrong labels), i.e. a wrong label costs as much as a right one gains;
   * with a calibrated confidence that optimum sits near 0.5. This is the sweep's answer for the
   * default high-accuracy mode; for low accuracy it answers 0.56 (set {@code
   * models.lang2.min_confidence} to follow it).
   */
  public static final double DEFAULT_MIN_CONFIDENCE = 0.51;

  /** Lingua's two modes: all n-gram sizes (best on short text, ~26 MB/language) or trigrams only. */
  public enum Accuracy { HIGH, LOW }

  /**
   * Calibration fitted on the calibration split with the default languages, one per mode, by
   * {@code LanguageCalibration.fit} (reproduce with {@code LangIdCalibrationFit}; a test refits
   * them and compares). A deployment that loads fewer languages keeps these constants; how well
   * they fit it is not measured.
   */
  public static final LanguageCalibration HIGH_CALIBRATION =
      new LanguageCalibration(-1.955425109506552, 6.94657392872059, 0.6118666968769053, 6.57835133049965);

  public static final LanguageCalibration LOW_CALIBRATION =
      new LanguageCalibration(-3.4494603517946834, 6.720269706973444, 1.143636818895316, 2.9672295431468343);

  /**
   * @param accuracy Lingua mode
   * @param languages ISO 639-3 codes to load, a non-empty subset of {@link #DEFAULT_LANGUAGES}
   * @param minLetters texts with fewer letters after cleaning are {@code und}
   * @param minConfidence calibrated probability below which the label is {@code und}
   */
  public record Options(Accuracy accuracy, List<String> languages, int minLetters, double minConfidence) {
    public Options {
      if (accuracy == null) {
        throw new IllegalArgumentException("accuracy must be HIGH or LOW, got null");
      }
      if (languages == null || languages.isEmpty()) {
        throw new IllegalArgumentException("languages must name at least one ISO 639-3 code of " + DEFAULT_LANGUAGES);
      }
      Set<String> seen = new LinkedHashSet<>();
      for (String l : languages) {
        if (!DEFAULT_LANGUAGES.contains(l)) {
          throw new IllegalArgumentException("language '" + l + "' is not in lang@2's label set " + DEFAULT_LANGUAGES
              + " (codes are lower-case ISO 639-3; adding a language is a contract change)");
        }
        if (!seen.add(l)) {
          throw new IllegalArgumentException("language '" + l + "' is listed twice in " + languages);
        }
      }
      languages = List.copyOf(languages);
      if (minLetters < 0) {
        throw new IllegalArgumentException("minLetters must be >= 0, got " + minLetters);
      }
      if (!(minConfidence >= 0.0 && minConfidence <= 1.0)) {
        throw new IllegalArgumentException("minConfidence must be in [0, 1], got " + minConfidence);
      }
    }

    public static Options defaults() {
      return new Options(Accuracy.HIGH, DEFAULT_LANGUAGES, DEFAULT_MIN_LETTERS, DEFAULT_MIN_CONFIDENCE);
    }

    public Options withAccuracy(Accuracy a) {
      return new Options(a, languages, minLetters, minConfidence);
    }
  }

  /**
   * Lingua's evidence for one text, before calibration and abstention.
   *
   * @param language ISO 639-3 code of the best candidate, or null when there is none (no letters,
   *     or no loaded language uses the text's script)
   * @param margin relative distance between the best and runner-up log-likelihood, in [0, 1]: 0 is
   *     a tie, 1 means a single candidate
   * @param letters letters in the cleaned text
   */
  public record Evidence(String language, double margin, int letters) {}

  private final Options options;
  private final LanguageDetector detector;
  private final LanguageCalibration calibration;
  private final Map<Language, String> codes;
  private final Provenance provenance;
  private final AtomicBoolean closed = new AtomicBoolean();

  public ShortTextLanguageNode(Options options) {
    this.options = options;
    this.calibration = options.accuracy() == Accuracy.HIGH ? HIGH_CALIBRATION : LOW_CALIBRATION;
    Map<Language, String> c = new TreeMap<>();
    for (String code : options.languages()) {
      Language l = Language.getByIsoCode639_3(IsoCode639_3.valueOf(code.toUpperCase(Locale.ROOT)));
      c.put(l, code);
    }
    this.codes = Map.copyOf(c);
    long t0 = System.nanoTime();
    LanguageDetectorBuilder b = LanguageDetectorBuilder.fromLanguages(c.keySet().toArray(Language[]::new))
        .withPreloadedLanguageModels();
    if (options.accuracy() == Accuracy.LOW) {
      b = b.withLowAccuracyMode();
    }
    this.detector = b.build();
    LOG.info("lang@2: Lingua {} {} accuracy, {} languages loaded in {} ms", LINGUA_VERSION,
        options.accuracy().name().toLowerCase(Locale.ROOT), c.size(), (System.nanoTime() - t0) / 1_000_000);
    Map<String, String> cfg = new TreeMap<>();
    cfg.put("accuracy", options.accuracy().name().toLowerCase(Locale.ROOT));
    cfg.put("languages", String.join(",", new TreeSet<>(options.languages())));
    cfg.put("min_letters", Integer.toString(options.minLetters()));
    cfg.put("min_confidence", Double.toString(options.minConfidence()));
    cfg.put("calibration", calibration.toString());
    this.provenance = new Provenance("pemistahl/lingua", LINGUA_VERSION, linguaJarSha256(), null, cfg);
  }

  /** Comma-separated ISO 639-3 codes, blanks ignored; validation is {@link Options}'. */
  public static List<String> parseLanguages(String csv) {
    List<String> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out;
  }

  /** The {@code lang@2} contract, read from {@value #CONTRACT_RESOURCE}. */
  public static List<SignalContract> contracts() {
    return ContractRegistry.fromResource(ShortTextLanguageNode.class, CONTRACT_RESOURCE);
  }


  public Options options() {
    return options;
  }

  public LanguageCalibration calibration() {
    return calibration;
  }

  @Override
  public String name() {
    return NODE_NAME;
  }

  @Override
  public Set<SignalSpec> consumes() {
    return Set.of();
  }

  @Override
  public Set<SignalSpec> produces() {
    return Set.of(LANG);
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public int maxBatchSize() {
    return 1024;
  }

  @Override
  public Map<SignalSpec, Column> compute(Batch batch) {
    Column c = new Column(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      c.set(i, detect(batch.items().get(i).text()));
    }
    return Map.of(LANG, c);
  }

  /** A text of at least this many letters ... */
  static final int DEGENERATE_MIN_LETTERS = 12;
  /** ... drawn from at most this many distinct letters (case-folded) is no language: {@code und}. */
  static final int DEGENERATE_MAX_DISTINCT = 2;

  private static int distinctLetters(String t) {
    return (int) t.codePoints().filter(Character::isLetter).map(Character::toLowerCase).distinct().limit(3).count();
  }

  /** Lingua's ranking of the cleaned text, before calibration and abstention. */
  public Evidence evidence(String text) {
    if (closed.get()) {
      throw new IllegalStateException(NODE_NAME + " is closed");
    }
    String t = LanguageNode.clean(text == null ? "" : text);
    int letters = (int) t.codePoints().filter(Character::isLetter).count();
    if (letters == 0 || letters < options.minLetters()) {
      return new Evidence(null, 0, letters);
    }
    if (letters >= DEGENERATE_MIN_LETTERS && distinctLetters(t) <= DEGENERATE_MAX_DISTINCT) {
      // "xxxx…", "a.a.a.…", "hahahaha…": no language, but many letters, and the calibration reads
      // many letters as strong evidence (20,000 x's came out Turkish at 0.99). No corpus text has
      // this shape (at least 12 letters from at most 2 distinct ones), so the fit is unaffected.
      return new Evidence(null, 0, letters);
    }
    // Lingua 1.2: the best language maps to 1.0 and every other to (best log-likelihood) /
    // (its log-likelihood), in (0, 1]; so 1 - runner-up value is the relative distance between them.
    SortedMap<Language, Double> values = detector.computeLanguageConfidenceValues(t);
    Iterator<Map.Entry<Language, Double>> it = values.entrySet().iterator();
    if (!it.hasNext()) {
      return new Evidence(null, 0, letters);
    }
    Map.Entry<Language, Double> best = it.next();
    double runnerUp = it.hasNext() ? it.next().getValue() : 0.0;
    double margin = Math.min(1.0, Math.max(0.0, 1.0 - runnerUp));
    return new Evidence(codes.get(best.getKey()), margin, letters);
  }

  /** The {@code lang@2} value of one text. */
  public SignalValue.Label detect(String text) {
    return decide(evidence(text));
  }

  /** Calibration and abstention applied to Lingua's evidence. */
  SignalValue.Label decide(Evidence e) {
    if (e.language() == null || e.margin() <= 0.0) {
      return new SignalValue.Label(UNDETERMINED, 0.0);
    }
    double p = calibration.probability(e.margin(), e.letters());
    return new SignalValue.Label(p < options.minConfidence() ? UNDETERMINED : e.language(), p);
  }

  /** Unloads this node's languages from Lingua's JVM-wide model cache. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      detector.unloadLanguageModels();
    }
  }

  /**
   * SHA-256 of the Lingua jar (code and the n-gram models are in it), for provenance. Empty when the
   * classes do not come from a file (e.g. a custom class loader).
   */
  static String linguaJarSha256() {
    try {
      var src = Language.class.getProtectionDomain().getCodeSource();
      if (src == null || src.getLocation() == null) {
        return "";
      }
      Path jar = Path.of(src.getLocation().toURI());
      if (!Files.isRegularFile(jar)) {
        return "";
      }
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(Files.newInputStream(jar), md)) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException | URISyntaxException | NoSuchAlgorithmException | SecurityException
        | IllegalArgumentException e) {
      LOG.warn("cannot hash the Lingua jar for provenance: {}", e.toString());
      return "";
    }
  }
}
