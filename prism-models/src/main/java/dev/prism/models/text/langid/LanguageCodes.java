package dev.prism.models.text.langid;

import java.util.Map;
import java.util.Set;

/**
 * Gold language codes of the evaluation corpus and the code equivalences used when scoring a
 * detector against them. The same rules apply to every detector.
 *
 * <p>The corpus names its files by ISO 639-1 code; {@link #ISO_639_1_TO_3} maps them to ISO 639-3
 * (for a macrolanguage, the macrolanguage code, as ISO 639-2/T does). Detectors answer in ISO
 * 639-3 but differ in whether they name a macrolanguage or one of its individual languages:
 * OpenNLP answers {@code cmn} (Mandarin) for Chinese and {@code pes} (Iranian Persian) for
 * Persian where Lingua answers {@code zho} and {@code fas}. The corpus texts are Standard
 * Chinese, Iranian Persian and Modern Standard Arabic, so those individual codes are counted as
 * correct for their macrolanguage ({@link #EQUIVALENT}). Nothing else is merged: Indonesian
 * ({@code ind}) is a member of the Malay macrolanguage ({@code msa}), but it is a distinct standard
 * language with its own ISO 639-1 code, so answering {@code msa} for an Indonesian text is wrong.
 */
public final class LanguageCodes {
  private LanguageCodes() {}

  /** The 27 languages of {@code datasets/langid_short_texts}: ISO 639-1 file code to ISO 639-3. */
  public static final Map<String, String> ISO_639_1_TO_3 = Map.ofEntries(
      Map.entry("ar", "ara"), Map.entry("cs", "ces"), Map.entry("da", "dan"), Map.entry("de", "deu"),
      Map.entry("el", "ell"), Map.entry("en", "eng"), Map.entry("es", "spa"), Map.entry("fa", "fas"),
      Map.entry("fi", "fin"), Map.entry("fr", "fra"), Map.entry("he", "heb"), Map.entry("hi", "hin"),
      Map.entry("hu", "hun"), Map.entry("id", "ind"), Map.entry("it", "ita"), Map.entry("ja", "jpn"),
      Map.entry("ko", "kor"), Map.entry("nl", "nld"), Map.entry("pl", "pol"), Map.entry("pt", "por"),
      Map.entry("ro", "ron"), Map.entry("ru", "rus"), Map.entry("sv", "swe"), Map.entry("tr", "tur"),
      Map.entry("uk", "ukr"), Map.entry("vi", "vie"), Map.entry("zh", "zho"));

  /**
   * Gold macrolanguage code to the codes accepted for it: the macrolanguage itself and the
   * individual language the corpus texts are written in (Mandarin, Iranian Persian, Standard
   * Arabic).
   */
  public static final Map<String, Set<String>> EQUIVALENT = Map.of(
      "zho", Set.of("zho", "cmn"),
      "fas", Set.of("fas", "pes"),
      "ara", Set.of("ara", "arb"));

  /** True when {@code predicted} names the gold language (exactly, or by {@link #EQUIVALENT}). */
  public static boolean matches(String gold, String predicted) {
    if (gold.equals(predicted)) {
      return true;
    }
    Set<String> eq = EQUIVALENT.get(gold);
    return eq != null && eq.contains(predicted);
  }

  /** ISO 639-3 code of a corpus file code, or an IllegalArgumentException naming the known ones. */
  public static String iso639_3(String iso639_1) {
    String c = ISO_639_1_TO_3.get(iso639_1);
    if (c == null) {
      throw new IllegalArgumentException("unknown ISO 639-1 code '" + iso639_1 + "'; the corpus has "
          + new java.util.TreeSet<>(ISO_639_1_TO_3.keySet()));
    }
    return c;
  }
}
