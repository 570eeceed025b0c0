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
 * <p>OpenNLP's per-language probabilities are nearly flat over the 103 classes (uniform is 0.0097;
 * an unambiguous English sentence scores ~0.03 with the runner-up at ~0.02), so their top value is
 * useless as a confidence and so is the top-two share (German vs Low German: 0.53). The confidence
 * reported here sharpens the distribution with a temperature: {@code q1 = p1^T / sum_i p_i^T},
 * {@code T = }{@value #SHARPENING_TEMPERATURE}. T was chosen by hand on a handful of sentences so that
 * clear sentences score above 0.8 and "wow" or "hhhhhh" (near-uniform) score ~0.3; it is not
 * calibrated against labelled data. The label is {@code und} when the text has fewer than
 * {@code minLetters} letters after removing links, mentions, hashtags and digits (they carry no
 * language and fool n-gram models), or when the confidence is below {@code minConfidence}. For
 * {@code und} the confidence is that of the rejected best language (0 when the text was too short).
 */
public final class LanguageNode implements Node {
  public static final String NODE_NAME = "opennlp_langdetect";
  public static final SignalSpec LANG = new SignalSpec("lang", 1);
  public static final String UNDETERMINED = "und";
  public static final String MODEL_RESOURCE = "/langdetect-183.bin";
  public static final int DEFAULT_MIN_LETTERS = 10;
  public static final double DEFAULT_MIN_CONFIDENCE = 0.5;
  public static final double SHARPENING_TEMPERATURE = 20.0;

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
    if (!(minConfidence >= 0.0 && minConfidence <= 1.0)) {
      throw new IllegalArgumentException("minConfidence must be in [0, 1], got " + minConfidence);
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

  /** {@code p1^T / sum p_i^T} over the detector's sorted distribution, computed in log space. */
  static double sharpenedTop(Language[] langs) {
    if (langs.length == 0 || langs[0].getConfidence() <= 0) {
      return 0;
    }
    double log1 = Math.log(langs[0].getConfidence());
    double sum = 0;
    for (Language l : langs) {
      if (l.getConfidence() > 0) {
        sum += Math.exp(SHARPENING_TEMPERATURE * (Math.log(l.getConfidence()) - log1));
      }
    }
    return 1.0 / sum;
  }

  /** Text with links, mentions, hashtags and digits removed, whitespace collapsed. */
  static String clean(String text) {
    String t = TextPattern.EMAIL.replaceAll(text, " ");
    t = TextPattern.URL.replaceAll(t, " ");
    t = TextPattern.MENTION.replaceAll(t, " ");
    t = TextPattern.HASHTAG.replaceAll(t, " ");
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
    double conf = sharpenedTop(langs);
    if (langs.length == 0 || conf < minConfidence) {
      return new SignalValue.Label(UNDETERMINED, conf);
    }
    return new SignalValue.Label(langs[0].getLang(), conf);
  }
}
