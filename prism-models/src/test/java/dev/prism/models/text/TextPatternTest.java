package dev.prism.models.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.data.YoutubeSpamCollection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The scanners against the reference: the {@code java.util.regex} patterns that defined
 * text_stats@1 until they were replaced (copied verbatim from the previous {@code TextStats}).
 * Every match's span must be identical, on the real YouTube comments and on random strings built
 * from the patterns' special characters; adversarial inputs that broke the regexes must finish fast.
 */
class TextPatternTest {
  /** The replaced definitions, verbatim. */
  static final Map<TextPattern, Pattern> REFERENCE = new EnumMap<>(Map.of(
      TextPattern.EMAIL, Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)*\\.[a-zA-Z]{2,}"),
      TextPattern.URL, Pattern.compile(
          "(?i)(?:https?://|www\\.)\\S+|\\b[\\w-]+(?:\\.[\\w-]+)*\\.(?:com|net|org|info|biz|ly|be|tv|io|co|me|us|uk|de|ru|gl|to)\\b(?:/\\S*)?"),
      TextPattern.MENTION, Pattern.compile("(?<![\\w@])[@+][\\p{L}\\d_][\\p{L}\\d_.]*"),
      TextPattern.HASHTAG, Pattern.compile("(?<![\\w&])#[\\p{L}\\d_]+"),
      TextPattern.PHONE, Pattern.compile("(?<![\\d])\\+?\\(?\\d(?:[\\s().-]?\\d){8,}(?![\\d])"),
      TextPattern.MONEY, Pattern.compile("(?i)[$€£]\\s?\\d|\\d\\s?(?:[$€£]|usd\\b|dollars?\\b|euros?\\b)")));

  /** Under this bound even on a loaded 2-core machine; the regexes took seconds or overflowed. */
  static final long ADVERSARIAL_BOUND_NANOS = 200_000_000L;

  static List<String> regexSpans(Pattern p, String s) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(s);
    while (m.find()) {
      out.add(m.start() + "-" + m.end());
    }
    return out;
  }

  static List<String> scannerSpans(TextPattern p, String s) {
    TextPattern.Spans spans = new TextPattern.Spans();
    p.scan(s, spans);
    List<String> out = new ArrayList<>();
    for (int k = 0; k < spans.size(); k++) {
      out.add(spans.start(k) + "-" + spans.end(k));
    }
    return out;
  }

  private static void assertSame(TextPattern p, String s) {
    List<String> want = regexSpans(REFERENCE.get(p), s);
    List<String> got = scannerSpans(p, s);
    assertThat(got).as("%s spans in %s", p, escape(s)).isEqualTo(want);
    assertThat(p.replaceAll(s, " ")).as("%s replaceAll in %s", p, escape(s))
        .isEqualTo(REFERENCE.get(p).matcher(s).replaceAll(" "));
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder("\"");
    s.chars().forEach(c -> b.append(c < 0x20 || c > 0x7E ? String.format("\\u%04x", c) : String.valueOf((char) c)));
    return b.append('"').toString();
  }

  /** The six pattern features as the regexes computed them (URL and mention after removing e-mails). */
  static Map<String, Double> referenceFeatures(String t) {
    String noEmail = REFERENCE.get(TextPattern.EMAIL).matcher(t).replaceAll(" ");
    return Map.of(
        "url_count", (double) regexSpans(REFERENCE.get(TextPattern.URL), noEmail).size(),
        "mention_count", (double) regexSpans(REFERENCE.get(TextPattern.MENTION), noEmail).size(),
        "hashtag_count", (double) regexSpans(REFERENCE.get(TextPattern.HASHTAG), t).size(),
        "email_count", (double) regexSpans(REFERENCE.get(TextPattern.EMAIL), t).size(),
        "phone_like_count", (double) regexSpans(REFERENCE.get(TextPattern.PHONE), t).size(),
        "money_count", (double) regexSpans(REFERENCE.get(TextPattern.MONEY), t).size());
  }

  @Test
  void identicalToTheRegexesOnEveryYoutubeComment() throws Exception {
    List<YoutubeSpamCollection.Comment> comments = YoutubeSpamCollection.load(YoutubeSpamCollection.find());
    assertThat(comments).hasSize(1956);
    int withMatches = 0;
    for (YoutubeSpamCollection.Comment c : comments) {
      String t = c.content();
      String noEmail = REFERENCE.get(TextPattern.EMAIL).matcher(t).replaceAll(" ");
      for (TextPattern p : TextPattern.values()) {
        assertSame(p, t);
        assertSame(p, noEmail);
      }
      Map<String, Double> want = referenceFeatures(t);
      Map<String, Double> got = TextStats.compute(t);
      want.forEach((k, v) -> assertThat(got.get(k)).as("%s of comment %s", k, c.uniqueId()).isEqualTo(v));
      if (want.values().stream().anyMatch(v -> v > 0)) {
        withMatches++;
      }
    }
    // The comparison means something only if the comments exercise the patterns.
    assertThat(withMatches).isGreaterThan(250); // 288 comments have at least one match
  }

  /** Fragments that steer random strings into every branch of every pattern. */
  private static final String[] FRAGMENTS = {
      "a", "b", "x", "Z", "o", "m", "s", "S", "u", "d", "e", "1", "0", "9", "5", "_", "-", ".", "+", "@", "#", "&",
      "(", ")", "/", ":", " ", "\t", "\n", "$", "€", "£", "é", "ſ", "ı", "\u0301", "😀", "K",
      "com", ".com", ".co", ".ly", "COM", ".info", "http://", "https://", "HTTP://", "www.", "WWW.", "http:/",
      "usd", "USD", "dollar", "dollars", "euro", "euros", "555", "1234", "@x", "#t", "+1", "(555)", "a.b"};

  @Test
  void identicalToTheRegexesOnRandomStrings() {
    Random rnd = new Random(20261125L);
    for (int round = 0; round < 40_000; round++) {
      StringBuilder b = new StringBuilder();
      int parts = rnd.nextInt(25);
      for (int k = 0; k < parts; k++) {
        b.append(FRAGMENTS[rnd.nextInt(FRAGMENTS.length)]);
      }
      String s = b.toString();
      for (TextPattern p : TextPattern.values()) {
        assertSame(p, s);
      }
    }
  }

  @Test
  void handPickedEdgeCases() {
    // A worked example per subtle rule of the regexes; each is also checked against them.
    String[] cases = {
        "me@x.com-y@z.org",      // e-mail ending inside a label, next one starting at '-'
        "a@b.c.de.f1",           // last label starting with two letters wins: a@b.c.de
        "x.comé y.com\u0301",    // ASCII \b: é is not a word character; a mark after a letter is
        "-abc.com",              // no boundary before '-' at the start, one before 'a'
        "uſd 5uſd 5usd 5 dollars 5dollarsx 5euro.",
        "+(555)123-4567, 12345678, 123456789, 1234567890123",
        "@a@b +x #a#b &#39; a#b",
        "https:// http://x www. www.x bit.ly/abc!!! youtube.COM/x y.co/ z.com.x.org",
    };
    for (String s : cases) {
      for (TextPattern p : TextPattern.values()) {
        assertSame(p, s);
      }
    }
    // Hand counts, independent of both implementations.
    assertThat(TextPattern.EMAIL.count("me@x.com-y@z.org")).isEqualTo(2);
    assertThat(TextPattern.URL.count("x.comé y.com\u0301")).isEqualTo(1);
    assertThat(TextPattern.MONEY.count("uſd 5uſd 5usd 5 dollars 5dollarsx 5euro.")).isEqualTo(3);
    assertThat(TextPattern.PHONE.count("+(555)123-4567, 12345678, 123456789, 1234567890123")).isEqualTo(3);
  }

  /** Inputs that overflowed the stack (digits, a.a.a.) or took seconds (a long token without '@'). */
  static Map<String, String> adversarialInputs() {
    Random rnd = new Random(7);
    String punct = ".-()@+#&$/:_!?,;'\"*% ";
    StringBuilder mixed = new StringBuilder();
    for (int k = 0; k < 100_000; k++) {
      mixed.append(punct.charAt(rnd.nextInt(punct.length())));
    }
    return Map.of(
        "3,000 digits", "1".repeat(3_000),
        "a. x 2,000", "a.".repeat(2_000),
        "a. x 10,000", "a.".repeat(10_000),
        "20,000-char token without @", "a".repeat(20_000),
        "100k mixed punctuation", mixed.toString(),
        "digits with separators x 20,000", "1-".repeat(20_000) + "1",
        "a.com. x 20,000", "a.com.".repeat(20_000),
        "@a x 50,000", "@a".repeat(50_000),
        "x@y. x 20,000", "x@y.".repeat(20_000));
  }

  @Test
  void adversarialInputsFinishFastAndProduceValues() {
    for (Map.Entry<String, String> e : adversarialInputs().entrySet()) {
      long t0 = System.nanoTime();
      Map<String, Double> f = TextStats.compute(e.getValue());
      long nanos = System.nanoTime() - t0;
      assertThat(nanos).as("%s took %d ms", e.getKey(), nanos / 1_000_000).isLessThan(ADVERSARIAL_BOUND_NANOS);
      assertThat(f).as(e.getKey()).hasSize(TextStats.NAMES.size());
      assertThat(f.values()).as(e.getKey()).allMatch(Double::isFinite);
    }
    // Values counted by hand.
    assertThat(TextStats.compute("1".repeat(3_000)).get("phone_like_count")).isEqualTo(1.0);
    assertThat(TextStats.compute("a.".repeat(2_000)).get("url_count")).isEqualTo(0.0);
    assertThat(TextStats.compute("a".repeat(20_000)).get("email_count")).isEqualTo(0.0);
    assertThat(TextStats.compute("1-".repeat(20_000) + "1").get("phone_like_count")).isEqualTo(1.0);
    assertThat(TextStats.compute("a.com.".repeat(20_000)).get("url_count")).isEqualTo(1.0);
    assertThat(TextStats.compute("@a".repeat(50_000)).get("mention_count")).isEqualTo(1.0);
  }

  @Test
  void languageCleaningSurvivesTheSameInputs() {
    for (Map.Entry<String, String> e : adversarialInputs().entrySet()) {
      long t0 = System.nanoTime();
      String cleaned = LanguageNode.clean(e.getValue());
      long nanos = System.nanoTime() - t0;
      assertThat(nanos).as("%s took %d ms", e.getKey(), nanos / 1_000_000).isLessThan(ADVERSARIAL_BOUND_NANOS);
      assertThat(cleaned.length()).isLessThanOrEqualTo(e.getValue().length());
    }
  }
}
