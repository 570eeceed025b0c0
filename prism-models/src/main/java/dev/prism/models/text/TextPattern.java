package dev.prism.models.text;

import java.util.Arrays;

/**
 * The user-facing patterns of {@code text_stats} (and of the language nodes' cleaning), as
 * hand-written scanners that run in time linear in the text and use constant stack.
 *
 * <p>Each scanner finds exactly the matches that {@link java.util.regex.Matcher#find()} found with
 * the {@code java.util.regex} pattern quoted on the constant (the definitions of text_stats@1), in
 * the same order and with the same spans, so the features do not change. The regexes were replaced
 * because {@code java.util.regex} backtracks recursively: a group under a quantifier recurses once
 * per repetition (3,000 digits overflowed the stack in {@link #PHONE}, 4,000 characters of
 * {@code a.a.a.} in {@link #URL}), and {@link #EMAIL} re-scanned a long token from every start
 * position (quadratic: 1.2–1.8 s for a 20,000-character token here). Why each scanner is equivalent is
 * written on it; {@code TextPatternTest} checks it against the regexes on the YouTube comments and
 * on random strings over the patterns' special characters. Design note: {@code TEXT_STATS.md}.
 *
 * <p>Character classes follow {@code java.util.regex} without {@code UNICODE_CHARACTER_CLASS}:
 * {@code \w} is {@code [a-zA-Z_0-9]}, {@code \d} is {@code [0-9]}, {@code \s} is
 * {@code [ \t\n\x0B\f\r]}, {@code (?i)} folds ASCII only, {@code \p{L}} is
 * {@link Character#isLetter(int)}, and {@code \b} is {@link #isWordBoundary}.
 */
public enum TextPattern {
  /**
   * {@code [\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}}. The local part can only end right before
   * the {@code @}, so it is the maximal {@code [\w.+-]} run from the start; the domain does not
   * depend on the start, so when it fails every start in that run fails and the scan skips the run.
   */
  EMAIL {
    @Override
    void scan(String s, Spans out) {
      int n = s.length();
      int i = 0;
      while (i < n) {
        if (!isEmailLocal(s.charAt(i))) {
          i++;
          continue;
        }
        int runEnd = i;
        while (runEnd < n && isEmailLocal(s.charAt(runEnd))) {
          runEnd++;
        }
        if (runEnd < n && s.charAt(runEnd) == '@') {
          int end = emailDomainEnd(s, runEnd + 1);
          if (end >= 0) {
            out.add(i, end);
            i = end;
            continue;
          }
        }
        i = runEnd;
      }
    }
  },

  /**
   * {@code (?i)(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|biz|ly|be|tv|io|co|me|us|uk|de|ru|gl|to)\b(?:/\S*)?}.
   * Scheme links run to the end of the non-space run. For bare domains every label must end
   * before a dot, so labels are maximal {@code [\w-]} runs; the greedy group makes the regex pick
   * the <em>last</em> label of the dot-chain (after the first) that starts with a TLD followed by
   * a word boundary (at most one TLD can match at a place: {@code co\b} excludes {@code com}). That
   * last TLD end is computed for every label start in one backward pass, so each start position
   * costs O(1) instead of a walk along the chain.
   */
  URL {
    @Override
    void scan(String s, Spans out) {
      int n = s.length();
      // runEnd[k]: end of the maximal [\w-] run from k (k itself when s[k] is not in it).
      int[] runEnd = new int[n + 1];
      runEnd[n] = n;
      // lastTld[k], for a label start k (after a dot): end of the TLD in the last label of the
      // chain k . k2 . k3 ... that starts with a TLD and a boundary; -1 when none does.
      int[] lastTld = new int[n + 1];
      lastTld[n] = -1;
      for (int k = n - 1; k >= 0; k--) {
        if (!isWordOrDash(s.charAt(k))) {
          runEnd[k] = k;
          lastTld[k] = -1;
          continue;
        }
        runEnd[k] = runEnd[k + 1];
        if (k > 0 && s.charAt(k - 1) == '.') {
          int next = nextLabel(s, runEnd, k);
          int viaNext = next >= 0 ? lastTld[next] : -1;
          lastTld[k] = viaNext >= 0 ? viaNext : tldEnd(s, k);
        } else {
          lastTld[k] = -1;
        }
      }
      int i = 0;
      while (i < n) {
        int end = schemeUrlEnd(s, i);
        if (end < 0) {
          end = bareDomainEnd(s, i, runEnd, lastTld);
        }
        if (end >= 0) {
          out.add(i, end);
          i = end;
        } else {
          i++;
        }
      }
    }
  },

