package dev.prism.models.text;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deterministic surface features of a text, the ones spam and quality heads lean on (link and
 * contact solicitation, shouting, character flooding, emoji density). Pure function, no state;
 * each feature is documented in {@code TEXT_STATS.md} beside this file. Ratios are in [0, 1] and
 * are 0 for empty denominators.
 *
 * <p>Runs in time linear in the text with constant stack depth whatever the input: the link,
 * contact and money patterns are {@link TextPattern} scanners, not backtracking regexes, and the
 * two remaining regexes ({@code \s+} for tokens, {@code \R} for lines) match one character
 * class per position without backtracking.
 */
public final class TextStats {
  /** Feature names in contract order (text_stats@1). Changing this list is a new major version. */
  public static final List<String> NAMES = List.of(
      "char_count", "token_count", "unique_token_ratio", "avg_token_length", "max_token_length",
      "url_count", "mention_count", "hashtag_count", "email_count", "phone_like_count", "money_count",
      "uppercase_ratio", "all_caps_token_ratio", "digit_ratio", "punctuation_ratio",
      "exclamation_count", "question_count", "max_char_run", "repeated_char_runs",
      "emoji_ratio", "non_ascii_ratio", "line_count");

  /** A run of this many identical characters counts as one repeated run ("!!!", "soooo"). */
  public static final int REPEATED_RUN_MIN = 3;

  private TextStats() {}

  public static Map<String, Double> compute(String text) {
    String t = text == null ? "" : text;
    Map<String, Double> f = new LinkedHashMap<>();
    int[] cps = t.codePoints().toArray();
    int n = cps.length;

    String[] tokens = t.isBlank() ? new String[0] : t.strip().split("\\s+");
    Set<String> unique = new HashSet<>();
    long tokenChars = 0;
    int maxTok = 0;
    int capsTokens = 0;
    int wordTokens = 0;
    for (String tok : tokens) {
      unique.add(tok.toLowerCase(java.util.Locale.ROOT));
      int len = tok.codePointCount(0, tok.length());
      tokenChars += len;
      maxTok = Math.max(maxTok, len);
      int letters = 0;
      int upper = 0;
      for (int cp : tok.codePoints().toArray()) {
        if (Character.isLetter(cp)) {
          letters++;
          if (Character.isUpperCase(cp)) {
            upper++;
          }
        }
      }
      if (letters >= 2) {
        wordTokens++;
        if (upper == letters) {
          capsTokens++;
        }
      }
    }

    int emails = TextPattern.EMAIL.count(t);
    String noEmail = TextPattern.EMAIL.replaceAll(t, " ");

    int letters = 0;
    int upper = 0;
    int digits = 0;
    int punct = 0;
    int emoji = 0;
    int nonAscii = 0;
    int excl = 0;
    int quest = 0;
    int maxRun = 0;
    int runs = 0;
    int run = 0;
    for (int i = 0; i < n; i++) {
      int cp = cps[i];
      if (Character.isLetter(cp)) {
        letters++;
        if (Character.isUpperCase(cp)) {
          upper++;
        }
      }
      if (Character.isDigit(cp)) {
        digits++;
      }
      if (isPunctuation(cp)) {
        punct++;
      }
      if (Character.isExtendedPictographic(cp)) {
        emoji++;
      }
      if (cp > 0x7F) {
        nonAscii++;
      }
      if (cp == '!') {
        excl++;
      }
      if (cp == '?') {
        quest++;
      }
      run = i > 0 && cps[i - 1] == cp ? run + 1 : 1;
      maxRun = Math.max(maxRun, run);
      if (run == REPEATED_RUN_MIN && !Character.isWhitespace(cp)) {
        runs++;
      }
    }

    f.put("char_count", (double) n);
    f.put("token_count", (double) tokens.length);
    f.put("unique_token_ratio", ratio(unique.size(), tokens.length));
    f.put("avg_token_length", tokens.length == 0 ? 0.0 : (double) tokenChars / tokens.length);
    f.put("max_token_length", (double) maxTok);
    f.put("url_count", (double) TextPattern.URL.count(noEmail));
    f.put("mention_count", (double) TextPattern.MENTION.count(noEmail));
    f.put("hashtag_count", (double) TextPattern.HASHTAG.count(t));
    f.put("email_count", (double) emails);
    f.put("phone_like_count", (double) TextPattern.PHONE.count(t));
    f.put("money_count", (double) TextPattern.MONEY.count(t));
    f.put("uppercase_ratio", ratio(upper, letters));
    f.put("all_caps_token_ratio", ratio(capsTokens, wordTokens));
    f.put("digit_ratio", ratio(digits, n));
    f.put("punctuation_ratio", ratio(punct, n));
    f.put("exclamation_count", (double) excl);
    f.put("question_count", (double) quest);
    f.put("max_char_run", (double) maxRun);
    f.put("repeated_char_runs", (double) runs);
    f.put("emoji_ratio", ratio(emoji, n));
    f.put("non_ascii_ratio", ratio(nonAscii, n));
    f.put("line_count", t.isEmpty() ? 0.0 : (double) t.split("\\R", -1).length);
    return f;
  }

  private static boolean isPunctuation(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
          Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION -> true;
      default -> false;
    };
  }

  private static double ratio(int a, int b) {
    return b == 0 ? 0.0 : (double) a / b;
  }
}
