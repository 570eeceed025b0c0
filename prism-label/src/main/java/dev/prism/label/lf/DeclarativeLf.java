package dev.prism.label.lf;

import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.core.signal.ValueCodec;
import dev.prism.core.signal.ValueCodecs;
import dev.prism.core.signal.ValueType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Labeling functions that are data, not code: read from an LF file (see {@link LfFile}). Each votes
 * its {@code label} when its condition holds, and abstains otherwise. They read {@link
 * ContentItem#text()}, the same text the text encoders read.
 */
public sealed interface DeclarativeLf extends LabelingFunction {

  /** The class this LF votes when it fires. */
  int label();

  /** How a keyword LF matches its words. */
  enum KeywordMatch {
    /** Whole words only: "my" matches "my channel", not "myself" or "Amy". */
    WORD,
    /** Anywhere in the text, as Python's {@code word in text.lower()} (the Snorkel tutorial's LFs). */
    SUBSTRING
  }

  /**
   * Fires when the text contains any of {@code words}, case-insensitively. A class rather than a
   * record because it carries a compiled pattern derived from its words.
   */
  final class Keyword implements DeclarativeLf {
    private final String name;
    private final List<String> words;
    private final KeywordMatch match;
    private final int label;
    private final Pattern wordPattern;

    public Keyword(String name, List<String> words, KeywordMatch match, int label) {
      if (words == null || words.isEmpty()) {
        throw new IllegalArgumentException("keyword LF '" + name + "' needs at least one word");
      }
      if (match == null) {
        throw new IllegalArgumentException("keyword LF '" + name + "' needs a match mode");
      }
      this.name = name;
      this.words = words.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
      this.match = match;
      this.label = label;
      StringBuilder alt = new StringBuilder();
      for (String w : this.words) {
        if (w.isEmpty()) {
          throw new IllegalArgumentException("keyword LF '" + name + "' has an empty word");
        }
        alt.append(alt.isEmpty() ? "" : "|").append(Pattern.quote(w));
      }
      // Word boundary = not preceded/followed by a letter, digit or underscore (Unicode-aware).
      this.wordPattern = Pattern.compile("(?<![\\p{L}\\p{N}_])(?:" + alt + ")(?![\\p{L}\\p{N}_])",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    @Override
    public String name() {
      return name;
    }

    /** The words, lower-cased. */
    public List<String> words() {
      return words;
    }

    public KeywordMatch match() {
      return match;
    }

    @Override
    public int label() {
      return label;
    }

    @Override
    public int vote(ContentItem item, Map<SignalSpec, SignalValue> signals) {
      String text = item.text();
      if (match == KeywordMatch.WORD) {
        return wordPattern.matcher(text).find() ? label : ABSTAIN;
      }
      String lower = text.toLowerCase(Locale.ROOT);
      for (String w : words) {
        if (lower.contains(w)) {
          return label;
        }
      }
      return ABSTAIN;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Keyword k && k.name.equals(name) && k.words.equals(words) && k.match == match
          && k.label == label;
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(name, words, match, label);
    }

    @Override
    public String toString() {
      return "Keyword[name=" + name + ", words=" + words + ", match=" + match + ", label=" + label + "]";
    }
  }

  /** Fires when the regular expression is found anywhere in the text ({@link java.util.regex.Matcher#find}). */
  record Regex(String name, Pattern pattern, int label) implements DeclarativeLf {
    @Override
    public int vote(ContentItem item, Map<SignalSpec, SignalValue> signals) {
      return pattern.matcher(item.text()).find() ? label : ABSTAIN;
    }
  }

  /**
   * Fires when the number of whitespace-separated words compares to {@code words} as {@code op}
   * says (e.g. {@code < 5}). Words are split as Python's {@code str.split()} does: on runs of
   * Unicode white space, ignoring leading and trailing space.
   */
  record Length(String name, Comparison op, int words, int label) implements DeclarativeLf {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    @Override
    public int vote(ContentItem item, Map<SignalSpec, SignalValue> signals) {
      return op.test(wordCount(item.text()), words) ? label : ABSTAIN;
    }

    public static int wordCount(String text) {
      String t = WHITESPACE.matcher(text).replaceAll(" ").strip();
      return t.isEmpty() ? 0 : t.split(" ").length;
    }
  }

  /**
   * Fires when a numeric signal compares to {@code value} as {@code op} says, e.g. {@code
   * text_stats.url_count > 0}. The signal is found by name (and major version when given); {@code
   * feature} names the entry of a {@link SignalValue.Features} value and must be null for {@link
   * SignalValue.Score} and {@link SignalValue.Probability}. A NaN feature abstains; a missing
   * signal is an error (the LF set and the graph disagree).
   *
   * @param major the signal's major version, or 0 for "whichever the item has"
   */
  record Threshold(String name, String signal, int major, String feature, Comparison op, double value, int label)
      implements DeclarativeLf {
    @Override
    public int vote(ContentItem item, Map<SignalSpec, SignalValue> signals) {
      SignalValue v = null;
      for (Map.Entry<SignalSpec, SignalValue> e : signals.entrySet()) {
        if (e.getKey().name().equals(signal) && (major == 0 || e.getKey().major() == major)) {
          v = e.getValue();
          break;
        }
      }
      if (v == null) {
        throw new IllegalArgumentException("LF '" + name + "' needs signal " + signal + (major > 0 ? "@" + major : "")
            + " but item " + item.id() + " has " + signals.keySet());
      }
      // Any numeric value kind works, through its codec's features: a named feature of a features
      // value, or the one number of a score or probability (or of any kind with a single feature).
      ValueCodec<SignalValue, ValueType> codec = ValueCodecs.standard().forValue(v);
      List<String> names = codec.featureNames(v);
      double[] xs = codec.features(v);
      double x;
      if (feature != null && !codec.denseFeatures() && names.size() > 0) {
        int j = names.indexOf(feature);
        if (j < 0) {
          throw new IllegalArgumentException("LF '" + name + "': signal " + signal + " of item " + item.id()
              + " has no feature '" + feature + "' (has " + names + ")");
        }
        x = xs[j];
      } else if (feature == null && names.size() == 1) {
        x = xs[0];
      } else {
        throw new IllegalArgumentException("LF '" + name + "': signal " + signal + " of item " + item.id()
            + " is " + v.getClass().getSimpleName() + ", which a threshold " + (feature == null ? "without" : "with")
            + " a feature cannot read");
      }
      return !Double.isNaN(x) && op.test(x, value) ? label : ABSTAIN;
    }
  }
}