  /**
   * {@code (?<![\w@])[@+][\p{L}\d_][\p{L}\d_.]*}: a star over one class is greedy with nothing
   * after it, so the match is the maximal run; the look-behind is one character.
   */
  MENTION {
    @Override
    void scan(String s, Spans out) {
      int n = s.length();
      int i = 0;
      while (i < n) {
        char c = s.charAt(i);
        if ((c == '@' || c == '+') && (i == 0 || !(isAsciiWord(s.charAt(i - 1)) || s.charAt(i - 1) == '@'))
            && i + 1 < n && isTagChar(s.codePointAt(i + 1))) {
          int j = i + 1 + Character.charCount(s.codePointAt(i + 1));
          while (j < n) {
            int cp = s.codePointAt(j);
            if (!isTagChar(cp) && cp != '.') {
              break;
            }
            j += Character.charCount(cp);
          }
          out.add(i, j);
          i = j;
        } else {
          i++;
        }
      }
    }
  },

  /** {@code (?<![\w&])#[\p{L}\d_]+}: the maximal run after {@code #}. */
  HASHTAG {
    @Override
    void scan(String s, Spans out) {
      int n = s.length();
      int i = 0;
      while (i < n) {
        if (s.charAt(i) == '#' && (i == 0 || !(isAsciiWord(s.charAt(i - 1)) || s.charAt(i - 1) == '&'))
            && i + 1 < n && isTagChar(s.codePointAt(i + 1))) {
          int j = i + 1;
          while (j < n) {
            int cp = s.codePointAt(j);
            if (!isTagChar(cp)) {
              break;
            }
            j += Character.charCount(cp);
          }
          out.add(i, j);
          i = j;
        } else {
          i++;
        }
      }
    }
  },

  /**
   * {@code (?<![\d])\+?\(?\d(?:[\s().-]?\d){8,}(?![\d])}. Each repetition is forced: a digit
   * is taken alone, a separator only when a digit follows it. The greedy maximum leaves no digit
   * behind it, so the look-ahead holds there, and fewer repetitions cannot help; a start matches
   * iff the forced chain has at least 8 repetitions, and then it ends where the chain ends.
   */
  PHONE {
    @Override
    void scan(String s, Spans out) {
      int n = s.length();
      int i = 0;
      while (i < n) {
        int end = -1;
        if (i == 0 || !isAsciiDigit(s.charAt(i - 1))) {
          int x = i;
          if (x < n && s.charAt(x) == '+') {
            x++;
          }
          if (x < n && s.charAt(x) == '(') {
            x++;
          }
          if (x < n && isAsciiDigit(s.charAt(x))) {
            x++;
            int reps = 0;
            while (true) {
              if (x < n && isAsciiDigit(s.charAt(x))) {
                x++;
              } else if (x + 1 < n && isPhoneSeparator(s.charAt(x)) && isAsciiDigit(s.charAt(x + 1))) {
                x += 2;
              } else {
                break;
              }
              reps++;
            }
            if (reps >= PHONE_MIN_REPETITIONS) {
              end = x;
            }
          }
        }
        if (end >= 0) {
          out.add(i, end);
          i = end;
        } else {
          i++;
        }
      }
    }
  },

  /** {@code (?i)[$€£]\s?\d|\d\s?(?:[$€£]|usd\b|dollars?\b|euros?\b)}: constant work per start. */
  MONEY {
    @Override
    void scan(String s, Spans out) {
      int n = s.length();
      int i = 0;
      while (i < n) {
        char c = s.charAt(i);
        int end = -1;
        if (isCurrency(c)) {
          if (i + 1 < n && isAsciiDigit(s.charAt(i + 1))) {
            end = i + 2;
          } else if (i + 2 < n && isAsciiSpace(s.charAt(i + 1)) && isAsciiDigit(s.charAt(i + 2))) {
            end = i + 3;
          }
        } else if (isAsciiDigit(c)) {
          if (i + 1 < n && isAsciiSpace(s.charAt(i + 1))) {
            end = moneyUnitEnd(s, i + 2);
          }
          if (end < 0) {
            end = moneyUnitEnd(s, i + 1);
          }
        }
        if (end >= 0) {
          out.add(i, end);
          i = end;
        } else {
          i++;
        }
      }
    }
  };

