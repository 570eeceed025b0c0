package dev.prism.models.text;

import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.graph.Node;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.models.onnx.ModelArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;

/**
 * {@code lang@1}: OpenNLP's language detector (langdetect-183, 103 languages, character n-gram
 * maxent) with an abstention rule.
 *
 * <p>OpenNLP's per-language probabilities are spread over 103 classes and small in absolute terms
 * (an unambiguous English sentence scores ~0.03), so the confidence reported here is the top
 * language's share of the top-two probability mass: 0.5 means a tie, 1.0 no competitor. The label
 * is {@code und} when the text has fewer than {@code minLetters} letters after removing links,
 * mentions, hashtags and digits (they carry no language and fool n-gram models), or when the
 * confidence is below {@code minConfidence}. For {@code und} the confidence is that of the rejected
 * best language (0 when the text was too short).
 */
public final class LanguageNode implements Node {
  public static final String NODE_NAME = "opennlp_langdetect";
  public static final SignalSpec LANG = new SignalSpec("lang", 1);
  public static final String UNDETERMINED = "und";
  public static final String MODEL_RESOURCE = "/langdetect-183.bin";
  public static final int DEFAULT_MIN_LETTERS = 10;
  public static final double DEFAULT_MIN_CONFIDENCE = 0.55;

  private final LanguageDetectorModel model;
  private final int minLetters;
  private final double minConfidence;
  private final Provenance provenance;
  // LanguageDetectorME keeps per-call scratch state; one per thread keeps compute() thread-safe.
  private final ThreadLocal<LanguageDetectorME> detector;

  public LanguageNode(int minLetters, double minConfidence) {
    if (minLetters < 0) {
      throw new IllegalArgumentException("minLetters must be >= 0, got " + minLetters);
    }
    if (!(minConfidence >= 0.5 && minConfidence <= 1.0)) {
      throw new IllegalArgumentException("minConfidence must be in [0.5, 1], got " + minConfidence);
    }
    ModelArtifact artifact = ModelArtifact.fromClasspath(MODEL_RESOURCE);
    try {
      this.model = new LanguageDetectorModel(artifact.open());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + MODEL_RESOURCE, e);
    }
    this.minLetters = minLetters;
    this.minConfidence = minConfidence;
    this.detector = ThreadLocal.withInitial(() -> new LanguageDetectorME(model));
    this.provenance = new Provenance("apache/opennlp-langdetect-183", "1.3.0", artifact.sha256(), null,
        Map.of("min_letters", Integer.toString(minLetters), "min_confidence", Double.toString(minConfidence)));
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

  /** Text with links, mentions, hashtags and digits removed, whitespace collapsed. */
  static String clean(String text) {
    String t = TextStats.EMAIL.matcher(text).replaceAll(" ");
    t = TextStats.URL.matcher(t).replaceAll(" ");
    t = TextStats.MENTION.matcher(t).replaceAll(" ");
    t = TextStats.HASHTAG.matcher(t).replaceAll(" ");
    t = t.replaceAll("\\d+", " ");
    return t.replaceAll("\\s+", " ").strip();
  }

  public SignalValue.Label detect(String text) {
    String t = clean(text == null ? "" : text);
    long letters = t.codePoints().filter(Character::isLetter).count();
    if (letters < minLetters) {
      return new SignalValue.Label(UNDETERMINED, 0.0);
    }
    Language[] langs = detector.get().predictLanguages(t);
    double p1 = langs.length > 0 ? langs[0].getConfidence() : 0;
    double p2 = langs.length > 1 ? langs[1].getConfidence() : 0;
    double share = p1 + p2 > 0 ? p1 / (p1 + p2) : 0;
    if (share < minConfidence) {
      return new SignalValue.Label(UNDETERMINED, share);
    }
    return new SignalValue.Label(langs[0].getLang(), share);
  }
}