  /** A phone-like run is a first digit and at least this many more (nine digits in all). */
  static final int PHONE_MIN_REPETITIONS = 8;

  /** The TLDs of bare-domain links, in the regex's order. */
  private static final String[] TLDS = {
      "com", "net", "org", "info", "biz", "ly", "be", "tv", "io", "co", "me", "us", "uk", "de", "ru", "gl", "to"};

  /** Words after a number that make it money, each optionally plural. */
  private static final String[] MONEY_UNITS = {"dollar", "euro"};

  /** Appends the matches of this pattern in {@code s} as [start, end) pairs. */
  abstract void scan(String s, Spans out);

  /** The number of non-overlapping matches, as {@code while (matcher.find()) count++}. */
  public int count(String s) {
    Spans spans = new Spans();
    scan(s, spans);
    return spans.size();
  }

  /** Every match replaced by {@code replacement}, as {@code matcher.replaceAll} (literal replacement). */
  public String replaceAll(String s, String replacement) {
    Spans spans = new Spans();
    scan(s, spans);
    if (spans.size() == 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    int at = 0;
    for (int k = 0; k < spans.size(); k++) {
      b.append(s, at, spans.start(k)).append(replacement);
      at = spans.end(k);
    }
    return b.append(s, at, s.length()).toString();
  }

  /** Growable list of [start, end) pairs. */
  static final class Spans {
    private int[] a = new int[16];
    private int size;

    void add(int start, int end) {
      if (2 * size + 2 > a.length) {
        a = Arrays.copyOf(a, a.length * 2);
      }
      a[2 * size] = start;
      a[2 * size + 1] = end;
      size++;
    }

    int size() {
      return size;
    }

    int start(int k) {
      return a[2 * k];
    }

    int end(int k) {
      return a[2 * k + 1];
    }
  }

  /**
   * {@code \b} as {@code java.util.regex} decides it without {@code UNICODE_CHARACTER_CLASS}: a
   * side is a word character when it is ASCII {@code \w}, or a non-spacing mark whose run of marks
   * follows a letter or digit (ported from {@code Pattern.Bound} and {@code hasBaseCharacter}).
   */
  static boolean isWordBoundary(String s, int i) {
    boolean left = false;
    if (i > 0) {
      int ch = s.codePointBefore(i);
      left = isAsciiWord(ch) || (Character.getType(ch) == Character.NON_SPACING_MARK && hasBaseCharacter(s, i - 1));
    }
    boolean right = false;
    if (i < s.length()) {
      int ch = s.codePointAt(i);
      right = isAsciiWord(ch) || (Character.getType(ch) == Character.NON_SPACING_MARK && hasBaseCharacter(s, i));
    }
    return left ^ right;
  }

  /** Walks back over non-spacing marks only (each call is bounded by the run of marks before i). */
  private static boolean hasBaseCharacter(String s, int i) {
    for (int x = i; x >= 0; x--) {
      int ch = s.codePointAt(x);
      if (Character.isLetterOrDigit(ch)) {
        return true;
      }
      if (Character.getType(ch) != Character.NON_SPACING_MARK) {
        return false;
      }
    }
    return false;
  }

  private static int emailDomainEnd(String s, int q) {
    int n = s.length();
    int pos = wordOrDashEnd(s, q);
    if (pos == q) {
      return -1;
    }
    int best = -1;
    while (pos + 1 < n && s.charAt(pos) == '.' && isWordOrDash(s.charAt(pos + 1))) {
      int label = pos + 1;
      int letters = label;
      while (letters < n && isAsciiLetter(s.charAt(letters))) {
        letters++;
      }
      if (letters - label >= 2) {
        best = letters; // the greedy group keeps the last label that can end the address
      }
      pos = wordOrDashEnd(s, label);
    }
    return best;
  }

  private static int wordOrDashEnd(String s, int from) {
    int e = from;
    while (e < s.length() && isWordOrDash(s.charAt(e))) {
      e++;
    }
    return e;
  }

  /** The label after the run at k when a dot and a label character follow it, else -1. */
  private static int nextLabel(String s, int[] runEnd, int k) {
    int e = runEnd[k];
    return e + 1 < s.length() && s.charAt(e) == '.' && isWordOrDash(s.charAt(e + 1)) ? e + 1 : -1;
  }

  /** End of a TLD at k followed by a word boundary, else -1. */
  private static int tldEnd(String s, int k) {
    for (String tld : TLDS) {
      if (startsWithIgnoreAsciiCase(s, k, tld) && isWordBoundary(s, k + tld.length())) {
        return k + tld.length();
      }
    }
    return -1;
  }

  private static int schemeUrlEnd(String s, int i) {
    int n = s.length();
    int j;
    if (startsWithIgnoreAsciiCase(s, i, "http")) {
      j = i + 4;
      if (j < n && (s.charAt(j) == 's' || s.charAt(j) == 'S')) {
        j++;
      }
      if (!s.startsWith("://", j)) {
        return -1;
      }
      j += 3;
    } else if (startsWithIgnoreAsciiCase(s, i, "www.")) {
      j = i + 4;
    } else {
      return -1;
    }
    if (j >= n || isAsciiSpace(s.charAt(j))) {
      return -1;
    }
    return nonSpaceEnd(s, j);
  }

  private static int bareDomainEnd(String s, int i, int[] runEnd, int[] lastTld) {
    if (!isWordOrDash(s.charAt(i)) || !isWordBoundary(s, i)) {
      return -1;
    }
    int next = nextLabel(s, runEnd, i);
    int end = next >= 0 ? lastTld[next] : -1;
    if (end >= 0 && end < s.length() && s.charAt(end) == '/') {
      end = nonSpaceEnd(s, end);
    }
    return end;
  }

  private static int nonSpaceEnd(String s, int from) {
    int e = from;
    while (e < s.length() && !isAsciiSpace(s.charAt(e))) {
      e++;
    }
    return e;
  }

  /** {@code usd\b|dollars?\b|euros?\b} (ASCII case-insensitive) or a currency sign at q. */
  private static int moneyUnitEnd(String s, int q) {
    if (q >= s.length()) {
      return -1;
    }
    if (isCurrency(s.charAt(q))) {
      return q + 1;
    }
    if (startsWithIgnoreAsciiCase(s, q, "usd")) {
      return isWordBoundary(s, q + 3) ? q + 3 : -1;
    }
    for (String unit : MONEY_UNITS) {
      if (startsWithIgnoreAsciiCase(s, q, unit)) {
        int e = q + unit.length();
        if (e < s.length() && (s.charAt(e) == 's' || s.charAt(e) == 'S') && isWordBoundary(s, e + 1)) {
          return e + 1;
        }
        return isWordBoundary(s, e) ? e : -1;
      }
    }
    return -1;
  }

  /** ASCII-only case folding, as {@code (?i)} without {@code UNICODE_CASE} ("ſ" is not "s"). */
  private static boolean startsWithIgnoreAsciiCase(String s, int at, String lower) {
    if (at < 0 || at + lower.length() > s.length()) {
      return false;
    }
    for (int k = 0; k < lower.length(); k++) {
      char c = s.charAt(at + k);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isTagChar(int cp) {
    return Character.isLetter(cp) || isAsciiDigit(cp) || cp == '_';
  }

  private static boolean isEmailLocal(char c) {
    return isAsciiWord(c) || c == '.' || c == '+' || c == '-';
  }

  private static boolean isWordOrDash(char c) {
    return isAsciiWord(c) || c == '-';
  }

  static boolean isAsciiWord(int c) {
    return isAsciiLetter(c) || isAsciiDigit(c) || c == '_';
  }

  private static boolean isAsciiLetter(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isAsciiDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAsciiSpace(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  private static boolean isPhoneSeparator(char c) {
    return isAsciiSpace(c) || c == '(' || c == ')' || c == '.' || c == '-';
  }

  private static boolean isCurrency(char c) {
    return c == '$' || c == '€' || c == '£';
  }
}
